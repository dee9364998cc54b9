/**
 * Descriptive statistics, t-based confidence intervals, Welch's t-test and
 * multiple-testing adjustments (Benjamini–Hochberg, Holm).
 *
 * Every function takes readonly input, never mutates it, and throws a
 * {@link StatsError} naming itself on degenerate input (too few values,
 * non-finite values, zero standard error, a probability outside [0, 1]).
 */
import { studentTQuantile, studentTTwoSidedPValue } from './distributions';
import { StatsError } from './errors';

/** Published summary of one group: sample size, mean and sample SD (n − 1 denominator). */
export interface GroupSummary {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
}

/** Result of {@link welchTTest} and {@link welchTTestFromSummaries}. */
export interface WelchTTestResult {
  /** t statistic, (meanB − meanA) / standardError: positive when group b is higher. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (usually not an integer). */
  df: number;
  /** Two-sided p-value P(|T_df| ≥ |t|). */
  pValue: number;
  /** meanB − meanA. */
  meanDifference: number;
  /** Confidence interval for meanB − meanA at `level`. */
  confidenceInterval: [number, number];
  /** √(sA²/nA + sB²/nB). */
  standardError: number;
  level: number;
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
}

/** Result of {@link meanConfidenceInterval} and {@link meanConfidenceIntervalFromSummary}. */
export interface MeanConfidenceInterval {
  mean: number;
  /** Sample standard deviation (n − 1 denominator). */
  sd: number;
  n: number;
  /** sd / √n. */
  standardError: number;
  lower: number;
  upper: number;
  level: number;
}

function checkValues(fn: string, x: readonly number[], minimum: number, label = 'x'): void {
  if (!Array.isArray(x) && !ArrayBuffer.isView(x)) {
    throw new StatsError(fn, `${label} must be an array of numbers`);
  }
  if (x.length < minimum) {
    throw new StatsError(fn, `${label} needs at least ${minimum} value${minimum === 1 ? '' : 's'}, got ${x.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatsError(fn, `${label}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
}

function checkLevel(fn: string, level: number): void {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new StatsError(fn, `level must be strictly between 0 and 1, got ${String(level)}`);
  }
}

/** Mean with one corrective pass (sum of deviations from the first estimate). */
function meanOf(x: readonly number[]): number {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const first = sum / n;
  let correction = 0;
  for (let i = 0; i < n; i++) correction += x[i] - first;
  return first + correction / n;
}

/** Corrected two-pass sum of squared deviations (Chan, Golub & LeVeque 1983). */
function sumSquaredDeviations(x: readonly number[], mean: number): number {
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - mean;
    ss += d * d;
    comp += d;
  }
  return Math.max(0, ss - (comp * comp) / x.length);
}

/**
 * Sample mean x̄ = (1/n) Σ xᵢ.
 *
 * Source: two-pass mean (the second pass adds the mean of the residuals
 * xᵢ − x̄₁), which removes most rounding error of the plain sum.
 * Cost: O(n). Throws for an empty array or a non-finite value.
 *
 * @example
 * sampleMean([1, 2, 3, 4]); // 2.5
 */
export function sampleMean(x: readonly number[]): number {
  checkValues('sampleMean', x, 1);
  return meanOf(x);
}

/**
 * Sample variance s² = Σ (xᵢ − x̄)² / (n − 1) (unbiased, as R's `var`).
 *
 * Source: corrected two-pass algorithm, Chan, Golub & LeVeque, "Algorithms for
 * computing the sample variance", The American Statistician 37 (1983).
 * Cost: O(n). Throws for n < 2 or a non-finite value.
 *
 * @example
 * sampleVariance([2, 4, 4, 4, 5, 5, 7, 9]); // 4.571428571428571 (= 32/7)
 */
export function sampleVariance(x: readonly number[]): number {
  checkValues('sampleVariance', x, 2);
  return sumSquaredDeviations(x, meanOf(x)) / (x.length - 1);
}

