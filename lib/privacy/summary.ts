import { studentTQuantile } from '@/lib/stats/distributions';

/** Mean, sample SD and t-based 95% CI of the mean of one cell's scores. */
export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95: readonly [number, number];
}

/**
 * Summarize one cell's scores: n, mean, sample standard deviation and the
 * t-based 95% confidence interval of the mean.
 *
 * Definition: mean = Σx / n; sd = √(Σ(x − mean)² / (n − 1)) (two-pass, so
 * no cancellation); ci95 = mean ± t(0.975, n − 1) · sd / √n, the standard
 * Student-t interval (e.g. Moore, McCabe & Craig, *Introduction to the
 * Practice of Statistics*, §7.1). Cost: O(n log n) for the sort.
 *
 * The values are summed in sorted order. Floating-point addition is not
 * associative, so summing in input order could change the last bits of a
 * published mean when the database returns rows in another order; sorting
 * makes the result a function of the multiset of scores alone.
 *
 * Only called for cells the suppression plan shows, so n ≥ k ≥ 3 here; it
 * still throws below 2 values (no SD) rather than return NaN.
 *
 * @example
 * summarizeSample([20, 25, 30, 35, 40]);
 * // { n: 5, mean: 30, sd: 7.905694150420948, ci95: [20.18397..., 39.81602...] }
 */
export function summarizeSample(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n < 2) throw new RangeError(`summarizeSample: needs at least 2 values, got ${n}`);
  const sorted = [...values].sort((a, b) => a - b);
  for (const x of sorted) {
    if (!Number.isFinite(x)) throw new RangeError(`summarizeSample: values must be finite, got ${x}`);
  }
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of sorted) squares += (x - mean) * (x - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const halfWidth = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: [mean - halfWidth, mean + halfWidth] };
}
