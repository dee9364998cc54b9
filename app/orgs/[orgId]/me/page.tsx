import type { Metadata } from 'next';
import Link from 'next/link';
import { MyHistoryChart } from '@/components/charts/my-history-chart';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getCheckInState, getMyHistory } from '@/lib/server/checkins';

export const metadata: Metadata = { title: 'My check-ins' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function MyHomePage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'staff');
  const db = getDb();
  const [state, history] = await Promise.all([getCheckInState(db, member), getMyHistory(db, member)]);
  const latest = history[history.length - 1];
  return (
    <>
      <h1>My check-ins</h1>
      <p className="lede">Your answers and scores are private to you. {member.orgName} sees only anonymized group totals.</p>

      {state.kind === 'open' ? (
        <div className="card">
          <h2>A check-in is open</h2>
          <p>It is open until {dateFormat.format(new Date(state.form.closesAt))} and takes about 10 minutes.</p>
          <Link className="button" href={`/orgs/${orgId}/checkin`}>
            Start your check-in
          </Link>
        </div>
      ) : state.kind === 'done' ? (
        <div className="card">
          <p>You have checked in for the current cycle. Thank you.</p>
        </div>
      ) : (
        <div className="card empty">No check-in is open right now. When your agency opens one, it appears here.</div>
      )}

      <h2>Your results over time</h2>
      <MyHistoryChart points={history} />

      {history.length ? (
        <>
          <h2>Past check-ins</h2>
          <ul>
            {[...history].reverse().map((p) => (
              <li key={p.cycleId}>
                <Link href={`/orgs/${orgId}/me/cycles/${p.cycleId}`}>
                  Check-in of {dateFormat.format(new Date(p.cycleDate))}
                  {latest?.cycleId === p.cycleId ? ' (latest)' : ''}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <p className="small">
        <Link href={`/orgs/${orgId}/me/privacy`}>Your data and privacy: delete your check-ins</Link>
      </p>
    </>
  );
}
