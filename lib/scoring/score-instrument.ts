import { checkDefinition, type InstrumentDefinition, type Level } from '@/lib/instruments';
import { levelByCutPoints } from '@/lib/measures';
import { describeAnswerProblem, ScoringInputError, type ItemAnswers } from './answers';

interface SubscaleScoreCommon {
  readonly subscaleId: string;
  /** Human name, e.g. "Burnout". */
  readonly name: string;
  readonly answered: number;
  readonly missing: number;
  /** Ids of the unanswered items, in the subscale's order. */
  readonly missingItems: readonly number[];
}

/** A subscale that could be scored. */
export interface ScoredSubscale extends SubscaleScoreCommon {
  readonly valid: true;
  /** Raw score: the sum (or mean) after reverse keying; prorated if items were missing. */
  readonly score: number;
  /** True when missing items were allowed for and the score estimated from the rest. */
  readonly prorated: boolean;
  /** null when the subscale has no cut points. */
  readonly level: Level | null;
  readonly reason: null;
}

/** A subscale with too many unanswered items to score. */
export interface UnscoredSubscale extends SubscaleScoreCommon {
  readonly valid: false;
  readonly score: null;
  readonly prorated: false;
  readonly level: null;
  /** A sentence for the staff member, e.g. "Burnout was not scored: 3 of its 10 items were unanswered (at most 2 may be missing)." */
  readonly reason: string;
}

export type SubscaleScore = ScoredSubscale | UnscoredSubscale;

/** The result of scoring one response; plain JSON, ready to store. */
export interface InstrumentScore {
  readonly instrumentId: string;
  readonly instrumentVersion: string;
  /** Keyed by subscale id, in the definition's order. */
  readonly subscales: { readonly [subscaleId: string]: SubscaleScore };
}

/** A compiled scorer for one definition. */
export type Scorer = (answers: ItemAnswers) => InstrumentScore;

interface CompiledSubscale {
  readonly id: string;
  readonly name: string;
  readonly items: Int32Array;
  /** 1 where the item at the same index is reverse-keyed. */
  readonly reverse: Uint8Array;
  readonly k: number;
  readonly maxMissing: number;
  readonly isSum: boolean;
  readonly hasLevels: boolean;
  readonly lowMax: number;
  readonly highMin: number;
}

const NO_ITEMS: readonly number[] = Object.freeze([]);

/**
 * Compiles a definition into a fast scoring function. Validates the definition once
 * (throws 'createScorer: ...' if it is inconsistent) and precomputes typed index arrays,
 * so each call only reads the answers, sums and allocates its result objects.
 *
 * Rules, per subscale of k items with allowance maxMissing:
 * - every answer read must be a whole number on the response scale, else a
 *   ScoringInputError naming the item is thrown (null/undefined = unanswered);
 * - reverse-keyed items count as min + max − value;
 * - missing ≤ maxMissing: `sum` = sum of answered items when complete, else
 *   mean of answered × k rounded to one decimal (half up), `prorated: true`;
 *   `mean` = mean of answered items rounded to two decimals (prorated when any missing);
 * - missing > maxMissing: not scored, with a reason sentence;
 * - level from the reported score: low ≤ lowMax, high ≥ highMin, else moderate.
 *
 * Cost: O(number of items) per call; about 0.2–0.5 µs per ProQOL response on one core
 * (see scripts/bench/scoring.ts).
 *
 * @example createScorer(PROQOL5)(allThrees).subscales.burnout.score === 30
 */
