import type { Metadata } from 'next';
import Link from 'next/link';
import { LevelBars } from '@/components/charts/level-bars';
import { TrendChart } from '@/components/charts/trend-chart';
import { HeatmapTable } from '@/components/tables/heatmap-table';
import { MeasureCards } from '@/components/ui/measure-cards';
import { ParticipationTable } from '@/components/ui/participation-table';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { MEASURE_ORDER, MEASURE_TITLES, heatmapRows, levelBarsRows, trendChartProps } from '@/lib/dashboard/view';
import { getDashboard } from '@/lib/server/dashboard';
import { getLatestPillarAlphas, getPublishedPillarCells, getPublishedPillarChanges } from '@/lib/server/pillars';
import { buildPillarProfile, pillarHeatmap } from '@/lib/dashboard/pillars';
import { PillarProfileSection } from '@/components/dashboard/pillar-profile';
import { listActionMarkers } from '@/lib/server/actions-plan';

export const metadata: Metadata = { title: 'Dashboard' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{ teams?: string }>;
}) {
  const [{ orgId }, { teams: showTeamsParam }] = await Promise.all([params, searchParams]);
  const member = await requireOrgRole(orgId, 'director');
  const db = getDb();
  const [data, markers, pillarCells, pillarChanges, alphas] = await Promise.all([
    getDashboard(db, member),
    listActionMarkers(db, member.orgId),
    getPublishedPillarCells(db, member),
    getPublishedPillarChanges(db, member),
    getLatestPillarAlphas(db, member),
  ]);
  const pillarProfile = buildPillarProfile(pillarCells, pillarChanges);
  const showTeams = showTeamsParam === '1';
  const latestCells = data.latest?.cells ?? [];
  const orgLatest = latestCells.filter((c) => c.group === 'org');
  const teamIdsWithCells = [...new Set(data.trend.filter((c) => c.group !== 'org').map((c) => c.group))];

  return (
    <>
      <h1>{data.orgName}: team wellbeing</h1>
      <p className="lede">
        Anonymized results for groups of at least {data.k} people. Individual answers are never shown. Results for a cycle are
        published when it closes.
      </p>

      {data.openCycle ? (
        <section className="card" aria-labelledby="open-heading">
          <h2 id="open-heading">Check-in open until {dateFormat.format(new Date(data.openCycle.closesAt))}</h2>
          <p>While a cycle is open you see participation only. Scores are published when it closes.</p>
          <ParticipationTable rows={data.openCycle.participation} caption="Participation in the open cycle" />
        </section>
      ) : null}

      {!data.latest ? (
        <div className="card empty">
          No closed cycles yet. Results appear when the first cycle closes.{' '}
          <Link href={`/orgs/${orgId}/cycles`}>Manage check-in cycles</Link>.
        </div>
      ) : (
        <>
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">Latest results: cycle of {dateFormat.format(new Date(data.latest.cycle.opensAt))}</h2>
            <MeasureCards specs={data.measures} cells={orgLatest} changes={data.latest.changes} group="org" />
          </section>

          <section aria-labelledby="levels-heading">
            <h2 id="levels-heading">How many people are at each level</h2>
            <LevelBars rows={levelBarsRows(orgLatest)} title="Level distribution, whole agency, latest cycle" />
          </section>

          <section aria-labelledby="heatmap-heading">
            <h2 id="heatmap-heading">Teams at a glance</h2>
            <HeatmapTable
              rows={heatmapRows(latestCells, data.latest.changes, (g) => (g === 'org' ? null : `/orgs/${orgId}/teams/${g}`))}
              measureLabels={MEASURE_TITLES}
              k={data.k}
              pillars={pillarHeatmap(pillarProfile)}
            />
          </section>

          {pillarProfile ? (
            <PillarProfileSection profile={pillarProfile} dateLabel={dateFormat.format(new Date(pillarProfile.cycleDate))} alphas={alphas} />
          ) : null}

          <section aria-labelledby="participation-heading">
            <h2 id="participation-heading">Participation in the latest cycle</h2>
            <ParticipationTable rows={data.latest.participation} caption="Participation per team, latest closed cycle" />
          </section>

          <section aria-labelledby="trends-heading">
            <h2 id="trends-heading">Trends over cycles</h2>
            <p>
              Lines show the mean with a shaded 95% confidence band. {markers.length ? 'Vertical markers show when actions started. ' : ''}
              {showTeams ? (
                <Link href={`/orgs/${orgId}/dashboard`}>Show the agency only</Link>
              ) : (
                <Link href={`/orgs/${orgId}/dashboard?teams=1`}>Show teams too</Link>
              )}
            </p>
            <div className="grid wide">
              {MEASURE_ORDER.map((m) => (
                <div className="card" key={m}>
                  <TrendChart
                    {...trendChartProps(data.trend, data.measures[m], showTeams ? ['org', ...teamIdsWithCells] : ['org'], markers.filter((mk) => !mk.measure || mk.measure === m))}
                  />
                </div>
              ))}
            </div>
          </section>

          <section aria-labelledby="export-heading">
            <h2 id="export-heading">Export</h2>
            <p>
              <a href={`/api/v1/orgs/${orgId}/aggregates?by=team&format=csv`} download>
                Download team results (CSV)
              </a>{' '}
              ·{' '}
              <a href={`/api/v1/orgs/${orgId}/aggregates?by=org&format=csv`} download>
                Download agency results (CSV)
              </a>
              . Exports hold the same suppressed group results as this page, never individual answers.
            </p>
          </section>
        </>
      )}
    </>
  );
}
