import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TrendChart } from '@/components/charts/trend-chart';
import { MeasureCards } from '@/components/ui/measure-cards';
import { ParticipationTable } from '@/components/ui/participation-table';
import { getDb } from '@/db/client';
import { isUuid } from '@/lib/auth/authorize';
import { requireOrgRole } from '@/lib/auth/require';
import { MEASURE_ORDER, trendChartProps } from '@/lib/dashboard/view';
import { listActionMarkers } from '@/lib/server/actions-plan';
import { getDashboard } from '@/lib/server/dashboard';

export const metadata: Metadata = { title: 'Team results' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * One team: its latest published numbers with CIs and n, its participation (live while a
 * cycle is open, as published after), and its trends beside the agency. Every number is
 * the dashboard's own suppressed DTO, filtered to this team and the agency.
 */
export default async function TeamPage({ params }: { params: Promise<{ orgId: string; teamId: string }> }) {
  const { orgId, teamId } = await params;
  const member = await requireOrgRole(orgId, 'director');
  if (!isUuid(teamId)) notFound();
  const db = getDb();
  const [data, markers] = await Promise.all([getDashboard(db, member), listActionMarkers(db, member.orgId)]);
  const team = data.teams.find((t) => t.id === teamId);
  if (!team) notFound();
  const mine = (c: { group: string }) => c.group === teamId || c.group === 'org';
  const trend = data.trend.filter(mine);
  const teamCells = trend.filter((c) => c.group === teamId);
  const latestTeam = (data.latest?.cells ?? []).filter((c) => c.group === teamId);
  const allHidden = teamCells.length > 0 && teamCells.every((c) => c.suppressed);
  const openParticipation = data.openCycle?.participation.filter(mine) ?? [];
  const latestParticipation = data.latest?.participation.filter(mine) ?? [];
  return (
    <>
      <p className="small">
        <Link href={`/orgs/${orgId}/dashboard`}>← Dashboard</Link>
      </p>
      <h1>{team.name}: trends and latest results</h1>
      <p className="lede">
        The team&apos;s published results, beside the whole agency. Results are shown only for cycles where at least {data.k} of
        the team&apos;s staff checked in; other cycles are hidden and left as gaps.
      </p>

      {data.openCycle ? (
        <section className="card" aria-labelledby="team-open-heading">
          <h2 id="team-open-heading">Check-in open until {dateFormat.format(new Date(data.openCycle.closesAt))}</h2>
          <p className="small">Participation only while the cycle is open; results are published when it closes.</p>
          <ParticipationTable rows={openParticipation} caption={`Participation of ${team.name} in the open cycle`} />
        </section>
      ) : null}

      {!data.latest || teamCells.length === 0 ? (
        <div className="card empty">No closed cycles include this team yet. Results appear when a cycle closes.</div>
      ) : (
        <>
          {allHidden ? (
            <p className="alert info">
              Every cycle is hidden for this team: it has had fewer responses than your agency&apos;s minimum group size, or hiding
              it was needed to protect a smaller team. Its responses still count in the agency totals.
            </p>
          ) : null}
          <section aria-labelledby="team-latest-heading">
            <h2 id="team-latest-heading">Latest results: cycle of {dateFormat.format(new Date(data.latest.cycle.opensAt))}</h2>
            <MeasureCards specs={data.measures} cells={latestTeam} changes={data.latest.changes} group={teamId} />
          </section>

          <section aria-labelledby="team-participation-heading">
            <h2 id="team-participation-heading">Participation in the latest cycle</h2>
            <ParticipationTable rows={latestParticipation} caption={`Participation of ${team.name} and the agency, latest closed cycle`} />
          </section>

          <section aria-labelledby="team-trends-heading">
            <h2 id="team-trends-heading">Trends over cycles</h2>
            <p className="small">
              Lines show the mean with a shaded 95% confidence band, for the team and the whole agency.
              {markers.length ? ' Vertical markers show when actions started.' : ''}
            </p>
            <div className="grid wide">
              {MEASURE_ORDER.map((m) => (
                <div className="card" key={m}>
                  <TrendChart {...trendChartProps(trend, data.measures[m], [teamId, 'org'], markers.filter((mk) => !mk.measure || mk.measure === m))} />
                </div>
              ))}
            </div>
          </section>
        </>
      )}
    </>
  );
}
