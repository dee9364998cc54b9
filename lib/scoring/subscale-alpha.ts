import type { InstrumentDefinition } from '@/lib/instruments';
import { cronbachAlpha } from '@/lib/stats/cronbach-alpha';
import { describeAnswerProblem, ScoringInputError, type ItemAnswers } from './answers';

export interface SubscaleAlpha {
  readonly subscaleId: string;
  readonly name: string;
  /** null when alpha cannot be computed; `reason` says why. */
  readonly alpha: number | null;
  /** Responses with every item of the subscale answered (listwise deletion). */
  readonly n: number;
  /** Items in the subscale. */
  readonly k: number;
  readonly reason: string | null;
}

/**
 * Cronbach's alpha of each subscale over a set of responses, after reverse keying, with
 * listwise deletion per subscale (a response counts for a subscale only if all of that
 * subscale's items are answered). Answers are validated as in scoring (ScoringInputError).
 *
 * Does not throw for too few complete responses or zero variance: that subscale gets
 * `alpha: null` and a `reason`, since a small or uniform group is a normal state of the
 * data, not a programming error. Single-item subscales get a reason too.
 * Cost O(responses × items). Row order does not change the result.
 *
 * @example subscaleAlpha(PROQOL5, responses).burnout // { alpha: 0.78…, n: 412, k: 10, ... }
 */
export function subscaleAlpha(
  definition: InstrumentDefinition,
  responses: ReadonlyArray<ItemAnswers>,
): { readonly [subscaleId: string]: SubscaleAlpha } {
  const scale = definition.responseScale;
  const reverseSum = scale.min + scale.max;
  const out: { [subscaleId: string]: SubscaleAlpha } = {};
  for (const [subscaleId, subscale] of Object.entries(definition.subscales)) {
    const items = subscale.items;
    const k = items.length;
    const reversed = items.map((id) => subscale.reverse.includes(id));
    const rows: (number | null)[][] = [];
    let complete = 0;
    for (const answers of responses) {
      const map = answers instanceof Map ? answers : null;
      const record = answers as { readonly [itemId: number]: unknown };
      const row: (number | null)[] = new Array(k);
      let isComplete = true;
      for (let i = 0; i < k; i++) {
        const v = map !== null ? map.get(items[i]) : record[items[i]];
        if (v === null || v === undefined) {
          row[i] = null;
          isComplete = false;
          continue;
        }
        const problem = describeAnswerProblem(scale, v);
        if (problem !== null) throw new ScoringInputError(definition.id, items[i], v, problem);
        row[i] = reversed[i] ? reverseSum - (v as number) : (v as number);
      }
      if (isComplete) complete++;
      rows.push(row);
    }
    let result: SubscaleAlpha;
    if (k < 2) {
      result = { subscaleId, name: subscale.name, alpha: null, n: complete, k, reason: 'alpha needs at least 2 items' };
    } else if (complete < 2) {
      result = {
        subscaleId,
        name: subscale.name,
        alpha: null,
        n: complete,
        k,
        reason: `alpha needs at least 2 complete responses; ${complete} had every item answered`,
      };
    } else {
      try {
        const { alpha, n } = cronbachAlpha(rows);
        result = { subscaleId, name: subscale.name, alpha, n, k, reason: null };
      } catch (error) {
        const message = (error as Error).message.replace(/^cronbachAlpha: /, '');
        result = { subscaleId, name: subscale.name, alpha: null, n: complete, k, reason: message };
      }
    }
    out[subscaleId] = result;
  }
  return out;
}
