import { describe, expect, it } from 'vitest';
import { COMPLEMENTARY_REASON, fewerThanKReason } from '@/lib/privacy/suppression';
import type { TrendPoint, TrendSeries } from './dashboard-types';
import {
  TREND_SERIES_STYLES,
  alignSeries,
  buildCycleAxis,
  chartSubject,
  cycleTickLabels,
  fitMarkerLabel,
  formatCiRange,
  isolatedIntervals,
  notShownText,
  numberMarkers,
  seriesPointText,
  seriesValues,
  summarizeTrend,
  trendSeriesStyle,
  xBounds,
} from './trend-model';

const DAY = 86_400_000;

const shown = (cycleId: string, date: string, mean: number, ci95: [number, number], n: number): TrendPoint => ({
  cycleId,
  date,
  mean,
  ci95,
  n,
  suppressed: null,
});
const hidden = (cycleId: string, date: string, reason = fewerThanKReason(5)): TrendPoint => ({
  cycleId,
  date,
  mean: null,
  ci95: null,
  n: null,
  suppressed: reason,
});
const empty = (cycleId: string, date: string): TrendPoint => ({ cycleId, date, mean: null, ci95: null, n: 0, suppressed: null });

const FEB = '2026-02-02T00:00:00.000Z';
const MAY = '2026-05-04T00:00:00.000Z';
const NOV = '2026-11-02T00:00:00.000Z';

const agency: TrendSeries = {
  groupId: 'org',
  label: 'Whole agency',
  points: [shown('c1', FEB, 24.1, [22.6, 25.6], 48), shown('c2', MAY, 23.0, [21.5, 24.5], 50), shown('c3', NOV, 22.4, [21.0, 23.8], 52)],
};
const outreach: TrendSeries = {
  groupId: 't1',
  label: 'Outreach',
  points: [shown('c1', FEB, 25.0, [21.0, 29.0], 6), hidden('c2', MAY), hidden('c3', NOV, COMPLEMENTARY_REASON)],
};
/** A team set up before the last cycle, where nobody answered. */
const shelter: TrendSeries = { groupId: 't2', label: 'Shelter', points: [empty('c3', NOV)] };

describe('buildCycleAxis', () => {
  it('takes the union of every series\' cycles in date order, without mutating the input', () => {
    const input = Object.freeze([Object.freeze({ ...shelter }), Object.freeze({ ...agency, points: [...agency.points].reverse() })]);
    const axis = buildCycleAxis(input);
    expect(axis.map((s) => s.cycleId)).toEqual(['c1', 'c2', 'c3']);
    expect(axis[0]).toEqual({ cycleId: 'c1', date: FEB, time: Date.UTC(2026, 1, 2) });
    expect(input[1].points[0].cycleId).toBe('c3');
  });

  it('is empty for no series, and names itself on an unreadable date', () => {
    expect(buildCycleAxis([])).toEqual([]);
    expect(() => buildCycleAxis([{ groupId: 'org', label: 'A', points: [empty('c1', 'not a date')] }])).toThrow(
      /buildCycleAxis: cycle c1/,
    );
  });
});

describe('alignSeries and seriesValues', () => {
  it('puts every series on the shared axis, with null where a group has no cell', () => {
    const axis = buildCycleAxis([agency, shelter]);
    const aligned = alignSeries([agency, shelter], axis);
    expect(aligned[1]).toEqual([null, null, shelter.points[0]]);
  });

  it('turns every point that is not shown into a gap in the mean and both bounds', () => {
    const axis = buildCycleAxis([agency, outreach, shelter]);
    const [a, o, s] = alignSeries([agency, outreach, shelter], axis).map(seriesValues);
    expect(a).toEqual({ mean: [24.1, 23.0, 22.4], lower: [22.6, 21.5, 21.0], upper: [25.6, 24.5, 23.8] });
    expect(o).toEqual({ mean: [25.0, null, null], lower: [21.0, null, null], upper: [29.0, null, null] });
    expect(s).toEqual({ mean: [null, null, null], lower: [null, null, null], upper: [null, null, null] });
  });
});

