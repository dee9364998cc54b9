import { ORG_CHECK, ORG_CHECK_PILLARS, type PillarCode } from '@/lib/instruments';
import type { ItemAnswers } from './answers';
import { createScorer, type SubscaleScore } from './score-instrument';

const scoreOrgCheckResponse = createScorer(ORG_CHECK);

/**
 * Scores the brief organizational check (items 1–15, 1–5; "don't know" is passed as
 * null, i.e. missing): per pillar, the mean of its answered items rounded to two
 * decimals when at most 1 of its 3 is missing, else not scored with a reason. Keyed by
 * pillar code (org_lm … org_hw). See lib/instruments/org-check.ts.
 *
 * @example scoreOrgCheck({ 4: 2, 5: null, 6: 3 }).org_ms.score === 2.5
 */
export function scoreOrgCheck(answers: ItemAnswers): Readonly<Record<PillarCode, SubscaleScore>> {
  const subscales = scoreOrgCheckResponse(answers).subscales;
  return Object.fromEntries(ORG_CHECK_PILLARS.map((p) => [p.code, subscales[p.subscaleId]!])) as Record<PillarCode, SubscaleScore>;
}
