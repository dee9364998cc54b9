import {
  cellStatus,
  compareIsoDates,
  describeCell,
  formatMean,
  formatMonthYear,
  formatUncertainty,
  hiddenClause,
  reasonAfterHidden,
} from './dashboard-model';
import type { TrendChartProps, TrendMarker, TrendPoint, TrendSeries } from './dashboard-types';

/**
 * Pure helpers for the dashboard's trend chart (trend-chart.tsx): the shared cycle axis,
 * series styles, chart values, and the sentences for tooltips, the canvas's aria-label and
 * the table. Tested in trend-model.test.ts.
 */

/** One closed cycle on the x axis. `time` is the cycle's opening date in ms since the epoch. */
export interface CycleSlot {
  cycleId: string;
  date: string;
  time: number;
}

/**
 * The union of every series' cycles, oldest first, so each series can be laid on the same
 * x positions (a team set up later simply has no point for the early cycles).
 * Throws when a date cannot be read: the server sends ISO dates, so that is a bug, and a
 * point without a place on the axis must not be dropped silently. Cost: O(p log p) for p points.
 *
 * @example buildCycleAxis([{ groupId: 'org', label: 'Whole agency', points: [p('c2', '2026-05-01'), p('c1', '2026-02-01')] }])
 *   // [{ cycleId: 'c1', date: '2026-02-01', time: 1769904000000 }, { cycleId: 'c2', … }]
 */
export function buildCycleAxis(series: readonly TrendSeries[]): CycleSlot[] {
  const byId = new Map<string, CycleSlot>();
  for (const s of series) {
    for (const p of s.points) {
      if (byId.has(p.cycleId)) continue;
      const time = Date.parse(p.date);
      if (Number.isNaN(time)) throw new RangeError(`buildCycleAxis: cycle ${p.cycleId} has an unreadable date "${p.date}"`);
      byId.set(p.cycleId, { cycleId: p.cycleId, date: p.date, time });
    }
  }
  return [...byId.values()].sort((a, b) => a.time - b.time || a.cycleId.localeCompare(b.cycleId));
}

/** Each series' points on the shared axis: one entry per slot, null where the group has no cell. */
export function alignSeries(series: readonly TrendSeries[], axis: readonly CycleSlot[]): (TrendPoint | null)[][] {
  return series.map((s) => {
    const byCycle = new Map(s.points.map((p) => [p.cycleId, p]));
    return axis.map((slot) => byCycle.get(slot.cycleId) ?? null);
  });
}

/**
 * The three lines of one series: mean, and the lower and upper 95% CI bounds the band is
 * filled between. Any point that is not shown (hidden, empty, missing) is null in all three,
 * so chart.js leaves a gap (spanGaps: false) rather than drawing through a hidden cell.
 */
export function seriesValues(points: readonly (TrendPoint | null)[]): {
  mean: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
} {
  const shown = points.map((p) => {
    const status = p ? cellStatus(p) : null;
    return status?.kind === 'shown' ? status : null;
  });
  return {
    mean: shown.map((s) => s?.mean ?? null),
    lower: shown.map((s) => s?.ci95?.[0] ?? null),
    upper: shown.map((s) => s?.ci95?.[1] ?? null),
  };
}

/**
 * Indexes of shown means with no shown neighbour on either side. A band needs two points to
 * have any width, so these get a vertical interval bar instead; otherwise a lone cycle (the
 * first one, or one between hidden cycles) would show no uncertainty at all.
 */
export function isolatedIntervals(values: ReturnType<typeof seriesValues>): number[] {
  const shown = (i: number) => i >= 0 && i < values.mean.length && values.mean[i] !== null;
  return values.mean.flatMap((_, i) =>
    shown(i) && !shown(i - 1) && !shown(i + 1) && values.lower[i] !== null && values.upper[i] !== null ? [i] : [],
  );
}

export type TrendPointStyle = 'circle' | 'rect' | 'triangle' | 'rectRot' | 'crossRot' | 'star' | 'rectRounded' | 'cross';

export interface TrendSeriesStyle {
  /** Contrast with white ≥ 4.5:1, above the 3:1 WCAG 1.4.11 asks of graphics. */
  color: string;
  /** The CI band: the same colour, mostly transparent. */
  bandColor: string;
  /** Canvas dash pattern; [] is solid. */
  dash: number[];
  /** The same pattern for an SVG stroke-dasharray ("" is solid). */
  svgDash: string;
  dashName: string;
  pointStyle: TrendPointStyle;
  /** Said in the legend: "circles", "squares"… */
  pointName: string;
  lineWidth: number;
}