describe('isolatedIntervals', () => {
  it('finds shown means with no shown neighbour (a band there would have no width)', () => {
    expect(isolatedIntervals({ mean: [1, null, 3, 4, null, 6], lower: [0, null, 2, 3, null, 5], upper: [2, null, 4, 5, null, 7] })).toEqual([
      0, 5,
    ]);
    expect(isolatedIntervals({ mean: [1], lower: [0], upper: [2] })).toEqual([0]);
    // No interval, nothing to draw.
    expect(isolatedIntervals({ mean: [1], lower: [null], upper: [null] })).toEqual([]);
  });
});

describe('numberMarkers', () => {
  it('numbers markers from 1 in date order and leaves out unreadable dates', () => {
    const markers = numberMarkers([
      { date: '2026-03-15', label: 'Peer supervision' },
      { date: 'someday', label: 'Unscheduled' },
      { date: '2026-01-10', label: 'Wellbeing day' },
    ]);
    expect(markers.map((m) => [m.number, m.label])).toEqual([
      [1, 'Wellbeing day'],
      [2, 'Peer supervision'],
    ]);
    expect(markers[0].time).toBe(Date.UTC(2026, 0, 10));
  });
});

describe('xBounds', () => {
  it('spans cycles and markers, padded by 4% of the span', () => {
    const axis = buildCycleAxis([agency]);
    const late = numberMarkers([{ date: '2027-01-01T00:00:00.000Z', label: 'Later action' }]);
    const span = Date.UTC(2027, 0, 1) - Date.UTC(2026, 1, 2);
    expect(xBounds(axis, late)).toEqual({ min: Date.UTC(2026, 1, 2) - span * 0.04, max: Date.UTC(2027, 0, 1) + span * 0.04 });
  });

  it('pads a single cycle by 10 days each side, and is null with nothing to show', () => {
    const axis = buildCycleAxis([shelter]);
    expect(xBounds(axis, [])).toEqual({ min: Date.UTC(2026, 10, 2) - 10 * DAY, max: Date.UTC(2026, 10, 2) + 10 * DAY });
    expect(xBounds([], [])).toBeNull();
  });
});

describe('cycleTickLabels', () => {
  it('uses month and year in one style; a second cycle in the same month is left unlabelled', () => {
    expect(cycleTickLabels(buildCycleAxis([agency]))).toEqual(['Feb 2026', 'May 2026', 'Nov 2026']);
    const twoInMay = buildCycleAxis([{ groupId: 'org', label: 'A', points: [empty('a', FEB), empty('b', MAY), empty('c', '2026-05-25')] }]);
    expect(cycleTickLabels(twoInMay)).toEqual(['Feb 2026', 'May 2026', '']);
  });
});

describe('fitMarkerLabel', () => {
  const sixPx = (text: string) => [...text].length * 6;

  it('keeps the whole label when it fits', () => {
    expect(fitMarkerLabel(1, 'Peer supervision', 200, sixPx)).toBe('1 Peer supervision');
  });

  it('shortens with an ellipsis, dropping trailing spaces, and always keeps the number', () => {
    // "1 Peer …" is 8 characters = 48 px; "1 Peer s…" would be 54 px.
    expect(fitMarkerLabel(1, 'Peer supervision', 50, sixPx)).toBe('1 Peer…');
    expect(fitMarkerLabel(1, 'Peer supervision', 54, sixPx)).toBe('1 Peer s…');
    expect(fitMarkerLabel(12, 'Peer supervision', 10, sixPx)).toBe('12');
  });
});

