import { z } from 'zod';
import type { InstrumentDefinition, ResponseScale } from '@/lib/instruments';

/**
 * Item answers: item id → answer. A plain object (as stored in JSON), an array indexed
 * by item id (the fast form), or a Map. `null` and `undefined` both mean unanswered.
 * Only the definition's item ids are read; other keys are ignored (validate a form
 * with `answersSchema`, which rejects them).
 */
export type ItemAnswers =
  | { readonly [itemId: number]: number | null | undefined }
  | ReadonlyMap<number, number | null | undefined>;

/**
 * Thrown when an answer is not a whole number on the instrument's response scale.
 * Names the instrument and the item, e.g.
 * `scoreInstrument: proqol5 item 7: 6 is outside 1-5`.
 */
export class ScoringInputError extends Error {
  override readonly name = 'ScoringInputError';
  readonly instrumentId: string;
  readonly itemId: number;
  readonly value: unknown;
  /** The problem alone, e.g. `6 is outside 1-5`. */
  readonly problem: string;

  constructor(instrumentId: string, itemId: number, value: unknown, problem: string) {
    super(`scoreInstrument: ${instrumentId} item ${itemId}: ${problem}`);
    this.instrumentId = instrumentId;
    this.itemId = itemId;
    this.value = value;
    this.problem = problem;
  }
}

/**
 * Why a value is not a valid answer on the scale, or null if it is valid or missing
 * (null/undefined). The one wording used by the scorer and the CLI.
 *
 * @example describeAnswerProblem({ min: 1, max: 5, labels: [] }, 6) // '6 is outside 1-5'
 * @example describeAnswerProblem({ min: 1, max: 5, labels: [] }, 2.5) // '2.5 is not a whole number'
 */
export function describeAnswerProblem(scale: Pick<ResponseScale, 'min' | 'max'>, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number') return `${JSON.stringify(value) ?? String(value)} is not a number`;
  if (!Number.isInteger(value)) return `${String(value)} is not a whole number`;
  if (value < scale.min || value > scale.max) return `${value} is outside ${scale.min}-${scale.max}`;
  return null;
}

/**
 * Reverse-keys an answer: min + max − value (6 − value on the ProQOL 1–5 scale).
 * Its own inverse.
 *
 * @example reverseAnswer({ min: 1, max: 5, labels: [] }, 1) // 5
 */
export function reverseAnswer(scale: Pick<ResponseScale, 'min' | 'max'>, value: number): number {
  return scale.min + scale.max - value;
}

/**
 * Zod schema for a check-in form's answers to one instrument: an object keyed by item
 * id (as JSON keys, "1".."30"), each a whole number on the scale or null; unknown item
 * ids are rejected; absent items are unanswered. The output is ready for `scoreInstrument`.
 * Build it once per definition (it is not cached).
 *
 * @example answersSchema(PROQOL5).safeParse({ '1': 3, '2': null }).success === true
 */
export function answersSchema(definition: InstrumentDefinition) {
  const { min, max } = definition.responseScale;
  const value = z.int().min(min).max(max).nullable().optional();
  const shape: Record<string, typeof value> = {};
  for (const item of definition.items) shape[String(item.id)] = value;
  return z.strictObject(shape);
}
