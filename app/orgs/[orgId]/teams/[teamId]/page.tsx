import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TrendChart } from '@/components/charts/trend-chart';
import { getDb } from '@/db/client';
import { isUuid } from '@/lib/auth/authorize';
import { requireOrgRole } from '@/lib/auth/require';
import { MEASURE_ORDER, trendChartProps, type ViewCell } from '@/lib/dashboard/view';
import { listActionMarkers } from '@/lib/server/actions-plan';
import { getPublishedCells, listTeamRefs } from '@/lib/server/dashboard';

export const metadata: Metadata = { title: 'Team trends' };

export default async function TeamPage({ params }: { params: Promise<{ orgId: string; teamId: string }> }) {
  const { orgId, teamId } = await params;
  const member = await requireOrgRole(orgId, 'director');
  if (!isUuid(teamId)) notFound();
  const db = getDb();
  const teams = await listTeamRefs(db, member.orgId);
  const team = teams.find((t) => t.id === teamId);
  if (!team) notFound();
  const [cells, markers] = await Promise.all([
    getPublishedCells(db, member.orgId, { groupIds: ['org', teamId] }, { teams }),
    listActionMarkers(db, member.orgId),
  ]);
  const teamCells = cells.filter((c) => c.group === teamId);
  const allHidden = teamCells.length > 0 && teamCells.every((c) => c.suppressed);
  return (
    <>
      <p className="small">
        <Link href={`/orgs/${orgId}/dashboard`}>← Dashboard</Link>
      </p>
      <h1>{team.name}: trends</h1>
      <p className="lede">
        The team&apos;s published means with 95% confidence bands, beside the whole agency. Cycles where the team had too few
        responses are hidden and left as gaps.
      </p>
      {teamCells.length === 0 ? (
        <div className="card empty">No closed cycles include this team yet. Results appear when a cycle closes.</div>
      ) : (
        <>
          {allHidden ? (
            <p className="alert info">
              Every cycle is hidden for this team: it has had fewer responses than your agency&apos;s minimum group size, or hiding
              it was needed to protect a smaller team. Its responses still count in the agency totals.
            </p>
          ) : null}
          <div className="grid wide">
            {MEASURE_ORDER.map((m) => (
              <div className="card" key={m}>
                <TrendChart
                  {...trendChartProps(cells as ViewCell[], m, [teamId, 'org'], markers.filter((mk) => !mk.measure || mk.measure === m))}
                />
              </div>
            ))}
          </div>
        </>
      )}
    </>
  );
}
