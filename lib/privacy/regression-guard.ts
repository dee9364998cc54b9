import { assertMinimumGroupSize } from './suppression';

/**
 * Privacy rule 4: the regression guard for driver analysis.
 *
 * - Driver analysis is agency-wide only. There is deliberately no group or team input
 *   here: a per-team model over a handful of people could be inverted to individuals.
 * - A binary predictor is used only if each of its levels has at least k respondents;
 *   otherwise it is dropped, with a note. Its coefficient would otherwise describe the
 *   one or two people in the rare level.
 * - A model needs n ≥ max(30, 10 × predictors), counted after listwise deletion and
 *   after dropping rare binaries.
 * PURE.
 */
export interface GuardPredictor {
  name: string;
  label: string;
  kind: 'binary' | 'continuous';
  /** One value per complete row (0/1 for binary). */
  values: readonly number[];
}

export type GuardResult =
  | { ok: true; predictors: GuardPredictor[]; notes: string[]; n: number; nNeeded: number }
  | { ok: false; predictors: GuardPredictor[]; notes: string[]; n: number; nNeeded: number; message: string };

export const MIN_REGRESSION_N = 30;
export const RESPONSES_PER_PREDICTOR = 10;

export function requiredN(predictorCount: number): number {
  return Math.max(MIN_REGRESSION_N, RESPONSES_PER_PREDICTOR * predictorCount);
}

export function guardRegression(input: { k: number; n: number; predictors: readonly GuardPredictor[] }): GuardResult {
  assertMinimumGroupSize(input.k, 'guardRegression');
  const notes: string[] = [];
  const kept: GuardPredictor[] = [];
  for (const p of input.predictors) {
    if (p.values.length !== input.n) throw new Error(`guardRegression: predictor ${p.name} has ${p.values.length} values for ${input.n} rows`);
    if (p.kind === 'binary') {
      const ones = p.values.filter((v) => v === 1).length;
      const zeros = p.values.filter((v) => v === 0).length;
      if (ones + zeros !== p.values.length) throw new Error(`guardRegression: binary predictor ${p.name} has values other than 0 and 1`);
      if (Math.min(ones, zeros) < input.k) {
        notes.push(
          `${p.label} was left out: fewer than ${input.k} respondents are in one of its groups, so its result could describe individuals.`,
        );
        continue;
      }
    }
    kept.push(p);
  }
  const nNeeded = requiredN(kept.length);
  if (input.n < nNeeded) {
    return {
      ok: false,
      predictors: kept,
      notes,
      n: input.n,
      nNeeded,
      message: `Not enough responses yet: ${input.n} of ${nNeeded} needed.`,
    };
  }
  return { ok: true, predictors: kept, notes, n: input.n, nNeeded };
}
