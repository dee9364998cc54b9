import { describe, expect, it } from 'vitest';
import { BRIEF_VR, PROQOL5, SELF_CARE } from '@/lib/instruments';
import { cronbachAlpha } from '@/lib/stats/cronbach-alpha';
import { ScoringInputError } from './answers';
import { subscaleAlpha } from './subscale-alpha';
import { answersAll } from './test-helpers';

/** Deterministic pseudo-random responses (LCG), with a shared trait so alpha is positive. */
function proqolResponses(count: number, seed = 7): Record<number, number | null>[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, () => {
    const trait = next() * 4;
    const answers: Record<number, number | null> = {};
    for (let id = 1; id <= 30; id++) {
      const reversed = PROQOL5.subscales.burnout.reverse.includes(id);
      const v = Math.min(5, Math.max(1, Math.round(1 + (reversed ? 4 - trait : trait) + (next() - 0.5) * 2)));
      answers[id] = next() < 0.03 ? null : v;
    }
    return answers;
  });
}

describe('subscaleAlpha', () => {
  const responses = proqolResponses(200);

  it('equals cronbachAlpha on the reverse-keyed item columns', () => {
    const result = subscaleAlpha(PROQOL5, responses);
    const bo = PROQOL5.subscales.burnout;
    const rows = responses.map((r) => bo.items.map((id) => (r[id] === null ? null : bo.reverse.includes(id) ? 6 - r[id]! : r[id]!)));
    const expected = cronbachAlpha(rows);
    expect(result.burnout.alpha).toBeCloseTo(expected.alpha, 12);
    expect(result.burnout).toMatchObject({ subscaleId: 'burnout', name: 'Burnout', n: expected.n, k: 10, reason: null });
    // The generator makes reversed items run against the trait, so keying them matters:
    // keyed, burnout is consistent; unkeyed it would not be.
    expect(result.burnout.alpha).toBeGreaterThan(0.7);
    const unkeyed = cronbachAlpha(responses.map((r) => bo.items.map((id) => r[id] ?? null)));
    expect(unkeyed.alpha).toBeLessThan(result.burnout.alpha!);
    expect(Object.keys(result)).toEqual(['compassionSatisfaction', 'burnout', 'secondaryTraumaticStress']);
  });

  it('reports, rather than throws, too few complete responses or zero variance', () => {
    const one = subscaleAlpha(PROQOL5, [answersAll(3), answersAll(3, { 3: null, 8: null, 2: null })]);
    expect(one.compassionSatisfaction).toMatchObject({
      alpha: null,
      n: 1,
      reason: 'alpha needs at least 2 complete responses; 1 had every item answered',
    });
    const same = subscaleAlpha(BRIEF_VR, [{ 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2 }, { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2 }]);
    expect(same.vicariousResilience.alpha).toBeNull();
    expect(same.vicariousResilience.reason).toMatch(/^the total score has zero variance over 2 complete rows/);
    expect(subscaleAlpha(SELF_CARE, []).selfCare).toMatchObject({ alpha: null, n: 0, k: 12 });
  });

  it('validates answers like scoring does', () => {
    expect(() => subscaleAlpha(PROQOL5, [answersAll(3), answersAll(3, { 9: 7 })])).toThrow(ScoringInputError);
  });
});
