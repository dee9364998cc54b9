import { describe, expect, it } from 'vitest';
import { StatsError } from './errors';
import {
  benjaminiHochberg,
  benjaminiYekutieli,
  holm,
  meanConfidenceInterval,
  meanConfidenceIntervalFromSummary,
  sampleMean,
  sampleStandardDeviation,
  sampleVariance,
  welchTTest,
  welchTTestFromSummaries,
} from './tests';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  const error = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  if (!(error <= tolerance)) throw new Error(`expected ${actual} ≈ ${expected} (relative ${tolerance}); error ${error}`);
}

describe('descriptive statistics', () => {
  it('mean, variance and SD of a textbook sample', () => {
    // Hand: mean 5, Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32, s² = 32/7.
    const x = Object.freeze([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(sampleMean(x)).toBe(5);
    expectRelative(sampleVariance(x), 32 / 7, 1e-15);
    expectRelative(sampleStandardDeviation(x), Math.sqrt(32 / 7), 1e-15);
  });

  it('variance survives a large offset (no naive Σx² − n·x̄² cancellation)', () => {
    // 4, 7, 13, 16 have variance 30 (hand: deviations ±6, ±3); shifting by 1e9 must not change it.
    expectRelative(sampleVariance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]), 30, 1e-12);
  });

  it('throws naming the function on degenerate input', () => {
    expect(() => sampleMean([])).toThrow(/^sampleMean: /);
    expect(() => sampleVariance([1])).toThrow(/^sampleVariance: /);
    expect(() => sampleStandardDeviation([1])).toThrow(/^sampleStandardDeviation: /);
    expect(() => sampleMean([1, Number.NaN])).toThrow(/^sampleMean: x\[1\]/);
    expect(() => sampleVariance([1, Infinity])).toThrow(StatsError);
  });
});

describe('meanConfidenceInterval', () => {
  it('matches a hand computation', () => {
    // x = 1..5: mean 3, s = √2.5, SE = √0.5, t(0.975, 4) = 2.7764451051977944 (mpmath;
    // table 2.776) → 3 ∓ 1.9632431614775577.
    const ci = meanConfidenceInterval(Object.freeze([1, 2, 3, 4, 5]));
    expect(ci.mean).toBe(3);
    expect(ci.n).toBe(5);
    expect(ci.level).toBe(0.95);
    expectRelative(ci.sd, Math.sqrt(2.5), 1e-15);
    expectRelative(ci.lower, 1.0367568385224423, 1e-14);
    expectRelative(ci.upper, 4.9632431614775577, 1e-14);
  });

  it('from a published summary equals the raw-data version', () => {
    const raw = meanConfidenceInterval([1, 2, 3, 4, 5], 0.9);
    const summary = meanConfidenceIntervalFromSummary({ n: 5, mean: 3, sd: Math.sqrt(2.5) }, 0.9);
    expectRelative(summary.lower, raw.lower, 1e-14);
    expectRelative(summary.upper, raw.upper, 1e-14);
    expect(summary.level).toBe(0.9);
  });

  it('a constant sample gives a zero-width interval, not NaN', () => {
    const ci = meanConfidenceInterval([4, 4, 4]);
    expect([ci.lower, ci.upper, ci.sd]).toEqual([4, 4, 0]);
  });

  it('throws naming the function', () => {
    expect(() => meanConfidenceInterval([1])).toThrow(/^meanConfidenceInterval: /);
    expect(() => meanConfidenceInterval([1, 2], 1)).toThrow(/^meanConfidenceInterval: level/);
    expect(() => meanConfidenceIntervalFromSummary({ n: 1, mean: 0, sd: 1 })).toThrow(/^meanConfidenceIntervalFromSummary: /);
    expect(() => meanConfidenceIntervalFromSummary({ n: 5, mean: 0, sd: -1 })).toThrow(/sd/);
  });
});

