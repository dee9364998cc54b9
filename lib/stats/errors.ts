/**
 * Errors thrown by the statistics core.
 *
 * Every degenerate input (too few observations, zero variance, mismatched
 * lengths, non-finite values) throws a {@link StatsError} whose message starts
 * with the name of the function that refused it, e.g.
 * `sampleVariance: needs at least 2 values, got 1`. Nothing in `lib/stats`
 * returns NaN quietly.
 *
 * @example
 * try { sampleVariance([1]); } catch (error) {
 *   (error as StatsError).message;      // "sampleVariance: x needs at least 2 values, got 1"
 *   (error as StatsError).functionName; // "sampleVariance"
 * }
 */
export class StatsError extends Error {
  /** The exported function that rejected its input, e.g. `"fitOls"`. */
  readonly functionName: string;

  constructor(functionName: string, detail: string) {
    super(`${functionName}: ${detail}`);
    this.name = 'StatsError';
    this.functionName = functionName;
  }
}

/**
 * A design matrix whose columns are linearly dependent (to working precision).
 * `aliased` names the columns that are linear combinations of the columns
 * before them, in the order given (the same columns R's `lm()` reports as NA).
 * The fit is refused rather than silently dropping them.
 *
 * @example
 * try { fitOls({ columns: [a, b, a.map((v, i) => v + b[i])] }, y, { names: ['a', 'b', 'a+b'] }); }
 * catch (error) { (error as RankDeficientError).aliased; } // ["a+b"]
 */
export class RankDeficientError extends StatsError {
  /** Names of the columns that are aliased with earlier columns. */
  readonly aliased: string[];

  constructor(functionName: string, aliased: readonly string[], detail?: string) {
    super(
      functionName,
      detail ??
        `design matrix is rank deficient; aliased column${aliased.length === 1 ? '' : 's'}: ${aliased.join(', ')}`,
    );
    this.name = 'RankDeficientError';
    this.aliased = [...aliased];
  }
}