/**
 * Sample standard deviation s = √(sample variance) (n − 1 denominator, as R's `sd`).
 *
 * Source and cost as {@link sampleVariance}. Throws for n < 2.
 *
 * @example
 * sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138089935299395 (= √(32/7))
 */
export function sampleStandardDeviation(x: readonly number[]): number {
  checkValues('sampleStandardDeviation', x, 2);
  return Math.sqrt(sumSquaredDeviations(x, meanOf(x)) / (x.length - 1));
}

function checkSummary(fn: string, s: GroupSummary, label: string): void {
  if (s === null || typeof s !== 'object') throw new StatsError(fn, `${label} must be { n, mean, sd }`);
  if (typeof s.n !== 'number' || !Number.isInteger(s.n) || s.n < 2) {
    throw new StatsError(fn, `${label}.n must be an integer ≥ 2, got ${String(s.n)}`);
  }
  if (typeof s.mean !== 'number' || !Number.isFinite(s.mean)) {
    throw new StatsError(fn, `${label}.mean must be a finite number, got ${String(s.mean)}`);
  }
  if (typeof s.sd !== 'number' || !Number.isFinite(s.sd) || s.sd < 0) {
    throw new StatsError(fn, `${label}.sd must be a finite number ≥ 0, got ${String(s.sd)}`);
  }
}

function confidenceIntervalFromSummary(s: GroupSummary, level: number): MeanConfidenceInterval {
  const standardError = s.sd / Math.sqrt(s.n);
  const q = studentTQuantile(1 - (1 - level) / 2, s.n - 1);
  const half = q * standardError;
  return {
    mean: s.mean,
    sd: s.sd,
    n: s.n,
    standardError,
    lower: s.mean - half,
    upper: s.mean + half,
    level,
  };
}

/**
 * t-based confidence interval for a population mean: x̄ ± t_{(1+level)/2, n−1} · s/√n.
 *
 * Source: Student (1908); any introductory text, e.g. Moore, McCabe & Craig,
 * Introduction to the Practice of Statistics §7.1. A constant sample gives a
 * zero-width interval at the mean (the data show no variation), not an error.
 * Cost: O(n) plus one t quantile.
 * Throws for n < 2, a non-finite value or a level outside (0, 1).
 *
 * @example
 * meanConfidenceInterval([1, 2, 3, 4, 5]);
 * // { mean: 3, sd: 1.5811388300841898, n: 5, standardError: 0.7071067811865476,
 * //   lower: 1.0367568385224413, upper: 4.963243161477559, level: 0.95 }
 */
export function meanConfidenceInterval(x: readonly number[], level = 0.95): MeanConfidenceInterval {
  const fn = 'meanConfidenceInterval';
  checkValues(fn, x, 2);
  checkLevel(fn, level);
  const mean = meanOf(x);
  const sd = Math.sqrt(sumSquaredDeviations(x, mean) / (x.length - 1));
  return confidenceIntervalFromSummary({ n: x.length, mean, sd }, level);
}

/**
 * {@link meanConfidenceInterval} from a published summary `{ n, mean, sd }`
 * (sd with the n − 1 denominator).
 *
 * Cost: one t quantile. Throws for n < 2 (or not an integer), a non-finite
 * mean, a negative sd or a level outside (0, 1).
 *
 * @example
 * meanConfidenceIntervalFromSummary({ n: 11, mean: 10, sd: 2 });
 * // { mean: 10, sd: 2, n: 11, standardError: 0.6030226891555273,
 * //   lower: 8.656381717663326, upper: 11.343618282336674, level: 0.95 }
 */
export function meanConfidenceIntervalFromSummary(summary: GroupSummary, level = 0.95): MeanConfidenceInterval {
  const fn = 'meanConfidenceIntervalFromSummary';
  checkSummary(fn, summary, 'summary');
  checkLevel(fn, level);
  return confidenceIntervalFromSummary(summary, level);
}

