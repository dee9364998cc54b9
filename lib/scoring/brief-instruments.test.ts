import { describe, expect, it } from 'vitest';
import { PROQOL_SUBSCALE_IDS, LEVELS, SELF_CARE_PRACTICE_KEYS } from '@/lib/instruments';
import { scoreBriefVr, scoreSelfCare, selfCareAnswersFromKeys } from './brief-instruments';
import { describeProqolLevel, PROQOL_LEVEL_DESCRIPTIONS } from './proqol';

const vr = (...values: (number | null)[]) => scoreBriefVr(Object.fromEntries(values.map((v, i) => [i + 1, v])));

describe('brief vicarious-resilience check', () => {
  it('sums 7 items, 0–35, with levels low ≤ 11, high ≥ 24', () => {
    expect(vr(0, 0, 0, 0, 0, 0, 0)).toMatchObject({ score: 0, level: 'low' });
    expect(vr(5, 5, 5, 5, 5, 5, 5)).toMatchObject({ score: 35, level: 'high' });
    // 2+2+2+2+1+1+1 = 11 (low); one more point = 12 (moderate).
    expect(vr(2, 2, 2, 2, 1, 1, 1)).toMatchObject({ score: 11, level: 'low' });
    expect(vr(2, 2, 2, 2, 2, 1, 1)).toMatchObject({ score: 12, level: 'moderate' });
    // 4+4+3+3+3+3+3 = 23 (moderate); 4+4+4+3+3+3+3 = 24 (high).
    expect(vr(4, 4, 3, 3, 3, 3, 3)).toMatchObject({ score: 23, level: 'moderate' });
    expect(vr(4, 4, 4, 3, 3, 3, 3)).toMatchObject({ score: 24, level: 'high' });
  });

  it('prorates 1 missing item (mean × 7, one decimal); the boundaries for fractional values', () => {
    // 6 answered summing 9 → 9 / 6 × 7 = 10.5 (low).
    expect(vr(null, 2, 2, 2, 1, 1, 1)).toMatchObject({ score: 10.5, level: 'low', prorated: true });
    // summing 10 → 11.666… → 11.7: above 11, so moderate.
    expect(vr(null, 2, 2, 2, 2, 1, 1)).toMatchObject({ score: 11.7, level: 'moderate' });
    // summing 20 → 23.333… → 23.3: below 24, so moderate.
    expect(vr(null, 4, 4, 3, 3, 3, 3)).toMatchObject({ score: 23.3, level: 'moderate' });
    // summing 21 → 24.5 (high).
    expect(vr(null, 4, 4, 4, 3, 3, 3)).toMatchObject({ score: 24.5, level: 'high' });
  });

  it('does not score 2 missing items', () => {
    expect(vr(null, null, 3, 3, 3, 3, 3)).toMatchObject({
      valid: false,
      reason: 'Vicarious resilience (brief indicator) was not scored: 2 of its 7 items were unanswered (at most 1 may be missing).',
    });
  });
});

describe('self-care practices', () => {
  it('reports each practice by key and the composite mean of answered practices', () => {
    // 12 answers 0,1,2,3,4,0,1,2,3,4,0,1 → sum 21, mean 1.75.
    const answers = Object.fromEntries(SELF_CARE_PRACTICE_KEYS.map((_, i) => [i + 1, i % 5]));
    const result = scoreSelfCare(answers);
    expect(result.practices.personalTherapy).toBe(0);
    expect(result.practices.advocacy).toBe(3);
    expect(result.practices.professionalTraining).toBe(1);
    expect(Object.keys(result.practices)).toEqual(SELF_CARE_PRACTICE_KEYS);
    expect(result.composite).toMatchObject({ score: 1.75, level: null, prorated: false });
  });

  it('allows 3 missing practices and not 4', () => {
    // 9 answered, all 2 except one 3 → 19 / 9 = 2.111… → 2.11.
    const nine = { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 3 };
    expect(scoreSelfCare(nine).composite).toMatchObject({ score: 2.11, prorated: true, missing: 3 });
    expect(scoreSelfCare(nine).practices.timeOff).toBeNull();
    const { 9: _dropped, ...eight } = nine;
    expect(scoreSelfCare(eight).composite).toMatchObject({
      valid: false,
      reason: 'Self-care composite was not scored: 4 of its 12 items were unanswered (at most 3 may be missing).',
    });
  });

  it('rejects values outside 0–4 naming the item', () => {
    expect(() => scoreSelfCare({ 4: 5 })).toThrow('scoreInstrument: self-care item 4: 5 is outside 0-4');
  });

  it('converts key-named answers to item ids, rejecting unknown keys', () => {
    expect(selfCareAnswersFromKeys({ personalTherapy: 2, timeOff: null })).toEqual({ 1: 2, 11: null });
    expect(() => selfCareAnswersFromKeys({ yoga: 1 })).toThrow('selfCareAnswersFromKeys: unknown practice "yoga"');
  });
});

describe('ProQOL level descriptions', () => {
  it('has a distinct description for every subscale and level', () => {
    const texts = PROQOL_SUBSCALE_IDS.flatMap((s) => LEVELS.map((l) => describeProqolLevel(s, l)));
    expect(new Set(texts).size).toBe(9);
    for (const text of texts) expect(text.length).toBeGreaterThan(40);
    expect(PROQOL_LEVEL_DESCRIPTIONS.secondaryTraumaticStress.high).toMatch(/not a sign that you are weak/);
    expect(() => describeProqolLevel('burnout', 'extreme' as 'high')).toThrow(/^describeProqolLevel: /);
  });
});
