/**
 * Fixed-decimal formatting of estimates and confidence intervals for text
 * shown to people.
 *
 * Why a shared helper: `(-0.04).toFixed(1)` is "-0.0", and a printed interval
 * such as "95% CI −0.0 to 1.2" reads as if the estimate had a sign it does
 * not have (issue 11). Every place that prints an estimate or a CI bound uses
 * {@link formatFixed} so that none can show a negative zero.
 *
 * Conventions, matching the existing call sites (`fmtSigned` in
 * lib/drivers/analyze.ts, `f1` in lib/recommendations/engine.ts, `formatMean`
 * in components/charts/dashboard-model.ts): negatives carry the typographic
 * minus "−" (U+2212), positives no sign, and rounding is that of
 * `Number.prototype.toFixed` on the exact binary value.
 */
import { StatsError } from './errors';

/** U+2212 MINUS SIGN: the typographic minus, as the app's other number formats use. */
const MINUS = '\u2212';

/**
 * `x` rounded to `digits` decimals, with "−" for negatives and never a
 * negative zero.
 *
 * Definition: the text of `Math.abs(x).toFixed(digits)`, prefixed with "−"
 * when x < 0 and that text is not all zeros. So −0, and every negative value
 * that rounds to zero, print as "0.0" (for `digits` = 1).
 * Rounding: `toFixed` rounds the exact binary value of x to nearest, ties away
 * from zero (ECMAScript Number.prototype.toFixed). A decimal literal is
 * usually not exactly representable, so its apparent tie falls to one side:
 * −0.05 is stored as −0.05000000000000000277…, so it prints "−0.1", while
 * −0.04999… prints "0.0"; −1.25 is exact, a true tie, and prints "−1.3";
 * 0.35 is stored as 0.34999999999999997…, so it prints "0.3".
 * Throws a {@link StatsError} for a non-finite x (nothing should print "NaN")
 * and for `digits` outside the integers 0–100 that `toFixed` accepts.
 * Cost: O(digits).
 *
 * @example
 * formatFixed(0.2);      // "0.2"
 * formatFixed(-1.25);    // "−1.3"
 * formatFixed(-0.04);    // "0.0"
 * formatFixed(-0);       // "0.0"
 * formatFixed(-0.05);    // "−0.1"
 * formatFixed(-0.004, 2); // "0.00"
 */
export function formatFixed(x: number, digits = 1): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new StatsError('formatFixed', `x must be a finite number, got ${String(x)}`);
  }
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new StatsError('formatFixed', `digits must be an integer from 0 to 100, got ${String(digits)}`);
  }
  const magnitude = Math.abs(x).toFixed(digits);
  // All zeros ("0", "0.0", "0.00", …): zero has no sign.
  if (x >= 0 || /^0(\.0*)?$/.test(magnitude)) return magnitude;
  return `${MINUS}${magnitude}`;
}

/**
 * A confidence interval's bounds as "lo to hi", each through {@link formatFixed}.
 *
 * Definition: `${formatFixed(lo, digits)} to ${formatFixed(hi, digits)}`.
 * "to" rather than a dash, so negative bounds read clearly. The confidence
 * level is the caller's to state, e.g. `95% CI ${formatCi(lo, hi)}`.
 * Throws a {@link StatsError} for non-finite bounds or for lo > hi (a
 * reversed interval is a bug upstream, not something to print).
 * Cost: O(digits).
 *
 * @example
 * formatCi(-1.25, 0.5);   // "−1.3 to 0.5"
 * formatCi(-0.04, 0.31);  // "0.0 to 0.3"
 * formatCi(21, 23.8);     // "21.0 to 23.8"
 */
export function formatCi(lo: number, hi: number, digits = 1): string {
  if (lo > hi) throw new StatsError('formatCi', `lower bound ${String(lo)} exceeds upper bound ${String(hi)}`);
  return `${formatFixed(lo, digits)} to ${formatFixed(hi, digits)}`;
}
