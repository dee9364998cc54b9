'use client';

/** The shared error boundary for route segments. */
export default function RouteError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="narrow" role="alert">
      <h1>Something went wrong</h1>
      <p>We could not load this page. Please try again; if it keeps happening, tell your agency admin.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
