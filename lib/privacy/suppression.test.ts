import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { MEASURES, type Measure } from './measures';
import {
  COMPLEMENTARY_REASON,
  fewerThanKForMeasureReason,
  fewerThanKReason,
  planSuppression,
  type PartCounts,
} from './suppression';

const SEED = 20240611;

function part(id: string, responses: number, scored: Partial<Record<Measure, number>> = {}): PartCounts {
  return {
    id,
    responses,
    scored: { cs: responses, bo: responses, sts: responses, vr: responses, ...scored },
  };
}

function isSmall(n: number, k: number) {
  return n >= 1 && n < k;
}

describe('planSuppression (hand-worked)', () => {
  it('hides the next-smallest team when one small team would be exposed by subtraction', () => {
    // k = 5; A = 3 (< 5, hidden), B = 6, C = 8, total 17 shown.
    // Hidden sum 3 is 1..4, so the smallest shown team B joins it: 3 + 6 = 9 ≥ 5. C stays.
    const plan = planSuppression({ k: 5, parts: [part('C', 8), part('A', 3), part('B', 6)] });
    for (const m of MEASURES) {
      expect(plan.total[m]).toBeNull();
      expect(plan.parts.get('A')![m]).toBe(fewerThanKReason(5));
      expect(plan.parts.get('B')![m]).toBe(COMPLEMENTARY_REASON);
      expect(plan.parts.get('C')![m]).toBeNull();
    }
  });

  it('needs no complement when the small teams already hold k together', () => {
    // k = 5; A = 2, B = 3 (both hidden, together 5 ≥ 5), C = 9 shown.
    const plan = planSuppression({ k: 5, parts: [part('A', 2), part('B', 3), part('C', 9)] });
    expect(plan.parts.get('C')!.cs).toBeNull();
    expect(plan.parts.get('A')!.cs).toBe(fewerThanKReason(5));
    expect(plan.parts.get('B')!.cs).toBe(fewerThanKReason(5));
  });

  it('shows a team with no responses as empty, not hidden', () => {
    const plan = planSuppression({ k: 5, parts: [part('A', 0), part('B', 7)] });
    expect(plan.parts.get('A')!.bo).toBeNull();
    expect(plan.parts.get('B')!.bo).toBeNull();
  });

  it('handles a measure that most of a team skipped, for that measure only', () => {
    // k = 5; A = 6, B = 7 but only 2 VR scores, C = 9. Phase 1 hides nothing.
    // VR: B has 2 (< 5) → hidden; hidden VR sum 2 → next smallest VR, A (6) → 8 ≥ 5.
    // CS, BO, STS: all shown.
    const plan = planSuppression({ k: 5, parts: [part('A', 6), part('B', 7, { vr: 2 }), part('C', 9)] });
    expect(plan.parts.get('B')!.vr).toBe(fewerThanKForMeasureReason(5, 'vr'));
    expect(plan.parts.get('A')!.vr).toBe(COMPLEMENTARY_REASON);
    expect(plan.parts.get('C')!.vr).toBeNull();
    expect(plan.total.vr).toBeNull();
    for (const m of ['cs', 'bo', 'sts'] as const) {
      for (const id of ['A', 'B', 'C']) expect(plan.parts.get(id)![m]).toBeNull();
    }
  });

  it('keeps a team hidden on every measure when its response count needed a complement', () => {
    // k = 5; A = 3 responses (CS scored by all, VR by none), B = 6, C = 8.
    // Phase 1 (response counts): A is hidden, and B as its complement, for every measure.
    // VR alone would not need B hidden (A holds 0 VR scores), but hiding B on
    // CS and showing it on VR would read as a contradiction; hiding more is always safe.
    const plan = planSuppression({ k: 5, parts: [part('A', 3, { vr: 0 }), part('B', 6), part('C', 8)] });
    for (const m of MEASURES) {
      expect(plan.parts.get('A')![m]).toBe(fewerThanKReason(5));
      expect(plan.parts.get('B')![m]).toBe(COMPLEMENTARY_REASON);
      expect(plan.parts.get('C')![m]).toBeNull();
    }
  });

  it('counts unassigned responses as hidden', () => {
    // k = 5; two staff with no team are in the total (14) but in no team.
    // Without a complement, total − A − B would expose those two.
    const plan = planSuppression({
      k: 5,
      parts: [part('A', 5), part('B', 7)],
      unassigned: { responses: 2, scored: { cs: 2, bo: 2, sts: 2, vr: 2 } },
    });
    expect(plan.parts.get('A')!.cs).toBe(COMPLEMENTARY_REASON);
    expect(plan.parts.get('B')!.cs).toBeNull();
  });

  it('hides the total, and so every team, when the agency has fewer than k', () => {
    const plan = planSuppression({ k: 5, parts: [part('A', 2), part('B', 2), part('C', 0)] });
    expect(plan.total.sts).toBe(fewerThanKReason(5));
    expect(plan.parts.get('A')!.sts).toBe(fewerThanKReason(5));
    expect(plan.parts.get('C')!.sts).toBeNull(); // empty, describes no one
  });

  it('breaks ties by id, so the plan does not depend on input order', () => {
    const plan = planSuppression({ k: 3, parts: [part('z', 4), part('a', 1), part('m', 4)] });
    expect(plan.parts.get('m')!.cs).toBe(COMPLEMENTARY_REASON);
    expect(plan.parts.get('z')!.cs).toBeNull();
  });

  it('refuses k below 3 or not an integer, and malformed counts', () => {
    for (const k of [2, 0, -1, 3.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => planSuppression({ k, parts: [] })).toThrow(/planSuppression: minimum group size k/);
    }
    expect(() => planSuppression({ k: 3, parts: [part('a', 1), part('a', 2)] })).toThrow(/duplicate/);
    expect(() => planSuppression({ k: 3, parts: [part('a', 2, { cs: 3 })] })).toThrow(/invalid cs count/);
    expect(() => planSuppression({ k: 3, parts: [part('a', -1)] })).toThrow(/invalid response count/);
  });
});

