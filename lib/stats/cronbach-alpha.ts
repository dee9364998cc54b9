/**
 * Cronbach's alpha: the internal-consistency reliability of a set of k items,
 *
 *   α = k / (k − 1) × (1 − Σ s²ᵢ / s²ₜ)
 *
 * where s²ᵢ is the variance of item i and s²ₜ the variance of the respondents' total
 * scores (Cronbach, 1951, Psychometrika 16(3), 297–334, eq. 2). Variances use the n − 1
 * denominator; the ratio is the same with n.
 */

export interface CronbachAlphaResult {
  /** May be negative when items covary negatively; at most 1. */
  readonly alpha: number;
  /** Complete rows used (after listwise deletion). */
  readonly n: number;
  /** Number of items (columns). */
  readonly k: number;
}

/**
 * Cronbach's alpha of a respondents × items matrix, with listwise deletion: a row with
 * any null (or undefined) is left out. Two passes over the data (means, then squared
 * deviations) for numerical stability. Cost O(n·k) time, O(k) memory. Does not mutate
 * its input.
 *
 * Throws 'cronbachAlpha: ...' when rows differ in length, a value is not finite, there
 * are fewer than 2 items or fewer than 2 complete rows, or the total score has zero
 * variance (alpha is undefined then).
 *
 * @example cronbachAlpha([[1, 1, 2], [2, 3, 2], [3, 3, 4], [4, 5, 4]])
 *   // { alpha: 0.9333… (= 14/15), n: 4, k: 3 }
 */
export function cronbachAlpha(rows: ReadonlyArray<ReadonlyArray<number | null>>): CronbachAlphaResult {
  if (rows.length === 0) throw new Error('cronbachAlpha: no rows (need at least 2 complete rows)');
  const k = rows[0].length;
  if (k < 2) throw new Error(`cronbachAlpha: needs at least 2 items, got ${k}`);

  const itemSums = new Float64Array(k);
  let totalSum = 0;
  let n = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== k) {
      throw new Error(`cronbachAlpha: row ${r} has ${row.length} values, expected ${k} (as row 0)`);
    }
    if (!isComplete(row, r)) continue;
    let total = 0;
    for (let i = 0; i < k; i++) {
      const v = row[i] as number;
      itemSums[i] += v;
      total += v;
    }
    totalSum += total;
    n++;
  }
  if (n < 2) throw new Error(`cronbachAlpha: needs at least 2 complete rows, got ${n}`);

  const itemMeans = itemSums.map((s) => s / n);
  const totalMean = totalSum / n;
  const itemSquares = new Float64Array(k);
  let totalSquares = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!isComplete(row, r)) continue;
    let total = 0;
    for (let i = 0; i < k; i++) {
      const v = row[i] as number;
      const d = v - itemMeans[i];
      itemSquares[i] += d * d;
      total += v;
    }
    const dt = total - totalMean;
    totalSquares += dt * dt;
  }
  let itemVarianceSum = 0;
  for (let i = 0; i < k; i++) itemVarianceSum += itemSquares[i] / (n - 1);
  const totalVariance = totalSquares / (n - 1);
  // Relative threshold: a total variance that is rounding noise is zero.
  if (!(totalVariance > 1e-12 * Math.max(1, totalMean * totalMean))) {
    throw new Error(`cronbachAlpha: the total score has zero variance over ${n} complete rows; alpha is undefined`);
  }
  const alpha = (k / (k - 1)) * (1 - itemVarianceSum / totalVariance);
  return { alpha, n, k };
}

function isComplete(row: ReadonlyArray<number | null>, r: number): boolean {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (v === null || v === undefined) return false;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`cronbachAlpha: row ${r}, column ${i} is ${String(v)}, not a finite number`);
    }
  }
  return true;
}