function welchFromSummaries(fn: string, a: GroupSummary, b: GroupSummary, level: number): WelchTTestResult {
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const variance = va + vb;
  if (!(variance > 0)) {
    throw new StatsError(fn, 'both groups have zero variance, so the standard error is 0 and t is undefined');
  }
  const standardError = Math.sqrt(variance);
  const df = (variance * variance) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const meanDifference = b.mean - a.mean;
  const t = meanDifference / standardError;
  const pValue = studentTTwoSidedPValue(t, df);
  const half = studentTQuantile(1 - (1 - level) / 2, df) * standardError;
  return {
    t,
    df,
    pValue,
    meanDifference,
    confidenceInterval: [meanDifference - half, meanDifference + half],
    standardError,
    level,
    nA: a.n,
    nB: b.n,
    meanA: a.mean,
    meanB: b.mean,
  };
}

/**
 * Welch's unequal-variance two-sample t-test of mean(b) − mean(a).
 *
 * Definition: t = (x̄_b − x̄_a)/SE with SE = √(s_a²/n_a + s_b²/n_b);
 * Welch–Satterthwaite df = SE⁴ / [ (s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1) ];
 * two-sided p = P(|T_df| ≥ |t|); CI = (x̄_b − x̄_a) ± t_{(1+level)/2, df}·SE.
 * Note the sign: this is b minus a (later cycle minus earlier cycle), the
 * opposite of R's `t.test(a, b)`, whose t has the other sign (same p, df).
 * Source: B. L. Welch, Biometrika 34 (1947) 28–35; F. E. Satterthwaite,
 * Biometrics Bulletin 2 (1946) 110–114.
 * Cost: O(n_a + n_b) plus one incomplete beta and one t quantile.
 * Throws for fewer than 2 values in a group, non-finite values, or both
 * groups constant (SE = 0).
 *
 * @example
 * welchTTest([1, 2, 3, 4, 5], [3, 5, 7, 9, 11]);
 * // meanDifference 4, standardError √2.5 = 1.5811388300841898,
 * // t 2.5298221281347035, df 5.882352941176471 (= 100/17), pValue 0.045464618970930425
 */
export function welchTTest(a: readonly number[], b: readonly number[], level = 0.95): WelchTTestResult {
  const fn = 'welchTTest';
  checkValues(fn, a, 2, 'a');
  checkValues(fn, b, 2, 'b');
  checkLevel(fn, level);
  const meanA = meanOf(a);
  const meanB = meanOf(b);
  const sdA = Math.sqrt(sumSquaredDeviations(a, meanA) / (a.length - 1));
  const sdB = Math.sqrt(sumSquaredDeviations(b, meanB) / (b.length - 1));
  return welchFromSummaries(fn, { n: a.length, mean: meanA, sd: sdA }, { n: b.length, mean: meanB, sd: sdB }, level);
}

/**
 * {@link welchTTest} from published summaries `{ n, mean, sd }` of each group
 * (sd with the n − 1 denominator). Same result shape and sign convention
 * (b − a).
 *
 * Cost: O(1) plus one incomplete beta and one t quantile.
 * Throws for n < 2, a negative or non-finite sd, or both sds 0.
 *
 * @example
 * welchTTestFromSummaries({ n: 5, mean: 3, sd: Math.sqrt(2.5) }, { n: 5, mean: 7, sd: Math.sqrt(10) });
 * // same as welchTTest([1, 2, 3, 4, 5], [3, 5, 7, 9, 11]): t 2.5298221281347035, df 100/17
 */
export function welchTTestFromSummaries(a: GroupSummary, b: GroupSummary, level = 0.95): WelchTTestResult {
  const fn = 'welchTTestFromSummaries';
  checkSummary(fn, a, 'a');
  checkSummary(fn, b, 'b');
  checkLevel(fn, level);
  return welchFromSummaries(fn, a, b, level);
}

function checkPValues(fn: string, p: readonly number[]): void {
  if (!Array.isArray(p) && !ArrayBuffer.isView(p)) throw new StatsError(fn, 'p must be an array of p-values');
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (typeof v !== 'number' || Number.isNaN(v) || v < 0 || v > 1) {
      throw new StatsError(fn, `p[${i}] must be a p-value in [0, 1], got ${String(v)}`);
    }
  }
}

