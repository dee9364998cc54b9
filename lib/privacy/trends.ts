import { welchTTestFromSummaries } from '@/lib/stats/tests';

import { MEASURE_LABELS } from './measures';
import { isPublishedCell, type AggregateCell, type PublishedCell } from './types';

/**
 * Trend helpers. They read only published cells (never raw responses), so a
 * trend can reveal nothing the published cells do not already show, and a
 * hidden cell stays hidden in every comparison.
 */

/** Significance level for flagging a change between cycles (ARCHITECTURE §5). */
export const CHANGE_ALPHA = 0.05;

/** A comparison of the same group and measure across two cycles. */
export type CycleComparison =
  | {
      readonly comparable: true;
      /** True only when Welch's t-test gives p < .05. */
      readonly flagged: boolean;
      /**
       * Direction of a flagged change; null when not flagged, so a page cannot
       * draw an arrow for a difference the data do not support.
       */
      readonly direction: 'increase' | 'decrease' | null;
      /** Two-sided Welch p-value. */
      readonly pValue: number;
      /** Current mean minus previous mean. */
      readonly difference: number;
      /** Welch 95% confidence interval of `difference`. */
      readonly ci: readonly [number, number];
      readonly nPrevious: number;
      readonly nCurrent: number;
    }
  | {
      readonly comparable: false;
      /** A sentence for the page, e.g. "The previous cycle's result is hidden (fewer than 5 responses)." */
      readonly reason: string;
    };

/**
 * Compare one group's measure between two closed cycles with Welch's t-test
 * from the published summaries (n, mean, SD), flagging a change only when
 * p < .05.
 *
 * Definition: t = (m₂ − m₁) / √(s₁²/n₁ + s₂²/n₂), Welch–Satterthwaite df
 * (Welch 1947), computed by `welchTTestFromSummaries` in lib/stats.
 * `difference` is current − previous. Cost: O(1).
 *
 * Not comparable (with a reason, never a number) when either cell is hidden,
 * has no responses, or both have zero spread (the test is then undefined).
 * Throws when the cells are for different groups or measures, or the same cycle,
 * because such a comparison is a programming error, not a data condition.
 *
 * @example
 * // previous { n: 5, mean: 30, sd: 7.9057 }, current { n: 5, mean: 40, sd: 7.9057 }:
 * // t = 10 / 5 = 2, df = 8, p = 0.0805 → { flagged: false, direction: null, difference: 10, ... }
 */
export function compareCycles(previous: AggregateCell, current: AggregateCell): CycleComparison {
  const fn = 'compareCycles';
  if (previous.measure !== current.measure) {
    throw new Error(`${fn}: cannot compare ${previous.measure} with ${current.measure}`);
  }
  if (previous.group !== current.group) {
    throw new Error(`${fn}: cannot compare group "${previous.group}" with group "${current.group}"`);
  }
  if (previous.cycle === current.cycle) {
    throw new Error(`${fn}: both cells are from cycle "${current.cycle}"`);
  }

  const unavailable = unavailableReason(previous, 'previous') ?? unavailableReason(current, 'current');
  if (unavailable !== null) return { comparable: false, reason: unavailable };
  const a = previous as PublishedCell;
  const b = current as PublishedCell;
  if (a.sd === 0 && b.sd === 0) {
    return {
      comparable: false,
      reason: `Every ${MEASURE_LABELS[a.measure]} score was the same within each cycle, so the change cannot be tested.`,
    };
  }

  const test = welchTTestFromSummaries({ n: a.n, mean: a.mean, sd: a.sd }, { n: b.n, mean: b.mean, sd: b.sd }, 0.95);
  const flagged = test.pValue < CHANGE_ALPHA;
  return {
    comparable: true,
    flagged,
    direction: flagged ? (test.meanDifference > 0 ? 'increase' : 'decrease') : null,
    pValue: test.pValue,
    difference: test.meanDifference,
    ci: [test.confidenceInterval[0], test.confidenceInterval[1]],
    nPrevious: a.n,
    nCurrent: b.n,
  };
}

function unavailableReason(cell: AggregateCell, which: 'previous' | 'current'): string | null {
  if (cell.suppressed !== null) return `The ${which} cycle's result is hidden (${cell.suppressed}).`;
  if (!isPublishedCell(cell)) return `The ${which} cycle has no ${MEASURE_LABELS[cell.measure]} responses.`;
  return null;
}

/** Shares of a cell's n at each level, for a stacked bar. They sum to 1. */
export interface LevelShares {
  readonly low: number;
  readonly moderate: number;
  readonly high: number;
  /** Scores with no level (an instrument pack without cut points); usually 0. */
  readonly unclassified: number;
}

/**
 * Level shares of a published cell: each level count divided by n, plus the
 * unclassified remainder, so the bar always spans 100% of the n it shows.
 * Null for a hidden or empty cell, or when the breakdown is withheld (rule 9),
 * so nothing is drawn for it.
 * Cost: O(1).
 *
 * @example
 * levelShares({ ...cell, n: 5, levelCounts: { low: 1, moderate: 4, high: 0 } });
 * // { low: 0.2, moderate: 0.8, high: 0, unclassified: 0 }
 */
export function levelShares(cell: AggregateCell): LevelShares | null {
  if (!isPublishedCell(cell) || cell.levelCounts === null) return null;
  const { n, levelCounts: c } = cell;
  const unclassifiedCount = n - c.low - c.moderate - c.high;
  return {
    low: c.low / n,
    moderate: c.moderate / n,
    high: c.high / n,
    unclassified: unclassifiedCount / n,
  };
}
