/**
 * Number formatting for driver sentences and tables. PURE.
 *
 * Signed numbers and intervals go through lib/stats/format (formatFixed, formatCi), so no
 * "−0.0" is ever printed (issue 11). These two helpers cover the driver-specific cases.
 */
import { formatFixed } from '@/lib/stats/format';

/**
 * |x| with `digits` decimals, for "3.1 points lower" where the word carries the sign.
 *
 * @example formatMagnitude(-3.14); // "3.1"
 */
export function formatMagnitude(x: number, digits = 1): string {
  return formatFixed(Math.abs(x), digits);
}

/**
 * A p- or q-value as APA prints it: three decimals without the leading zero, "< .001"
 * below that. Throws for a value outside [0, 1].
 *
 * @example formatProbability(0.0312); // ".031"
 */
export function formatProbability(p: number): string {
  if (!(p >= 0 && p <= 1)) throw new Error(`formatProbability: p must be in [0, 1], got ${String(p)}`);
  if (p < 0.001) return '< .001';
  return p.toFixed(3).replace(/^0/, '');
}
