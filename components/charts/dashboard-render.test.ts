import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HeatmapTable } from '@/components/tables/heatmap-table';
import { COMPLEMENTARY_REASON, fewerThanKReason } from '@/lib/privacy/suppression';
import type { HeatmapCell, LevelBarsRow, TrendChartProps } from './dashboard-types';
import { LevelBars } from './level-bars';
import { summarizeLevelBars } from './level-bars-model';
import { TrendChart } from './trend-chart';
import { summarizeTrend } from './trend-model';

/**
 * Server renders of the three dashboard components (react-dom/server, no DOM needed): the
 * markup a screen reader and the e2e tests meet before any script runs. Canvas drawing is
 * not covered here; the pure models behind it are tested in the *-model tests.
 */

const decode = (html: string) =>
  html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

const trendProps: TrendChartProps = {
  measure: 'bo',
  title: 'Burnout (10–50)',
  range: { min: 10, max: 50 },
  cutPoints: { lowMax: 22, highMin: 42 },
  series: [
    {
      groupId: 'org',
      label: 'Whole agency',
      points: [
        { cycleId: 'c1', date: '2026-02-02T00:00:00.000Z', mean: 24.1, ci95: [22.6, 25.6], n: 48, suppressed: null },
        { cycleId: 'c2', date: '2026-05-04T00:00:00.000Z', mean: 22.4, ci95: [21.0, 23.8], n: 52, suppressed: null },
      ],
    },
    {
      groupId: 't1',
      label: 'Outreach',
      points: [
        { cycleId: 'c1', date: '2026-02-02T00:00:00.000Z', mean: 25, ci95: [21, 29], n: 6, suppressed: null },
        { cycleId: 'c2', date: '2026-05-04T00:00:00.000Z', mean: null, ci95: null, n: null, suppressed: fewerThanKReason(5) },
      ],
    },
  ],
  markers: [{ date: '2026-03-15T00:00:00.000Z', label: 'Peer supervision' }],
};

describe('TrendChart (server render)', () => {
  const html = renderToStaticMarkup(createElement(TrendChart, trendProps));

  it('labels the canvas as an image with the summary sentence', () => {
    const label = decode(/<canvas[^>]*aria-label="([^"]*)"/.exec(html)?.[1] ?? '');
    expect(html).toMatch(/<canvas[^>]*role="img"/);
    expect(label).toBe(summarizeTrend(trendProps));
  });

  it('offers a table behind a summary that starts with "Show" and ends with "as a table"', () => {
    const summary = decode(/<summary>(.*?)<\/summary>/.exec(html)?.[1] ?? '');
    expect(summary).toBe('Show "Burnout (10–50)" as a table');
    expect(html).toMatch(/<caption[^>]*>Burnout \(10–50\): mean per cycle/);
    expect(html).toContain('<th scope="colgroup" colSpan="3">Whole agency</th>');
    expect(html).toContain('<th scope="colgroup" colSpan="3">Outreach</th>');
    expect(html.match(/<th scope="row"/g)).toHaveLength(2);
  });

  it('gives every number, the reason for a hidden cell, and the markers in the table view', () => {
    const body = text(/<details[\s\S]*<\/details>/.exec(html)![0]);
    expect(body).toContain('May 4, 2026 22.4 21.0 to 23.8 52 Hidden: fewer than 5 responses');
    expect(body).toContain('Peer supervision, started Mar 15, 2026');
  });

  it('shows an empty state with no cycles', () => {
    const empty = renderToStaticMarkup(createElement(TrendChart, { ...trendProps, series: [] }));
    expect(text(empty)).toContain('No closed cycles yet. Results appear when the first cycle closes.');
    expect(empty).not.toContain('<canvas');
  });
});