export function createScorer(definition: InstrumentDefinition): Scorer {
  const problems = checkDefinition(definition);
  if (problems.length > 0) {
    throw new Error(`createScorer: definition "${definition.id}" is inconsistent: ${problems.join('; ')}`);
  }
  const { id: instrumentId, version: instrumentVersion } = definition;
  const scale = definition.responseScale;
  const lo = scale.min;
  const hi = scale.max;
  const reverseSum = lo + hi;

  const compiled: CompiledSubscale[] = Object.entries(definition.subscales).map(([id, s]) => {
    const reversed = new Set(s.reverse);
    return {
      id,
      name: s.name,
      items: Int32Array.from(s.items),
      reverse: Uint8Array.from(s.items, (itemId) => (reversed.has(itemId) ? 1 : 0)),
      k: s.items.length,
      maxMissing: s.maxMissing,
      isSum: s.method === 'sum',
      hasLevels: s.levels !== undefined,
      lowMax: s.levels?.lowMax ?? 0,
      highMin: s.levels?.highMin ?? 0,
    };
  });
  // Items outside every subscale are still answers to the instrument: check them too.
  const inSubscale = new Set(compiled.flatMap((c) => Array.from(c.items)));
  const otherItems = Int32Array.from(definition.items.filter((i) => !inSubscale.has(i.id)).map((i) => i.id));
  const subscaleCount = compiled.length;

  const invalid = (itemId: number, value: unknown): never => {
    const problem = describeAnswerProblem(scale, value) ?? `${String(value)} is not a valid answer`;
    throw new ScoringInputError(instrumentId, itemId, value, problem);
  };

  return function scoreResponse(answers: ItemAnswers): InstrumentScore {
    if (answers === null || typeof answers !== 'object') {
      throw new TypeError(`scoreInstrument: answers for ${instrumentId} must be an object, array or Map`);
    }
    const map = answers instanceof Map ? (answers as ReadonlyMap<number, number | null | undefined>) : null;
    const record = answers as { readonly [itemId: number]: unknown };

    for (let i = 0; i < otherItems.length; i++) {
      const itemId = otherItems[i];
      const v = map !== null ? map.get(itemId) : record[itemId];
      if (v !== null && v !== undefined && !(typeof v === 'number' && v >= lo && v <= hi && Number.isInteger(v))) {
        invalid(itemId, v);
      }
    }

    const subscales: { [subscaleId: string]: SubscaleScore } = {};
    for (let s = 0; s < subscaleCount; s++) {
      const c = compiled[s];
      const items = c.items;
      const reverse = c.reverse;
      const k = c.k;
      let sum = 0;
      let answered = 0;
      let missingItems: number[] | null = null;
      for (let i = 0; i < k; i++) {
        const itemId = items[i];
        const v = map !== null ? map.get(itemId) : record[itemId];
        if (v === null || v === undefined) {
          if (missingItems === null) missingItems = [itemId];
          else missingItems.push(itemId);
          continue;
        }
        if (!(typeof v === 'number' && v >= lo && v <= hi && Number.isInteger(v))) invalid(itemId, v);
        sum += reverse[i] === 1 ? reverseSum - (v as number) : (v as number);
        answered++;
      }
      const missing = k - answered;
      if (missing > c.maxMissing) {
        subscales[c.id] = {
          subscaleId: c.id,
          name: c.name,
          answered,
          missing,
          missingItems: missingItems ?? NO_ITEMS,
          valid: false,
          score: null,
          prorated: false,
          level: null,
          reason: notScoredReason(c.name, missing, k, c.maxMissing),
        };
        continue;
      }
      let score: number;
      if (c.isSum) {
        // One division of an integer numerator keeps exact halves exact, so Math.round
        // rounds them up (22.25 → 22.3) rather than by floating-point accident.
        score = missing === 0 ? sum : Math.round((sum * k * 10) / answered) / 10;
      } else {
        score = Math.round((sum * 100) / answered) / 100;
      }
      subscales[c.id] = {
        subscaleId: c.id,
        name: c.name,
        answered,
        missing,
        missingItems: missingItems ?? NO_ITEMS,
        valid: true,
        score,
        prorated: missing > 0,
        level: c.hasLevels ? levelByCutPoints(c, score) : null,
        reason: null,
      };
    }
    return { instrumentId, instrumentVersion, subscales };
  };
}

/**
 * The sentence shown when a subscale is not scored.
 *
 * @example notScoredReason('Burnout', 3, 10, 2)
 *   // 'Burnout was not scored: 3 of its 10 items were unanswered (at most 2 may be missing).'
 */
export function notScoredReason(name: string, missing: number, k: number, maxMissing: number): string {
  const were = missing === 1 ? 'was' : 'were';
  const allowance =
    maxMissing === 0 ? 'every item must be answered' : `at most ${maxMissing} may be missing`;
  return `${name} was not scored: ${missing} of its ${k} items ${were} unanswered (${allowance}).`;
}

const scorers = new WeakMap<InstrumentDefinition, Scorer>();

/**
 * Scores one response to an instrument; see `createScorer` for the rules. The compiled
 * scorer is cached per definition object, so repeated calls cost the same as calling a
 * scorer directly. Does not mutate its arguments.
 *
 * @example scoreInstrument(PROQOL5, { 1: 1, 2: 1, ..., 30: 1 }).subscales.burnout
 *   // { score: 30, level: 'moderate', valid: true, prorated: false, ... } (see tests)
 */
export function scoreInstrument(definition: InstrumentDefinition, answers: ItemAnswers): InstrumentScore {
  let scorer = scorers.get(definition);
  if (scorer === undefined) {
    scorer = createScorer(definition);
    scorers.set(definition, scorer);
  }
  return scorer(answers);
}
