import type { MyHistoryPoint } from '@/lib/checkin/types';

/**
 * Pure helpers for the staff member's own history chart: series styling, date labels and
 * the sentence that describes the chart to screen readers. Tested in history-model.test.ts.
 */

export type HistoryMeasure = 'cs' | 'bo' | 'sts' | 'vr';

export interface SeriesStyle {
  measure: HistoryMeasure;
  label: string;
  /** Contrast with white ≥ 6:1, well above the 3:1 that WCAG 1.4.11 asks of graphics. */
  color: string;
  /** Canvas dash pattern; [] is solid. Lines differ by dash as well as colour. */
  dash: number[];
  /** Same pattern for an SVG stroke-dasharray ("" is solid). */
  svgDash: string;
  dashName: 'solid' | 'dashed' | 'dotted';
  pointStyle: 'circle' | 'rect' | 'triangle';
}

export const PROQOL_SERIES: readonly SeriesStyle[] = Object.freeze([
  {
    measure: 'cs',
    label: 'Compassion satisfaction',
    color: '#0f5c5a',
    dash: [],
    svgDash: '',
    dashName: 'solid',
    pointStyle: 'circle',
  },
  {
    measure: 'bo',
    label: 'Burnout',
    color: '#9a3412',
    dash: [10, 5],
    svgDash: '10 5',
    dashName: 'dashed',
    pointStyle: 'rect',
  },
  {
    measure: 'sts',
    label: 'Secondary traumatic stress',
    color: '#5b21b6',
    dash: [2, 4],
    svgDash: '2 4',
    dashName: 'dotted',
    pointStyle: 'triangle',
  },
] as const satisfies readonly SeriesStyle[]);

export const VR_SERIES: SeriesStyle = Object.freeze({
  measure: 'vr',
  label: 'Vicarious resilience',
  color: '#1d4ed8',
  dash: [],
  svgDash: '',
  dashName: 'solid',
  pointStyle: 'circle',
});

/**
 * ProQOL axis ticks at the level cut points (low ≤ 22, high ≥ 42), so the grid lines
 * show where the levels change.
 */
export const PROQOL_TICKS: readonly number[] = Object.freeze([10, 22, 42, 50]);

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * "3 Mar 2025" in UTC, so the server render and the browser agree whatever their time
 * zones; an unparseable date is shown as given.
 */
export function formatCycleDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : dateFormat.format(new Date(t));
}

/** Points in date order (the chart's x axis), without mutating the input. */
export function sortPoints(points: readonly MyHistoryPoint[]): MyHistoryPoint[] {
  return [...points].sort((a, b) => Date.parse(a.cycleDate) - Date.parse(b.cycleDate));
}

/** "34" for whole sums, "33.3" for prorated ones; `decimals` for means such as self-care. */
export function formatHistoryValue(value: number | null, decimals?: number): string {
  if (value === null) return 'No score';
  if (decimals !== undefined) return value.toFixed(decimals);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function describeSeries(label: string, values: readonly (number | null)[]): string {
  const scored = values.filter((v): v is number => v !== null);
  if (scored.length === 0) return `${label}: no score yet`;
  if (scored.length === 1) return `${label}: ${formatHistoryValue(scored[0])}`;
  return `${label}: from ${formatHistoryValue(scored[0])} to ${formatHistoryValue(scored[scored.length - 1])}`;
}

/**
 * The canvas's aria-label: what the chart shows, over which check-ins, and first → last
 * scored value of each line. Points must already be in date order.
 *
 * @example summarizeHistory(points, PROQOL_SERIES, 'ProQOL scores')
 *   // "Line chart of your ProQOL scores at 2 check-ins, Mar 3, 2025 to Jun 2, 2025.
 *   //  Compassion satisfaction: from 38 to 41. Burnout: from 27 to 24. …
 *   //  The same numbers are in the table below."
 */
export function summarizeHistory(
  points: readonly MyHistoryPoint[],
  series: readonly SeriesStyle[],
  what: string,
): string {
  if (points.length === 0) return `No ${what} yet.`;
  const first = formatCycleDate(points[0].cycleDate);
  const last = formatCycleDate(points[points.length - 1].cycleDate);
  const span =
    points.length === 1 ? `at 1 check-in, ${first}` : `at ${points.length} check-ins, ${first} to ${last}`;
  const parts = series.map((s) => describeSeries(s.label, points.map((p) => p[s.measure])));
  return `Line chart of your ${what} ${span}. ${parts.join('. ')}. The same numbers are in the table below.`;
}

export function hasAnyScore(points: readonly MyHistoryPoint[], measure: HistoryMeasure): boolean {
  return points.some((p) => p[measure] !== null);
}
