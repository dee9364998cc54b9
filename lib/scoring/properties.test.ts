import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineInstrument, PROQOL5 } from '@/lib/instruments';
import { deepFreeze } from '@/lib/instruments/schema';
import { reverseAnswer } from './answers';
import { scoreProqol } from './proqol';
import { createScorer, scoreInstrument } from './score-instrument';
import { subscaleAlpha } from './subscale-alpha';

/** Fixed seed: failures reproduce, and CI runs the same cases every time. */
const RUNS = { seed: 0x5157a1, numRuns: 300 } as const;

/** A ProQOL response as an object keyed 1..30; each answer 1–5, or missing (null) with about `missingPercent`% chance. */
const proqolAnswers = (missingPercent = 12) =>
  fc
    .array(
      missingPercent === 0
        ? fc.integer({ min: 1, max: 5 })
        : fc.oneof(
            { weight: 100 - missingPercent, arbitrary: fc.integer({ min: 1, max: 5 }) },
            { weight: missingPercent, arbitrary: fc.constant(null) },
          ),
      { minLength: 30, maxLength: 30 },
    )
    .map((values) => Object.fromEntries(values.map((v, i) => [i + 1, v])) as Record<number, number | null>);

const completeProqolAnswers = proqolAnswers(0);

describe('scoring properties (fast-check, seeded)', () => {
  it('every score is within 10–50, scored exactly when at most 2 items are missing', () => {
    fc.assert(
      fc.property(proqolAnswers(), (answers) => {
        for (const s of Object.values(scoreProqol(answers))) {
          expect(s.answered + s.missing).toBe(10);
          expect(s.missingItems.length).toBe(s.missing);
          expect(s.valid).toBe(s.missing <= 2);
          if (s.valid) {
            expect(s.score).toBeGreaterThanOrEqual(10);
            expect(s.score).toBeLessThanOrEqual(50);
            expect(Math.round(s.score * 10) / 10).toBe(s.score);
            expect(s.prorated).toBe(s.missing > 0);
            expect(s.level).toBe(s.score <= 22 ? 'low' : s.score >= 42 ? 'high' : 'moderate');
          }
        }
      }),
      RUNS,
    );
  });

  it('reversing twice is the identity, and reversal maps the scale onto itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        (min, width, offset) => {
          const scale = { min, max: min + width };
          const v = min + (offset % (width + 1));
          expect(reverseAnswer(scale, reverseAnswer(scale, v))).toBe(v);
          const r = reverseAnswer(scale, v);
          expect(r).toBeGreaterThanOrEqual(scale.min);
          expect(r).toBeLessThanOrEqual(scale.max);
        },
      ),
      RUNS,
    );
  });

  it('a reverse key is the same as reversing the answer before scoring without it', () => {
    const noReverse = defineInstrument({
      ...JSON.parse(JSON.stringify(PROQOL5)),
      id: 'proqol5-no-reverse',
      subscales: { burnout: { ...PROQOL5.subscales.burnout, reverse: [] } },
    });
    const scale = PROQOL5.responseScale;
    fc.assert(
      fc.property(proqolAnswers(), (answers) => {
        const flipped = { ...answers };
        for (const id of PROQOL5.subscales.burnout.reverse) {
          const v = answers[id];
          flipped[id] = v === null ? null : reverseAnswer(scale, v);
        }
        expect(scoreInstrument(noReverse, flipped).subscales.burnout).toEqual(scoreProqol(answers).burnout);
      }),
      RUNS,
    );
  });

  it('when all answered items are equal to v, the (prorated) score is 10 × v', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.uniqueArray(fc.constantFrom(...PROQOL5.subscales.compassionSatisfaction.items), { maxLength: 2 }),
        (v, missing) => {
          const answers: Record<number, number | null> = {};
          for (let id = 1; id <= 30; id++) answers[id] = v;
          for (const id of missing) answers[id] = null;
          expect(scoreProqol(answers).compassionSatisfaction.score).toBe(10 * v);
        },
      ),
      RUNS,
    );
  });

  it('raising one answer never lowers its subscale score (forward) or raises it (reversed)', () => {
    fc.assert(
      fc.property(completeProqolAnswers, fc.integer({ min: 1, max: 30 }), (answers, item) => {
        fc.pre(answers[item]! < 5);
        const before = scoreProqol(answers);
        const after = scoreProqol({ ...answers, [item]: answers[item]! + 1 });
        const reversed = PROQOL5.subscales.burnout.reverse.includes(item);
        for (const key of Object.keys(before) as (keyof typeof before)[]) {
          const delta = after[key].score! - before[key].score!;
          if (reversed) expect(delta).toBeLessThanOrEqual(0);
          else expect(delta).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it('does not mutate its inputs (frozen answers and definition)', () => {
    fc.assert(
      fc.property(proqolAnswers(), (answers) => {
        const copy = structuredClone(answers);
        const frozen = deepFreeze(answers);
        const scorer = createScorer(PROQOL5);
        expect(Object.isFrozen(PROQOL5.subscales.burnout.items)).toBe(true);
        // Module code is strict, so a write to a frozen object would throw.
        expect(scorer(frozen)).toEqual(scoreInstrument(PROQOL5, copy));
        expect(frozen).toEqual(copy);
      }),
      { ...RUNS, numRuns: 100 },
    );
  });

  it('row order does not matter: scores per row and alpha per subscale', () => {
    fc.assert(
      fc.property(
        fc.array(proqolAnswers(3), { minLength: 3, maxLength: 40 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (responses, keys) => {
          const order = responses.map((r, i) => ({ r, key: keys.next().value as number, i }));
          order.sort((a, b) => a.key - b.key || a.i - b.i);
          const shuffled = order.map((o) => o.r);
          const frozen = deepFreeze(structuredClone(responses));
          const alphaBefore = subscaleAlpha(PROQOL5, frozen);
          const alphaAfter = subscaleAlpha(PROQOL5, shuffled);
          for (const id of Object.keys(alphaBefore)) {
            expect(alphaAfter[id].n).toBe(alphaBefore[id].n);
            expect(alphaAfter[id].reason === null).toBe(alphaBefore[id].reason === null);
            if (alphaBefore[id].alpha !== null) expect(alphaAfter[id].alpha).toBeCloseTo(alphaBefore[id].alpha!, 10);
          }
          const scored = new Map(responses.map((r) => [r, scoreProqol(r)]));
          for (const r of shuffled) expect(scoreProqol(r)).toEqual(scored.get(r));
        },
      ),
      { ...RUNS, numRuns: 100 },
    );
  });
});