/** Indices of p sorted by value (stable), ascending. */
function orderAscending(p: readonly number[]): number[] {
  const index = Array.from({ length: p.length }, (_, i) => i);
  index.sort((i, j) => p[i] - p[j] || i - j);
  return index;
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values controlling the false
 * discovery rate), returned in input order.
 *
 * Definition: with p₍₁₎ ≤ … ≤ p₍ₘ₎, q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎ / j).
 * Identical to R's `p.adjust(p, "BH")`, including the order of operations
 * (m/j)·p. Reject H₍ᵢ₎ at FDR α when q₍ᵢ₎ ≤ α.
 * Source: Y. Benjamini & Y. Hochberg, JRSS B 57 (1995) 289–300.
 * Cost: O(m log m). An empty array gives an empty array (nothing to adjust).
 * Throws for a value outside [0, 1] or NaN.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
 * // [0.02, 0.04, 0.039999999999999994, 0.02]  (R prints 0.04; (4/3)·0.03 rounds the same way)
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  checkPValues('benjaminiHochberg', p);
  const m = p.length;
  const order = orderAscending(p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    const value = Math.min(1, (m / (k + 1)) * p[i]);
    running = Math.min(running, value);
    adjusted[i] = running;
  }
  return adjusted;
}

/**
 * Benjamini–Yekutieli adjusted p-values (q-values controlling the false discovery
 * rate under ANY dependence between the tests), returned in input order.
 *
 * Definition: with p₍₁₎ ≤ … ≤ p₍ₘ₎ and c(m) = Σᵢ₌₁..ₘ 1/i,
 * q₍ᵢ₎ = min_{j ≥ i} min(1, c(m)·m·p₍ⱼ₎ / j). Identical to R's `p.adjust(p, "BY")`.
 * Use it when the tests share respondents or measures whose dependence is not known
 * to be positive (BH's guarantee needs positive regression dependence, PRDS).
 * Source: Y. Benjamini & D. Yekutieli, Annals of Statistics 29 (2001) 1165–1188, Theorem 1.3.
 * Cost: O(m log m). An empty array gives an empty array.
 * Throws for a value outside [0, 1] or NaN.
 *
 * @example
 * // m = 4, c(4) = 1 + 1/2 + 1/3 + 1/4 = 25/12
 * benjaminiYekutieli([0.01, 0.04, 0.03, 0.005]);
 * // [0.0416…, 0.0833…, 0.0833…, 0.0416…]  ((25/12)·(4/2)·0.01, (25/12)·0.04, …)
 */
export function benjaminiYekutieli(p: readonly number[]): number[] {
  checkPValues('benjaminiYekutieli', p);
  const m = p.length;
  let c = 0;
  for (let i = 1; i <= m; i++) c += 1 / i;
  const order = orderAscending(p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    const value = Math.min(1, ((c * m) / (k + 1)) * p[i]);
    running = Math.min(running, value);
    adjusted[i] = running;
  }
  return adjusted;
}

/**
 * Holm's step-down adjusted p-values (family-wise error control), returned in
 * input order.
 *
 * Definition: with p₍₁₎ ≤ … ≤ p₍ₘ₎, h₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎).
 * Identical to R's `p.adjust(p, "holm")`.
 * Source: S. Holm, Scandinavian Journal of Statistics 6 (1979) 65–70.
 * Cost: O(m log m). An empty array gives an empty array.
 * Throws for a value outside [0, 1] or NaN.
 *
 * @example
 * holm([0.01, 0.04, 0.03, 0.005]); // [0.03, 0.06, 0.06, 0.02]
 */
export function holm(p: readonly number[]): number[] {
  checkPValues('holm', p);
  const m = p.length;
  const order = orderAscending(p);
  const adjusted = new Array<number>(m);
  let running = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k];
    running = Math.max(running, Math.min(1, (m - k) * p[i]));
    adjusted[i] = running;
  }
  return adjusted;
}
