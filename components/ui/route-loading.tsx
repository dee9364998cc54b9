/** The shared loading state for route segments. */
export default function RouteLoading() {
  return (
    <div className="narrow" role="status" aria-live="polite">
      <p className="muted">Loading…</p>
    </div>
  );
}