describe('welchTTest', () => {
  // Worked by hand (Welch 1947; Satterthwaite 1946 formulas):
  //   a = 1..5:        mean 3, s² = 2.5, s²/n = 0.5
  //   b = 3,5,7,9,11:  mean 7, s² = 10,  s²/n = 2
  //   SE² = 2.5, SE = 1.5811388300841898; t = (7 − 3)/SE = 2.5298221281347035
  //   df = 2.5² / (0.5²/4 + 2²/4) = 6.25/1.0625 = 100/17 = 5.882352941176471
  //   p = 2·P(T_{100/17} > 2.5298…) = 0.04546461897093045 (mpmath)
  //   CI = 4 ± t(0.975, 100/17)·SE = [0.11225835626302374, 7.8877416437369763] (mpmath)
  // R's t.test(a, b) reports the same df and p with t = −2.5298 (it takes a − b).
  const a = Object.freeze([1, 2, 3, 4, 5]);
  const b = Object.freeze([3, 5, 7, 9, 11]);

  it('matches the hand computation', () => {
    const result = welchTTest(a, b);
    expect(result.meanA).toBe(3);
    expect(result.meanB).toBe(7);
    expect(result.meanDifference).toBe(4);
    expect(result.nA).toBe(5);
    expect(result.nB).toBe(5);
    expectRelative(result.t, 2.5298221281347035, 1e-15);
    expectRelative(result.df, 100 / 17, 1e-15);
    expectRelative(result.pValue, 0.04546461897093045, 1e-13);
    expectRelative(result.confidenceInterval[0], 0.11225835626302374, 1e-12);
    expectRelative(result.confidenceInterval[1], 7.8877416437369763, 1e-14);
  });

  it('swapping the groups flips the sign only', () => {
    const forward = welchTTest(a, b);
    const backward = welchTTest(b, a);
    expect(backward.t).toBe(-forward.t);
    expect(backward.pValue).toBe(forward.pValue);
    expect(backward.confidenceInterval[0]).toBeCloseTo(-forward.confidenceInterval[1], 14);
  });

  it('from summaries gives the same result', () => {
    const fromSummaries = welchTTestFromSummaries({ n: 5, mean: 3, sd: Math.sqrt(2.5) }, { n: 5, mean: 7, sd: Math.sqrt(10) });
    const fromData = welchTTest(a, b);
    expectRelative(fromSummaries.t, fromData.t, 1e-14);
    expectRelative(fromSummaries.df, fromData.df, 1e-14);
    expectRelative(fromSummaries.pValue, fromData.pValue, 1e-13);
  });

  it('a 90% interval is narrower and uses t(0.95, df)', () => {
    const result = welchTTest(a, b, 0.9);
    // t(0.95, 100/17) = 1.9501625720474872 (mpmath).
    expectRelative(result.confidenceInterval[1] - 4, 1.9501625720474872 * Math.sqrt(2.5), 1e-13);
  });

  it('throws naming the function', () => {
    expect(() => welchTTest([1], [1, 2])).toThrow(/^welchTTest: a needs at least 2/);
    expect(() => welchTTest([1, 1], [2, 2])).toThrow(/^welchTTest: both groups have zero variance/);
    expect(() => welchTTest([1, 2], [2, Number.NaN])).toThrow(/^welchTTest: b\[1\]/);
    expect(() => welchTTestFromSummaries({ n: 1, mean: 0, sd: 1 }, { n: 3, mean: 0, sd: 1 })).toThrow(
      /^welchTTestFromSummaries: a\.n/,
    );
    expect(() => welchTTestFromSummaries({ n: 3, mean: 0, sd: 0 }, { n: 3, mean: 1, sd: 0 })).toThrow(
      /^welchTTestFromSummaries: /,
    );
  });
});

