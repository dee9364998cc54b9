import { describe, expect, it } from 'vitest';

import { aggregateCellSchema, aggregateCellsSchema } from './cell-schema';

const published = {
  group: 't1',
  cycle: 'c1',
  measure: 'bo',
  n: 5,
  mean: 30,
  sd: 7.9,
  ci95: [20.2, 39.8],
  levelCounts: { low: 1, moderate: 4, high: 0 },
  levelsWithheld: null,
  suppressed: null,
};
const withheld = { ...published, levelCounts: null, levelsWithheld: 'level breakdown withheld: …' };
const empty = {
  group: 't1', cycle: 'c1', measure: 'cs',
  n: 0, mean: null, sd: null, ci95: null, levelCounts: { low: 0, moderate: 0, high: 0 }, levelsWithheld: null, suppressed: null,
};
const suppressed = {
  group: 't1', cycle: 'c1', measure: 'sts',
  n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null, suppressed: 'fewer than 5 responses',
};

describe('aggregateCellSchema', () => {
  it('accepts the stored shapes, including a withheld level breakdown', () => {
    expect(aggregateCellsSchema.parse([published, withheld, empty, suppressed])).toEqual([published, withheld, empty, suppressed]);
  });

  it('refuses unrounded moments (rule 8) and a breakdown that is both shown and withheld (rule 9)', () => {
    expect(aggregateCellSchema.safeParse({ ...published, mean: 29.25 }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, sd: 7.905694150420948 }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, ci95: [20.18, 39.8] }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, levelsWithheld: 'withheld' }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...withheld, levelsWithheld: null }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...suppressed, levelsWithheld: 'withheld' }).success).toBe(false);
  });

  it('refuses a suppressed cell that carries any number', () => {
    for (const key of ['n', 'mean', 'sd'] as const) {
      expect(aggregateCellSchema.safeParse({ ...suppressed, [key]: 3 }).success).toBe(false);
    }
    expect(aggregateCellSchema.safeParse({ ...suppressed, ci95: [1, 2] }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...suppressed, levelCounts: { low: 1, moderate: 1, high: 1 } }).success).toBe(
      false,
    );
  });

  it('refuses a missing key, an extra key, or an empty reason', () => {
    const { levelCounts: _omit, ...missing } = suppressed;
    expect(aggregateCellSchema.safeParse(missing).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, values: [20, 25] }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...suppressed, suppressed: '' }).success).toBe(false);
  });

  it('refuses a published cell below the lowest k, or with inconsistent numbers', () => {
    expect(aggregateCellSchema.safeParse({ ...published, n: 2 }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, n: 1 }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, n: 5.5 }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, mean: 45 }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, sd: -1 }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, mean: Number.NaN }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...published, levelCounts: { low: 3, moderate: 3, high: 0 } }).success).toBe(
      false,
    );
    expect(aggregateCellSchema.safeParse({ ...published, measure: 'anxiety' }).success).toBe(false);
    expect(aggregateCellSchema.safeParse({ ...empty, levelCounts: { low: 1, moderate: 0, high: 0 } }).success).toBe(false);
  });
});
