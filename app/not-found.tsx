import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="narrow">
      <h1>Page not found</h1>
      <p>This page does not exist, or you do not have access to it.</p>
      <p>
        <Link href="/orgs">Go to your agencies</Link>
      </p>
    </main>
  );
}