/** A team's counts with each measure's scored count at most its responses. */
const partsArb = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 8 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.integer({ min: 0, max: 30 }).chain((responses) =>
          fc
            .record({
              cs: fc.integer({ min: 0, max: responses }),
              bo: fc.integer({ min: 0, max: responses }),
              sts: fc.integer({ min: 0, max: responses }),
              vr: fc.integer({ min: 0, max: responses }),
            })
            .map((scored): PartCounts => ({ id, responses, scored })),
        ),
      ),
    ),
  );

const unassignedArb = fc.integer({ min: 0, max: 6 }).chain((responses) =>
  fc.record({
    responses: fc.constant(responses),
    scored: fc.record({
      cs: fc.integer({ min: 0, max: responses }),
      bo: fc.integer({ min: 0, max: responses }),
      sts: fc.integer({ min: 0, max: responses }),
      vr: fc.integer({ min: 0, max: responses }),
    }),
  }),
);

describe('planSuppression (properties)', () => {
  it('never shows a cell with 1..k−1, and hidden cells of a shown total hold 0 or ≥ k, per measure', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 10 }), partsArb, unassignedArb, (k, parts, unassigned) => {
        const plan = planSuppression({ k, parts, unassigned });
        for (const m of MEASURES) {
          const total = parts.reduce((s, p) => s + p.scored[m], unassigned.scored[m]);
          const totalResponses = parts.reduce((s, p) => s + p.responses, unassigned.responses);
          expect(plan.total[m] !== null).toBe(isSmall(total, k) || isSmall(totalResponses, k));
          for (const p of parts) {
            const reason = plan.parts.get(p.id)![m];
            if (reason === null) expect(isSmall(p.scored[m], k)).toBe(false);
            if (isSmall(p.responses, k)) expect(reason).toBe(fewerThanKReason(k));
          }
          if (plan.total[m] === null) {
            const hidden = parts
              .filter((p) => plan.parts.get(p.id)![m] !== null)
              .reduce((s, p) => s + p.scored[m], unassigned.scored[m]);
            expect(isSmall(hidden, k)).toBe(false);
          }
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('does not depend on the order of the parts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 10 }), partsArb, unassignedArb, (k, parts, unassigned) => {
        const a = planSuppression({ k, parts, unassigned });
        const b = planSuppression({ k, parts: [...parts].reverse(), unassigned });
        expect(b.total).toEqual(a.total);
        for (const p of parts) expect(b.parts.get(p.id)).toEqual(a.parts.get(p.id));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
