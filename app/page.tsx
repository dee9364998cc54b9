import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSessionUserId } from '@/lib/auth/session';

export default async function Home() {
  if (await getSessionUserId()) redirect('/orgs');
  return (
    <main id="main" className="narrow">
      <h1>Sustain</h1>
      <p className="lede">
        Short, confidential check-ins on compassion satisfaction, burnout, secondary traumatic stress and vicarious resilience for
        people who serve survivors of human trafficking, and anonymized team-level insight for the program directors who support
        them.
      </p>
      <div className="actions">
        <Link className="button" href="/login">
          Sign in
        </Link>
        <Link className="button secondary" href="/signup">
          Create an agency
        </Link>
      </div>
    </main>
  );
}
