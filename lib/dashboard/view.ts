/**
 * Turns published cells (already suppressed by lib/privacy) into chart and heatmap props.
 * PURE: no database, no React. It only reshapes; it never computes statistics about people.
 */
import type { HeatmapRow, LevelBarsRow, MeasureKey, TrendChartProps, TrendMarker, TrendSeries } from './chart-types';
import type { ChangeCell } from '@/lib/privacy';

export interface ViewCell {
  group: string;
  groupName: string;
  cycle: string;
  cycleDate: string;
  measure: MeasureKey;
  n: number | null;
  mean: number | null;
  sd: number | null;
  ci95: readonly [number, number] | null;
  levelCounts: { low: number; moderate: number; high: number } | null;
  levelsWithheld?: string | null;
  suppressed: string | null;
  meanLevel: 'low' | 'moderate' | 'high' | null;
}

export interface ViewChange {
  group: string;
  measure: MeasureKey;
  cell: ChangeCell;
}

export const MEASURE_ORDER: MeasureKey[] = ['cs', 'bo', 'sts', 'vr'];

export const MEASURE_TITLES: Record<MeasureKey, string> = {
  cs: 'Compassion satisfaction',
  bo: 'Burnout',
  sts: 'Secondary traumatic stress',
  vr: 'Vicarious resilience',
};

export const MEASURE_RANGES: Record<MeasureKey, { min: number; max: number }> = {
  cs: { min: 10, max: 50 },
  bo: { min: 10, max: 50 },
  sts: { min: 10, max: 50 },
  vr: { min: 0, max: 35 },
};

export const MEASURE_CUTS: Record<MeasureKey, { lowMax: number; highMin: number }> = {
  cs: { lowMax: 22, highMin: 42 },
  bo: { lowMax: 22, highMin: 42 },
  sts: { lowMax: 22, highMin: 42 },
  vr: { lowMax: 11, highMin: 24 },
};

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

export function trendChartProps(
  cells: readonly ViewCell[],
  measure: MeasureKey,
  groupIds: readonly string[],
  markers: TrendMarker[],
): TrendChartProps {
  return {
    measure,
    title: `${MEASURE_TITLES[measure]} (${MEASURE_RANGES[measure].min}–${MEASURE_RANGES[measure].max})`,
    range: MEASURE_RANGES[measure],
    cutPoints: MEASURE_CUTS[measure],
    series: trendSeries(cells, measure, groupIds),
    markers,
  };
}

export function levelBarsRows(latestOrgCells: readonly ViewCell[]): LevelBarsRow[] {
  return MEASURE_ORDER.flatMap((m) => {
    const c = latestOrgCells.find((x) => x.measure === m);
    return c ? [{ measure: m, label: MEASURE_TITLES[m], n: c.n, levelCounts: c.levelCounts, levelsWithheld: c.levelsWithheld ?? null, suppressed: c.suppressed }] : [];
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
