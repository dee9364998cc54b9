import type { MyHistoryPoint } from '@/lib/checkin/types';
import { BUILT_IN_MEASURES, rangeText, type MeasureKey, type MeasureSpec } from '@/lib/measures';

/**
 * Pure helpers for the staff member's own history chart: series styling, date labels and
 * the sentence that describes the chart to screen readers. Tested in history-model.test.ts.
 */

export type HistoryMeasure = MeasureKey;

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
    label: BUILT_IN_MEASURES.cs.label,
    color: '#0f5c5a',
    dash: [],
    svgDash: '',
    dashName: 'solid',
    pointStyle: 'circle',
  },
  {
    measure: 'bo',
    label: BUILT_IN_MEASURES.bo.label,
    color: '#9a3412',
    dash: [10, 5],
    svgDash: '10 5',
    dashName: 'dashed',
    pointStyle: 'rect',
  },
  {
    measure: 'sts',
    label: BUILT_IN_MEASURES.sts.label,
    color: '#5b21b6',
    dash: [2, 4],
    svgDash: '2 4',
    dashName: 'dotted',
    pointStyle: 'triangle',
  },
] as const satisfies readonly SeriesStyle[]);

export const VR_SERIES: SeriesStyle = Object.freeze({
  measure: 'vr',
  label: BUILT_IN_MEASURES.vr.label,
  color: '#1d4ed8',
  dash: [],
  svgDash: '',
  dashName: 'solid',
  pointStyle: 'circle',
});

/**
 * One VR instrument's scores in the staff member's history. An agency may switch from the
 * built-in brief check to an installed VR pack (or back): the two have different ranges and
 * cut points, so their scores are not comparable and each instrument is its own line, drawn
 * on its own scale, never joined to another instrument's points.
 */
export interface VrHistoryLine {
  /** The instrument id stored with the check-ins (MyHistoryPoint.vrInstrument). */
  instrument: string;
  /** VR as this instrument measures it (lib/measures): its range, cut points and name. */
  spec: MeasureSpec;
  /** VR_SERIES, labelled with the instrument: "Vicarious resilience (Example Pack)". */
  style: SeriesStyle;
  /**
   * One value per check-in, in the order of the points given: the VR score where this
   * instrument measured it, null elsewhere (another instrument's check-in is a gap, so no
   * line crosses a switch of instrument).
   */
  values: (number | null)[];
  /** The check-ins this instrument measured, in the order given. */
  points: MyHistoryPoint[];
  /** True when at least one of those check-ins has a VR score. */
  hasScore: boolean;
}

/**
 * The VR lines of a history, one per instrument in order of first use. `points` must be in
 * date order; `specs` holds the spec of every instrument the points name.
 *
 * @example vrHistoryLines([brief 20, brief 22, pack 12], specs)
 *   // [{ instrument: 'brief-vr', values: [20, 22, null] }, { instrument: '<pack id>', values: [null, null, 12] }]
 */
export function vrHistoryLines(points: readonly MyHistoryPoint[], specs: Readonly<Record<string, MeasureSpec>>): VrHistoryLine[] {
  const instruments = [...new Set(points.map((p) => p.vrInstrument))];
  return instruments.map((instrument) => {
    const spec = specs[instrument];
    if (!spec) throw new Error(`vrHistoryLines: no measure spec for VR instrument ${instrument}`);
    const mine = points.filter((p) => p.vrInstrument === instrument);
    return {
      instrument,
      spec,
      style: { ...VR_SERIES, label: `${spec.label} (${spec.instrumentName})` },
      values: points.map((p) => (p.vrInstrument === instrument ? p.vr : null)),
      points: mine,
      hasScore: mine.some((p) => p.vr !== null),
    };
  });
}

/**
 * The sentence under a chart's title: "Scores run from 10 to 50. The grid lines at 22 and 42
 * mark where the low, moderate and high levels begin." (lib/measures; no cut points, no
 * second sentence).
 */
export function scaleNote(spec: MeasureSpec): string {
  const c = spec.cutPoints;
  const range = `Scores run from ${spec.range.min} to ${spec.range.max}.`;
  return c ? `${range} The grid lines at ${c.lowMax} and ${c.highMin} mark where the low, moderate and high levels begin.` : range;
}

/** The y axis title: "Score (10–50)". */
export function axisTitle(spec: MeasureSpec): string {
  return `Score (${rangeText(spec)})`;
}

/**
 * Axis ticks at the ends of a measure's range and at its level cut points (lib/measures), so
 * the grid lines show where the levels change: ProQOL 10, 22, 42, 50.
 */
export function levelTicks(spec: MeasureSpec): number[] {
  const c = spec.cutPoints;
  return c ? [spec.range.min, c.lowMax, c.highMin, spec.range.max] : [spec.range.min, spec.range.max];
}

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

function summarizeLines(points: readonly MyHistoryPoint[], lines: readonly { label: string; values: readonly (number | null)[] }[], what: string): string {
  if (points.length === 0) return `No ${what} yet.`;
  const first = formatCycleDate(points[0].cycleDate);
  const last = formatCycleDate(points[points.length - 1].cycleDate);
  const span =
    points.length === 1 ? `at 1 check-in, ${first}` : `at ${points.length} check-ins, ${first} to ${last}`;
  const parts = lines.map((l) => describeSeries(l.label, l.values));
  return `Line chart of your ${what} ${span}. ${parts.join('. ')}. The same numbers are in the table below.`;
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
  return summarizeLines(points, series.map((s) => ({ label: s.label, values: points.map((p) => p[s.measure]) })), what);
}

/**
 * The aria-label of one VR instrument's chart, over the check-ins that instrument measured.
 *
 * @example summarizeVrLine(line)
 *   // "Line chart of your vicarious resilience scores on Example Pack (3–15) at 1 check-in,
 *   //  Sep 1, 2025. Vicarious resilience: 12. The same numbers are in the table below."
 */
export function summarizeVrLine(line: VrHistoryLine): string {
  const what = `${line.spec.noun} scores on ${line.spec.instrumentName} (${rangeText(line.spec)})`;
  return summarizeLines(line.points, [{ label: line.spec.label, values: line.points.map((p) => p.vr) }], what);
}

export function hasAnyScore(points: readonly MyHistoryPoint[], measure: HistoryMeasure): boolean {
  return points.some((p) => p[measure] !== null);
}
