import { describe, expect, it } from 'vitest';

import { COMPLEMENTARY_REASON } from './suppression';
import { compareCycles, levelShares } from './trends';
import type { AggregateCell, EmptyCell, PublishedCell, SuppressedCell } from './types';

const SD = Math.sqrt(62.5); // 7.905694150420948, the SD of 20, 25, 30, 35, 40

function published(cycle: string, mean: number, overrides: Partial<PublishedCell> = {}): PublishedCell {
  return {
    group: 't1', cycle, measure: 'bo',
    n: 5, mean, sd: SD, ci95: [mean - 9.8, mean + 9.8],
    levelCounts: { low: 1, moderate: 4, high: 0 },
    levelsWithheld: null,
    suppressed: null,
    ...overrides,
  };
}

const hidden: SuppressedCell = {
  group: 't1', cycle: 'c2', measure: 'bo',
  n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null, suppressed: COMPLEMENTARY_REASON,
};

const empty: EmptyCell = {
  group: 't1', cycle: 'c2', measure: 'bo',
  n: 0, mean: null, sd: null, ci95: null, levelCounts: { low: 0, moderate: 0, high: 0 }, levelsWithheld: null, suppressed: null,
};

describe('compareCycles', () => {
  it('does not flag a difference with p ≥ .05', () => {
    // n = 5 each, SD² = 62.5 each: SE = √(12.5 + 12.5) = 5; mean 30 → 40, t = 10 / 5 = 2.
    // Equal n and SD give Welch df = 2(n − 1) = 8. Two-sided p = 2·P(T₈ ≥ 2) = 0.0805162 (R: 2*pt(-2, 8)).
    const result = compareCycles(published('c1', 30), published('c2', 40));
    expect(result.comparable).toBe(true);
    if (!result.comparable) return;
    expect(result.pValue).toBeCloseTo(0.08051623795726948, 8);
    expect(result).toMatchObject({ flagged: false, direction: null, difference: 10, nPrevious: 5, nCurrent: 5 });
  });

  it('flags a change with p < .05, with its direction and the Welch 95% CI of the difference', () => {
    // mean 30 → 45: t = 15 / 5 = 3, df = 8, p = 2·P(T₈ ≥ 3) = 0.0170717 (R: 2*pt(-3, 8)).
    // CI = 15 ± t(0.975, 8)·5 = 15 ± 2.306004135204166 × 5 = [3.469979, 26.530021] (R: qt(0.975, 8)).
    const up = compareCycles(published('c1', 30), published('c2', 45));
    if (!up.comparable) throw new Error('expected a comparison');
    expect(up.flagged).toBe(true);
    expect(up.direction).toBe('increase');
    expect(up.pValue).toBeCloseTo(0.01707168123378411, 8);
    expect(up.difference).toBe(15);
    expect(up.ci[0]).toBeCloseTo(3.469979323979170, 7);
    expect(up.ci[1]).toBeCloseTo(26.53002067602083, 7);

    const down = compareCycles(published('c1', 45), published('c2', 30));
    if (!down.comparable) throw new Error('expected a comparison');
    expect(down).toMatchObject({ flagged: true, direction: 'decrease', difference: -15 });
  });

  it('gives a reason, never numbers, when either cell is hidden or empty', () => {
    expect(compareCycles(published('c1', 30), hidden)).toEqual({
      comparable: false,
      reason: `The current cycle's result is hidden (${COMPLEMENTARY_REASON}).`,
    });
    expect(compareCycles({ ...hidden, cycle: 'c0' }, published('c1', 30))).toMatchObject({ comparable: false });
    expect(compareCycles(published('c1', 30), empty)).toEqual({
      comparable: false,
      reason: 'The current cycle has no burnout responses.',
    });
  });

  it('gives a reason when neither cycle has any spread (the test is undefined)', () => {
    const result = compareCycles(published('c1', 30, { sd: 0 }), published('c2', 31, { sd: 0 }));
    expect(result.comparable).toBe(false);
  });

  it('refuses to compare different groups, measures, or a cycle with itself', () => {
    expect(() => compareCycles(published('c1', 30), published('c2', 30, { group: 't2' }))).toThrow(/compareCycles/);
    expect(() => compareCycles(published('c1', 30), published('c2', 30, { measure: 'cs' }))).toThrow(/compareCycles/);
    expect(() => compareCycles(published('c1', 30), published('c1', 31))).toThrow(/compareCycles/);
  });
});

describe('levelShares', () => {
  it('divides level counts by n, with any unclassified remainder', () => {
    expect(levelShares(published('c1', 30))).toEqual({ low: 0.2, moderate: 0.8, high: 0, unclassified: 0 });
    const partly: AggregateCell = published('c1', 3, { n: 4, levelCounts: { low: 1, moderate: 0, high: 1 } });
    expect(levelShares(partly)).toEqual({ low: 0.25, moderate: 0, high: 0.25, unclassified: 0.5 });
  });

  it('is null for hidden and empty cells, and for a withheld breakdown (rule 9)', () => {
    expect(levelShares(hidden)).toBeNull();
    expect(levelShares(empty)).toBeNull();
    expect(levelShares(published('c1', 30, { levelCounts: null, levelsWithheld: 'withheld' }))).toBeNull();
  });
});