describe('point wording', () => {
  it('says what each series shows at a cycle, or why it does not', () => {
    expect(seriesPointText('Whole agency', agency.points[2])).toBe('Whole agency: 22.4 (95% CI 21.0 to 23.8, n 52)');
    expect(seriesPointText('Outreach', outreach.points[1])).toBe('Outreach: hidden, fewer than 5 responses');
    expect(seriesPointText('Outreach', outreach.points[2])).toBe(
      'Outreach: hidden so that a small group cannot be worked out from the total',
    );
    expect(seriesPointText('Shelter', shelter.points[0])).toBe('Shelter: no responses');
    expect(seriesPointText('Shelter', null)).toBe('Shelter: no result this cycle');
    expect(notShownText(outreach.points[1])).toBe('Hidden: fewer than 5 responses');
    expect(notShownText(null)).toBe('No result this cycle');
    expect(formatCiRange([21, 23.8])).toBe('21.0 to 23.8');
    expect(formatCiRange(null)).toBe('–');
  });

  it('drops the range from the title', () => {
    expect(chartSubject('Burnout (10–50)')).toBe('Burnout');
    expect(chartSubject('Burnout')).toBe('Burnout');
  });
});

describe('summarizeTrend', () => {
  it('gives each series\' latest shown mean with CI and n, hidden cells with their reason, and the markers', () => {
    // Worked by hand from the fixtures above.
    expect(
      summarizeTrend({
        title: 'Burnout (10–50)',
        series: [agency, outreach, shelter],
        markers: [
          { date: '2026-03-15', label: 'Peer supervision' },
          { date: '2026-01-10', label: 'Wellbeing day' },
        ],
      }),
    ).toBe(
      'Burnout: mean score per cycle, 3 cycles from Feb 2026 to Nov 2026. ' +
        'Whole agency: 22.4 in Nov 2026 (95% CI 21.0 to 23.8, n 52), compared with 24.1 in Feb 2026. ' +
        'Outreach: hidden in Nov 2026 (so that a small group cannot be worked out from the total); ' +
        'last shown 25.0 in Feb 2026 (95% CI 21.0 to 29.0, n 6). ' +
        'Shelter: no results shown (no responses). ' +
        'Actions marked: 1, Wellbeing day, started Jan 2026; 2, Peer supervision, started Mar 2026. ' +
        'Every number is in the table below.',
    );
  });

  it('handles one cycle, a latest cycle the group was not part of, and no cycles at all', () => {
    expect(summarizeTrend({ title: 'Burnout (10–50)', series: [shelter], markers: [] })).toBe(
      'Burnout: mean score per cycle, 1 cycle, Nov 2026. Shelter: no results shown (no responses). Every number is in the table below.',
    );
    const formerTeam: TrendSeries = { groupId: 't3', label: 'Former team', points: [shown('c1', FEB, 30, [28, 32], 7)] };
    expect(summarizeTrend({ title: 'Burnout (10–50)', series: [agency, formerTeam], markers: [] })).toContain(
      'Former team: no result in Nov 2026; last shown 30.0 in Feb 2026 (95% CI 28.0 to 32.0, n 7).',
    );
    expect(summarizeTrend({ title: 'Burnout (10–50)', series: [], markers: [] })).toBe('Burnout: no closed cycles yet.');
  });
});

describe('series styles', () => {
  it('differ by colour, dash and point shape together, and repeat after eight', () => {
    const n = TREND_SERIES_STYLES.length;
    expect(n).toBe(8);
    expect(new Set(TREND_SERIES_STYLES.map((s) => s.color)).size).toBe(n);
    expect(new Set(TREND_SERIES_STYLES.map((s) => s.svgDash)).size).toBe(n);
    expect(new Set(TREND_SERIES_STYLES.map((s) => s.pointStyle)).size).toBe(n);
    expect(trendSeriesStyle(n)).toBe(trendSeriesStyle(0));
  });

  it('draws the agency (first series) thicker than the teams', () => {
    expect(trendSeriesStyle(0).lineWidth).toBeGreaterThan(trendSeriesStyle(1).lineWidth);
    expect(trendSeriesStyle(0).bandColor).toBe('rgba(15, 92, 90, 0.14)');
  });
});
