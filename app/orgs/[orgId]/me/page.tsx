import type { Metadata } from 'next';
import Link from 'next/link';
import { MyHistoryChart } from '@/components/charts/my-history-chart';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getCheckInState, getMyHistory, getMyMeasures } from '@/lib/server/checkins';
import { getAgencyResultsForStaff } from '@/lib/server/dashboard';
import { formatCi, formatFixed } from '@/lib/stats/format';

export const metadata: Metadata = { title: 'My check-ins' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function MyHomePage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'staff');
  const db = getDb();
  const [state, history, agency] = await Promise.all([
    getCheckInState(db, member),
    getMyHistory(db, member),
    getAgencyResultsForStaff(db, member),
  ]);
  const latest = history[history.length - 1];
  const measures = await getMyMeasures(db, member, history);
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
      <MyHistoryChart points={history} measures={measures.latest} vrMeasures={measures.vr} />

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

      {agency ? (
        <section className="card" aria-labelledby="agency-heading">
          <h2 id="agency-heading">Agency-wide results</h2>
          <p className="small muted">
            Published averages for the whole agency, cycle of {dateFormat.format(new Date(agency.cycleDate))}. These are group
            results; they never include team or individual results.
          </p>
          <ul>
            {agency.cells.map((c) => (
              <li key={c.measure}>
                {c.label}:{' '}
                {c.suppressed
                  ? `hidden (${c.suppressed})`
                  : c.mean !== null && c.ci95
                    ? `${formatFixed(c.mean)} (95% CI ${formatCi(c.ci95[0], c.ci95[1])}, n = ${c.n})`
                    : 'no responses'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <p className="small">
        <Link href={`/orgs/${orgId}/me/privacy`}>Your data and privacy: delete your check-ins</Link>
      </p>
    </>
  );
}