function style(
  color: string,
  dash: number[],
  dashName: string,
  pointStyle: TrendPointStyle,
  pointName: string,
  lineWidth = 2.5,
): TrendSeriesStyle {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return {
    color,
    bandColor: `rgba(${r}, ${g}, ${b}, 0.14)`,
    dash,
    svgDash: dash.join(' '),
    dashName,
    pointStyle,
    pointName,
    lineWidth,
  };
}

/**
 * Series styles in order: the agency (first series) is a thicker solid line; teams differ
 * from it and from each other by colour, dash pattern and point shape together, so no one
 * cue is needed to tell them apart. After eight series the styles repeat.
 */
export const TREND_SERIES_STYLES: readonly TrendSeriesStyle[] = Object.freeze([
  style('#0f5c5a', [], 'solid', 'circle', 'circles', 3.5),
  style('#9a3412', [10, 5], 'dashed', 'rect', 'squares'),
  style('#5b21b6', [2, 4], 'dotted', 'triangle', 'triangles'),
  style('#1d4ed8', [12, 4, 2, 4], 'dash-dot', 'rectRot', 'diamonds'),
  style('#a21caf', [6, 3], 'short-dashed', 'crossRot', 'crosses'),
  style('#3f6212', [14, 6], 'long-dashed', 'star', 'stars'),
  style('#b91c1c', [2, 3, 8, 3], 'dot-dash', 'rectRounded', 'rounded squares'),
  style('#374151', [4, 2, 4, 8], 'double-dashed', 'cross', 'plus signs'),
]);

export function trendSeriesStyle(index: number): TrendSeriesStyle {
  return TREND_SERIES_STYLES[index % TREND_SERIES_STYLES.length];
}

/** A marker with its number on the chart (1, 2… by date) and its time. */
export interface NumberedMarker extends TrendMarker {
  number: number;
  time: number;
}

/** Markers in date order, numbered from 1; markers with unreadable dates are left out of the chart. */
export function numberMarkers(markers: readonly TrendMarker[]): NumberedMarker[] {
  return [...markers]
    .sort((a, b) => compareIsoDates(a.date, b.date) || a.label.localeCompare(b.label))
    .map((m) => ({ ...m, time: Date.parse(m.date) }))
    .filter((m) => !Number.isNaN(m.time))
    .map((m, i) => ({ ...m, number: i + 1 }));
}

const DAY_MS = 86_400_000;

/**
 * The x range: every cycle and every marker, padded by 4% of the span (at least 10 days)
 * so end points and their labels are not cut in half. Null when there is nothing to show.
 */
export function xBounds(
  axis: readonly CycleSlot[],
  markers: readonly NumberedMarker[],
): { min: number; max: number } | null {
  const times = [...axis.map((s) => s.time), ...markers.map((m) => m.time)];
  if (times.length === 0) return null;
  const min = Math.min(...times);
  const max = Math.max(...times);
  const pad = Math.max((max - min) * 0.04, 10 * DAY_MS);
  return { min: min - pad, max: max + pad };
}

/**
 * Tick labels for the cycles, all in one style, "Nov 2026" (issue 14: mixing "Apr 2026" and
 * "Jul 31, 2026" read badly and overlapped). When two cycles open in the same month, only the
 * first is labelled, so no two ticks read the same; the tooltip, the table and the summary
 * give every cycle's full date.
 */
export function cycleTickLabels(axis: readonly CycleSlot[]): string[] {
  const short = axis.map((s) => formatMonthYear(s.date));
  return short.map((label, i) => (short.indexOf(label) === i ? label : ''));
}

/**
 * The label drawn beside a marker line, "1 Peer supervision", shortened with "…" until it
 * fits `maxWidth` as measured by `measure` (the canvas's measureText in the chart, a stub
 * in tests). The number always stays, so the label can be matched to the list.
 * Cost: O(L) measurements for a label of L characters.
 *
 * @example fitMarkerLabel(1, 'Peer supervision', 60, (s) => s.length * 6) // "1 Peer …"
 */
export function fitMarkerLabel(number: number, label: string, maxWidth: number, measure: (text: string) => number): string {
  const full = `${number} ${label}`;
  if (measure(full) <= maxWidth) return full;
  const chars = [...label];
  for (let keep = chars.length - 1; keep > 0; keep--) {
    const text = `${number} ${chars.slice(0, keep).join('').trimEnd()}…`;
    if (measure(text) <= maxWidth) return text;
  }
  return String(number);
}

/** A series' point for a tooltip line or a sentence: "Whole agency: 22.4 (95% CI 21.0 to 23.8, n 52)". */
export function seriesPointText(label: string, point: TrendPoint | null): string {
  if (point === null) return `${label}: no result this cycle`;
  const status = cellStatus(point);
  switch (status.kind) {
    case 'shown':
      return `${label}: ${describeCell(point)}`;
    case 'hidden':
      return `${label}: ${hiddenClause(status.reason)}`;
    case 'empty':
      return `${label}: no responses`;
    case 'unavailable':
      return `${label}: not available`;
  }
}

