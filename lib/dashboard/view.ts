/**
 * Turns published cells (already suppressed by lib/privacy) into chart and heatmap props.
 * PURE: no database, no React. It only reshapes; it never computes statistics about people.
 */
import type { HeatmapRow, LevelBarsRow, MeasureKey, TrendChartProps, TrendMarker, TrendSeries } from './chart-types';
import { BUILT_IN_MEASURES, MEASURE_KEYS, measureTitle, type MeasureSpec } from '@/lib/measures';
import type { AggregateCell, ChangeCell } from '@/lib/privacy';

/**
 * A published cell as the dashboard reads it: the privacy layer's cell type (defined once, in
 * lib/privacy) with its group's name, its cycle's date and the level of its mean attached.
 */
export type ViewCell = AggregateCell & {
  groupName: string;
  cycleDate: string;
  /** The level of the mean by the cycle's cut points for the measure (lib/measures), or null. */
  meanLevel: 'low' | 'moderate' | 'high' | null;
};

export interface ViewChange {
  group: string;
  measure: MeasureKey;
  cell: ChangeCell;
}

/** The measures in display order (lib/measures). */
export const MEASURE_ORDER: readonly MeasureKey[] = MEASURE_KEYS;

/** Sentence-case measure names (lib/measures). */
export const MEASURE_TITLES: Readonly<Record<MeasureKey, string>> = Object.freeze({
  cs: BUILT_IN_MEASURES.cs.label,
  bo: BUILT_IN_MEASURES.bo.label,
  sts: BUILT_IN_MEASURES.sts.label,
  vr: BUILT_IN_MEASURES.vr.label,
});

export function trendSeries(cells: readonly ViewCell[], measure: MeasureKey, groupIds: readonly string[]): TrendSeries[] {
  return groupIds.map((groupId) => {
    const mine = cells.filter((c) => c.measure === measure && c.group === groupId);
    return {
      groupId,
      label: mine[0]?.groupName ?? groupId,
      points: mine.map((c) => ({
        cycleId: c.cycle,
        date: c.cycleDate,
        mean: c.mean,
        ci95: c.ci95 ? [c.ci95[0], c.ci95[1]] : null,
        n: c.n,
        suppressed: c.suppressed,
      })),
    };
  });
}

/**
 * A trend chart's props for one measure. `spec` is the measure as the latest cycle measured
 * it (for VR, an installed pack's range and cut points); `cells` should hold only cycles on
 * that scale (see {@link cellsOnScale}).
 */
export function trendChartProps(
  cells: readonly ViewCell[],
  spec: MeasureSpec,
  groupIds: readonly string[],
  markers: TrendMarker[],
): TrendChartProps {
  return {
    measure: spec.key,
    title: measureTitle(spec),
    range: { min: spec.range.min, max: spec.range.max },
    cutPoints: spec.cutPoints ? { lowMax: spec.cutPoints.lowMax, highMin: spec.cutPoints.highMin } : null,
    series: trendSeries(cells, spec.key, groupIds),
    markers,
  };
}

/**
 * Drops the `measure` cells of cycles that measured it on another scale: a VR pack's scores
 * are not on the brief check's scale, so one trend never joins the two. `onScale` says
 * whether a cycle used the instrument of the spec the chart is drawn with.
 */
export function cellsOnScale(cells: readonly ViewCell[], measure: MeasureKey, onScale: (cycleId: string) => boolean): ViewCell[] {
  return cells.filter((c) => c.measure !== measure || onScale(c.cycle));
}

export function levelBarsRows(latestOrgCells: readonly ViewCell[]): LevelBarsRow[] {
  return MEASURE_ORDER.flatMap((m) => {
    const c = latestOrgCells.find((x) => x.measure === m);
    return c ? [{ measure: m, label: MEASURE_TITLES[m], n: c.n, levelCounts: c.levelCounts, levelsWithheld: c.levelsWithheld, suppressed: c.suppressed }] : [];
  });
}

export function heatmapRows(
  latestCells: readonly ViewCell[],
  changes: readonly ViewChange[],
  hrefFor: (groupId: string) => string | null,
): HeatmapRow[] {
  const groups = [...new Map(latestCells.map((c) => [c.group, c.groupName])).entries()];
  groups.sort(([a, an], [b, bn]) => (a === 'org' ? -1 : b === 'org' ? 1 : an.localeCompare(bn)));
  return groups.map(([groupId, groupName]) => {
    const cells = {} as HeatmapRow['cells'];
    for (const m of MEASURE_ORDER) {
      const c = latestCells.find((x) => x.group === groupId && x.measure === m);
      const ch = changes.find((x) => x.group === groupId && x.measure === m)?.cell;
      cells[m] = {
        mean: c?.mean ?? null,
        ci95: c?.ci95 ? [c.ci95[0], c.ci95[1]] : null,
        n: c?.n ?? null,
        level: c?.meanLevel ?? null,
        suppressed: c ? c.suppressed : 'no results for this group in this cycle',
        change:
          ch && ch.suppressed === null && ch.flagged && ch.meanChange !== 0
            ? {
                direction: ch.meanChange > 0 ? 'increase' : 'decrease',
                difference: ch.meanChange,
                ci95: [ch.ci95[0], ch.ci95[1]],
                nPairs: ch.nPairs,
                qValue: ch.qValue ?? 1,
              }
            : null,
      };
    }
    return { groupId, groupName, href: hrefFor(groupId), cells };
  });
}