describe('benjaminiHochberg and holm (as R p.adjust)', () => {
  // Derived by hand with R's definitions:
  //   BH:   q(j) = min over k ≥ j of min(1, (m/k)·p(k))
  //   Holm: h(j) = max over k ≤ j of min(1, (m − k + 1)·p(k))
  // p = (0.04, 0.001, 0.3, 0.04, 0.9, 0.012), m = 6; sorted ranks:
  //   0.001 (#2), 0.012 (#6), 0.04 (#1), 0.04 (#4), 0.3 (#3), 0.9 (#5)
  //   BH raw:   6·0.001=0.006, 3·0.012=0.036, 2·0.04=0.08, 1.5·0.04=0.06, 1.2·0.3=0.36, 0.9
  //   BH cummin from the top: 0.006, 0.036, 0.06, 0.06, 0.36, 0.9
  //   Holm raw: 6·0.001=0.006, 5·0.012=0.06, 4·0.04=0.16, 3·0.04=0.12, 2·0.3=0.6, 1·0.9=0.9
  //   Holm cummax: 0.006, 0.06, 0.16, 0.16, 0.6, 0.9
  const p = Object.freeze([0.04, 0.001, 0.3, 0.04, 0.9, 0.012]);

  it('BH in input order', () => {
    const q = benjaminiHochberg(p);
    const expected = [0.06, 0.006, 0.36, 0.06, 0.9, 0.036];
    q.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 15));
  });

  it('Holm in input order', () => {
    const h = holm(p);
    const expected = [0.16, 0.006, 0.6, 0.16, 0.9, 0.06];
    h.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 15));
  });

  it('caps at 1 and handles the all-equal-rank case', () => {
    // p = (0.5, 0.6): BH raw 1.0, 0.6 → cummin 0.6, 0.6; Holm raw 1.0, 0.6 → cummax 1, 1.
    expect(benjaminiHochberg([0.5, 0.6])).toEqual([0.6, 0.6]);
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
    // p = 0.01..0.05: BH all 0.05; Holm 0.05, 0.08, 0.09, 0.09, 0.09.
    benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]).forEach((q) => expect(q).toBeCloseTo(0.05, 15));
    const h = holm([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((value, i) => expect(h[i]).toBeCloseTo(value, 15));
  });

  it('adjusted values are never below the raw ones, and an empty list stays empty', () => {
    const q = benjaminiHochberg(p);
    const h = holm(p);
    p.forEach((value, i) => {
      expect(q[i]).toBeGreaterThanOrEqual(value);
      expect(h[i]).toBeGreaterThanOrEqual(q[i]);
    });
    expect(benjaminiHochberg([])).toEqual([]);
    expect(holm([])).toEqual([]);
  });

  it('throws naming the function for values outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.1, 1.2])).toThrow(/^benjaminiHochberg: p\[1\]/);
    expect(() => holm([Number.NaN])).toThrow(/^holm: p\[0\]/);
  });
});

describe('benjaminiYekutieli (as R p.adjust "BY")', () => {
  // Worked by hand from the definition (Benjamini & Yekutieli 2001; R's p.adjust "BY"):
  // p = (0.04, 0.001, 0.3, 0.04, 0.9, 0.012), m = 6, c(6) = 1 + 1/2 + 1/3 + 1/4 + 1/5 + 1/6 = 49/20 = 2.45.
  // BY is BH times c(m) before the running minimum and the cap at 1:
  //   BH raw (above): 0.006, 0.036, 0.08, 0.06, 0.36, 0.9 → × 2.45: 0.0147, 0.0882, 0.196, 0.147, 0.882, 2.205
  //   cummin from the top, capped at 1: 0.0147, 0.0882, 0.147, 0.147, 0.882, 1
  const p = Object.freeze([0.04, 0.001, 0.3, 0.04, 0.9, 0.012]);

  it('adjusts in input order', () => {
    const q = benjaminiYekutieli(p);
    const expected = [0.147, 0.0147, 0.882, 0.147, 1, 0.0882];
    q.forEach((v, i) => expectRelative(v, expected[i]!, 1e-12));
  });

  it('is BH times c(m) wherever neither is capped, and never below BH', () => {
    const bh = benjaminiHochberg(p);
    const by = benjaminiYekutieli(p);
    by.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(bh[i]!));
    expectRelative(by[1]!, bh[1]! * 2.45, 1e-12);
  });

  it('handles the empty family and refuses invalid p-values', () => {
    expect(benjaminiYekutieli([])).toEqual([]);
    expect(() => benjaminiYekutieli([0.2, 1.5])).toThrow(/benjaminiYekutieli/);
    expect(() => benjaminiYekutieli([Number.NaN])).toThrow(/benjaminiYekutieli/);
  });
});