/** The text a table cell group shows for a point that is not shown. */
export function notShownText(point: TrendPoint | null): string {
  return point === null ? 'No result this cycle' : describeCell(point);
}

/** "21.0 to 23.8" for the table's CI column, or an en dash when there is no interval. */
export function formatCiRange(ci95: readonly [number, number] | null): string {
  return ci95 ? `${formatMean(ci95[0])} to ${formatMean(ci95[1])}` : '–';
}

/** "Burnout (10–50)" → "Burnout": the measure's name without its range. */
export function chartSubject(title: string): string {
  return title.replace(/\s*\([^)]*\)\s*$/, '') || title;
}

type Shown = Extract<ReturnType<typeof cellStatus>, { kind: 'shown' }>;

function shownAt(point: TrendPoint | null): Shown | null {
  if (!point) return null;
  const status = cellStatus(point);
  return status.kind === 'shown' ? status : null;
}

/** "22.4 in Nov 2026 (95% CI 21.0 to 23.8, n 52)". */
function meanAt(shown: Shown, when: string): string {
  const details = formatUncertainty(shown.ci95, shown.n);
  return `${formatMean(shown.mean)} in ${when}${details ? ` (${details})` : ''}`;
}

function describeSeriesOverTime(
  label: string,
  points: readonly (TrendPoint | null)[],
  axis: readonly CycleSlot[],
): string {
  const when = (i: number) => formatMonthYear(axis[i].date);
  const lastIndex = axis.length - 1;
  const latest = points[lastIndex] ? cellStatus(points[lastIndex]) : null;
  const shownIndexes = points.flatMap((p, i) => (shownAt(p) ? [i] : []));

  if (shownIndexes.length === 0) {
    const why = latest?.kind === 'hidden' ? ` (${hiddenClause(latest.reason)})` : latest?.kind === 'empty' ? ' (no responses)' : '';
    return `${label}: no results shown${why}`;
  }
  const firstShown = shownIndexes[0];
  const lastShown = shownIndexes[shownIndexes.length - 1];
  let sentence: string;
  if (lastShown === lastIndex) {
    sentence = `${label}: ${meanAt(shownAt(points[lastShown])!, when(lastShown))}`;
  } else {
    const now =
      latest?.kind === 'hidden'
        ? `hidden in ${when(lastIndex)} (${reasonAfterHidden(latest.reason)})`
        : latest?.kind === 'empty'
          ? `no responses in ${when(lastIndex)}`
          : `no result in ${when(lastIndex)}`;
    sentence = `${label}: ${now}; last shown ${meanAt(shownAt(points[lastShown])!, when(lastShown))}`;
  }
  if (firstShown !== lastShown) {
    sentence += `, compared with ${formatMean(shownAt(points[firstShown])!.mean)} in ${when(firstShown)}`;
  }
  return sentence;
}

/**
 * The canvas's aria-label: the measure, the cycles covered, each series' latest shown mean
 * with its CI and n (and the first shown mean, for the direction), hidden cells with their
 * reason, and the action markers. Ends by pointing to the table, which has every number.
 *
 * @example summarizeTrend(props)
 *   // "Burnout: mean score per cycle, 3 cycles from Feb 2026 to Nov 2026.
 *   //  Whole agency: 22.4 in Nov 2026 (95% CI 21.0 to 23.8, n 52), compared with 24.1 in Feb 2026.
 *   //  Outreach: hidden in Nov 2026 (fewer than 5 responses); last shown 25.0 in Aug 2026 (95% CI …, n 6).
 *   //  Actions marked: 1, Peer supervision, started Mar 2026. Every number is in the table below."
 */
export function summarizeTrend(props: Pick<TrendChartProps, 'title' | 'series' | 'markers'>): string {
  const subject = chartSubject(props.title);
  const axis = buildCycleAxis(props.series);
  if (axis.length === 0 || props.series.length === 0) return `${subject}: no closed cycles yet.`;
  const first = formatMonthYear(axis[0].date);
  const last = formatMonthYear(axis[axis.length - 1].date);
  const span = axis.length === 1 ? `1 cycle, ${first}` : `${axis.length} cycles from ${first} to ${last}`;
  const aligned = alignSeries(props.series, axis);
  const parts = props.series.map((s, i) => describeSeriesOverTime(s.label, aligned[i], axis));
  const markers = numberMarkers(props.markers);
  const markerText = markers.length
    ? ` Actions marked: ${markers.map((m) => `${m.number}, ${m.label}, started ${formatMonthYear(m.date)}`).join('; ')}.`
    : '';
  return `${subject}: mean score per cycle, ${span}. ${parts.join('. ')}.${markerText} Every number is in the table below.`;
}
