import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from './cronbach-alpha';

/*
 * Worked by hand from the definition (Cronbach, 1951, eq. 2):
 *   α = k / (k − 1) × (1 − Σ s²ᵢ / s²ₜ), sample variances (n − 1).
 *
 *   respondent  item1 item2 item3 | total
 *   1             1     1     2   |   4
 *   2             2     3     2   |   7
 *   3             3     3     4   |  10
 *   4             4     5     4   |  13
 *
 *   item1: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5 → s² = 5/3
 *   item2: mean 3,   squared deviations 4 + 0 + 0 + 4 = 8         → s² = 8/3
 *   item3: mean 3,   squared deviations 1 + 1 + 1 + 1 = 4         → s² = 4/3
 *   Σ s²ᵢ = 17/3
 *   total: mean 8.5, squared deviations 20.25 + 2.25 + 2.25 + 20.25 = 45 → s²ₜ = 15
 *   α = 3/2 × (1 − (17/3) / 15) = 3/2 × (1 − 17/45) = 3/2 × 28/45 = 14/15 = 0.93333…
 */
const WORKED = [
  [1, 1, 2],
  [2, 3, 2],
  [3, 3, 4],
  [4, 5, 4],
];

/*
 * Two items (k = 2), worked by hand: α = 2 × (1 − (s²₁ + s²₂) / s²ₜ) = 4·cov₁₂ / s²ₜ.
 *   rows (1, 2), (2, 1), (3, 3): item means 2, 2; s²₁ = s²₂ = (1 + 0 + 1) / 2 = 1;
 *   cov₁₂ = ((−1)(0) + (0)(−1) + (1)(1)) / 2 = 0.5; totals 3, 3, 6 → mean 4, s²ₜ = (1 + 1 + 4) / 2 = 3.
 *   α = 4 × 0.5 / 3 = 2/3.
 */
const TWO_ITEMS = [
  [1, 2],
  [2, 1],
  [3, 3],
];

/** Independent check: α from the covariance matrix, k/(k−1) × (1 − trace / sum of all entries). */
function alphaFromCovariance(rows: number[][]): number {
  const n = rows.length;
  const k = rows[0].length;
  const means = Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / n);
  let trace = 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const cov = rows.reduce((s, r) => s + (r[a] - means[a]) * (r[b] - means[b]), 0) / (n - 1);
      total += cov;
      if (a === b) trace += cov;
    }
  }
  return (k / (k - 1)) * (1 - trace / total);
}

describe('cronbachAlpha', () => {
  it('matches the worked example: 14/15', () => {
    const result = cronbachAlpha(WORKED);
    expect(result.alpha).toBeCloseTo(14 / 15, 12);
    expect(result).toMatchObject({ n: 4, k: 3 });
  });

  it('matches the two-item example: 2/3', () => {
    expect(cronbachAlpha(TWO_ITEMS).alpha).toBeCloseTo(2 / 3, 12);
  });

  it('deletes incomplete rows listwise', () => {
    const withGaps = [[null, 9, 9], ...WORKED.slice(0, 2), [7, null, 1], ...WORKED.slice(2)];
    const result = cronbachAlpha(withGaps);
    expect(result.alpha).toBeCloseTo(14 / 15, 12);
    expect(result.n).toBe(4);
  });

  it('can be negative when items covary negatively', () => {
    // Item 2 mirrors item 1, so their covariance (−2.5) outweighs the rest.
    const result = cronbachAlpha([
      [1, 5, 2],
      [2, 4, 2],
      [3, 3, 3],
      [4, 2, 3],
      [5, 1, 4],
    ]);
    expect(result.alpha).toBeLessThan(0);
    expect(result.alpha).toBeCloseTo(alphaFromCovariance([[1, 5, 2], [2, 4, 2], [3, 3, 3], [4, 2, 3], [5, 1, 4]]), 12);
  });

  it.each([
    [[], /^cronbachAlpha: no rows/],
    [[[1, 2]], /^cronbachAlpha: needs at least 2 complete rows, got 1/],
    [[[1, 2], [null, 3]], /^cronbachAlpha: needs at least 2 complete rows, got 1/],
    [[[1], [2], [3]], /^cronbachAlpha: needs at least 2 items, got 1/],
    [[[1, 2], [2, 1], [3, 0]], /^cronbachAlpha: the total score has zero variance/],
    [[[1, 2, 3], [2, 1]], /^cronbachAlpha: row 1 has 2 values, expected 3/],
    [[[1, 2], [Number.NaN, 1]], /^cronbachAlpha: row 1, column 0 is NaN/],
  ] as const)('throws naming the function on degenerate input %#', (rows, message) => {
    expect(() => cronbachAlpha(rows as unknown as (number | null)[][])).toThrow(message);
  });

  it('agrees with the covariance-matrix form, is at most 1, ignores row order, and does not mutate (seeded)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((k) =>
          fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: k, maxLength: k }), { minLength: 3, maxLength: 60 }),
        ),
        (rows) => {
          const totals = rows.map((r) => r.reduce((a, b) => a + b, 0));
          fc.pre(new Set(totals).size > 1);
          const frozen = Object.freeze(rows.map((r) => Object.freeze([...r])));
          const { alpha, n, k } = cronbachAlpha(frozen);
          expect(n).toBe(rows.length);
          expect(k).toBe(rows[0].length);
          expect(alpha).toBeLessThanOrEqual(1 + 1e-12);
          expect(alpha).toBeCloseTo(alphaFromCovariance(rows), 9);
          expect(cronbachAlpha([...rows].reverse()).alpha).toBeCloseTo(alpha, 12);
        },
      ),
      { seed: 0xa1fa, numRuns: 300 },
    );
  });
});
