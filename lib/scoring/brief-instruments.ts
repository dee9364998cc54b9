import {
  BRIEF_VR,
  SELF_CARE,
  SELF_CARE_PRACTICES,
  type SelfCarePracticeKey,
} from '@/lib/instruments';
import type { ItemAnswers } from './answers';
import { createScorer, type SubscaleScore } from './score-instrument';

const scoreBriefVrResponse = createScorer(BRIEF_VR);
const scoreSelfCareResponse = createScorer(SELF_CARE);
const selfCareItemIdByKey = new Map<string, number>(SELF_CARE_PRACTICES.map((p) => [p.key, p.id]));

/**
 * Scores the brief vicarious-resilience check (items 1–7, 0–5): sum 0–35, at most 1
 * missing (prorated, mean × 7 to one decimal), levels low ≤ 11, high ≥ 24, moderate
 * otherwise. See lib/instruments/brief-vr.ts.
 *
 * @example scoreBriefVr([, 3, 3, 3, 3, 3, 3, 3]).score === 21 // moderate
 */
export function scoreBriefVr(answers: ItemAnswers): SubscaleScore {
  return scoreBriefVrResponse(answers).subscales.vicariousResilience;
}

export interface SelfCareScore {
  /** Each practice's answer 0–4, or null when unanswered, keyed by practice key. */
  readonly practices: { readonly [K in SelfCarePracticeKey]: number | null };
  /** Mean 0–4 of answered practices (two decimals); not scored if more than 3 of 12 are missing. */
  readonly composite: SubscaleScore;
}

/**
 * Scores the self-care practices (items 1–12, 0–4): the per-practice values by key and
 * the composite mean. Answers are validated like any instrument's.
 *
 * @example scoreSelfCare({ 1: 4, 2: 2, ... }).practices.personalTherapy === 4
 */
export function scoreSelfCare(answers: ItemAnswers): SelfCareScore {
  const composite = scoreSelfCareResponse(answers).subscales.selfCare;
  const map = answers instanceof Map ? answers : null;
  const record = answers as { readonly [itemId: number]: number | null | undefined };
  const practices = {} as { [K in SelfCarePracticeKey]: number | null };
  for (const practice of SELF_CARE_PRACTICES) {
    practices[practice.key] = (map !== null ? map.get(practice.id) : record[practice.id]) ?? null;
  }
  return { practices, composite };
}

/**
 * Converts self-care answers keyed by practice key into item-id answers, rejecting
 * unknown keys. For forms that name fields by practice.
 *
 * @example selfCareAnswersFromKeys({ personalTherapy: 2 }) // { 1: 2 }
 */
export function selfCareAnswersFromKeys(
  byKey: { readonly [key: string]: number | null | undefined },
): { [itemId: number]: number | null | undefined } {
  const out: { [itemId: number]: number | null | undefined } = {};
  for (const [key, value] of Object.entries(byKey)) {
    const id = selfCareItemIdByKey.get(key);
    if (id === undefined) throw new Error(`selfCareAnswersFromKeys: unknown practice "${key}"`);
    out[id] = value;
  }
  return out;
}