describe('LevelBars (server render)', () => {
  const rows: LevelBarsRow[] = [
    { measure: 'bo', label: 'Burnout', n: 52, levelCounts: { low: 21, moderate: 25, high: 6 }, suppressed: null },
    { measure: 'vr', label: 'Vicarious resilience', n: null, levelCounts: null, suppressed: COMPLEMENTARY_REASON },
  ];
  const html = renderToStaticMarkup(createElement(LevelBars, { rows, title: 'Whole agency, latest cycle' }));

  it('labels the canvas and says which end of each measure is concerning', () => {
    expect(decode(/<canvas[^>]*aria-label="([^"]*)"/.exec(html)?.[1] ?? '')).toBe(
      summarizeLevelBars('Whole agency, latest cycle', rows),
    );
    expect(text(html)).toContain('For burnout and secondary traumatic stress, high is the concerning end');
  });

  it('gives counts, percentages and n in the table, and the reason for a hidden row', () => {
    expect(decode(/<summary>(.*?)<\/summary>/.exec(html)?.[1] ?? '')).toBe('Show "Whole agency, latest cycle" as a table');
    const body = text(/<tbody>[\s\S]*<\/tbody>/.exec(html)![0]);
    expect(body).toContain('Burnout 52 21 (40%) 25 (48%) 6 (12%)');
    expect(body).toContain('Vicarious resilience Hidden so that a small group cannot be worked out from the total');
  });
});

describe('HeatmapTable (server render)', () => {
  const c = (mean: number | null, extra: Partial<HeatmapCell> = {}): HeatmapCell => ({
    mean,
    ci95: mean === null ? null : [mean - 1.4, mean + 1.4],
    n: mean === null ? null : 52,
    level: mean === null ? null : 'moderate',
    suppressed: mean === null ? fewerThanKReason(5) : null,
    change: null,
    ...extra,
  });
  const html = renderToStaticMarkup(
    createElement(HeatmapTable, {
      k: 5,
      measureLabels: { cs: 'Compassion satisfaction', bo: 'Burnout', sts: 'Secondary traumatic stress', vr: 'Vicarious resilience' },
      rows: [
        { groupId: 't1', groupName: 'Outreach', href: '/orgs/o/teams/t1', cells: { cs: c(null), bo: c(24.2), sts: c(30), vr: c(20) } },
        {
          groupId: 'org',
          groupName: 'Whole agency',
          href: null,
          cells: {
            cs: c(37.9),
            bo: c(22.4, { level: 'low', change: { direction: 'increase', difference: 2.1, ci95: [0.9, 3.3], nPairs: 48, qValue: 0.01 } }),
            sts: c(30.2),
            vr: c(null, { n: 0, suppressed: null }),
          },
        },
      ],
    }),
  );

  it('puts the agency row first and links team names', () => {
    const rowHeaders = [...html.matchAll(/<th scope="row">(.*?)<\/th>/g)].map((m) => m[1]);
    expect(rowHeaders).toEqual(['Whole agency', '<a href="/orgs/o/teams/t1">Outreach</a>']);
  });

  it('has a sort button in each column header and no aria-sort until sorted', () => {
    expect(html.match(/<th scope="col"><button type="button"/g)).toHaveLength(5);
    expect(html).not.toContain('aria-sort');
    expect(text(/<caption[\s\S]*<\/caption>/.exec(html)![0])).toContain('Groups with fewer than 5 responses are hidden');
  });

  it('writes the level, CI, n and change in words, colours by level, and says why a cell is hidden', () => {
    const body = text(/<tbody>[\s\S]*<\/tbody>/.exec(html)![0]);
    expect(body).toContain('22.4 Low 95% CI 21.0 to 23.8, n 52');
    expect(body).toContain('▲ +2.1 since last cycle among the 48 who answered both (95% CI 0.9 to 3.3)');
    expect(body).toContain('Up 2.1 since last cycle among the 48 people who answered both (95% CI 0.9 to 3.3)');
    expect(body).toContain('Hidden: fewer than 5 responses');
    expect(body).toContain('No responses');
    expect(html).toContain('background:var(--level-low)');
    expect(html).toContain('background:var(--suppressed)');
  });

  it('shows an empty state with no rows', () => {
    const empty = renderToStaticMarkup(
      createElement(HeatmapTable, { rows: [], k: 5, measureLabels: { cs: 'CS', bo: 'BO', sts: 'STS', vr: 'VR' } }),
    );
    expect(text(empty)).toContain('No results for the latest cycle yet.');
  });
});
