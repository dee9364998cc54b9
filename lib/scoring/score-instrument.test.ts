import { describe, expect, it } from 'vitest';
import { getBuiltInInstrument, parsePack, PROQOL5, type InstrumentDefinition } from '@/lib/instruments';
import examplePack from '@/lib/instruments/examples/example-pack.json';
import { answersSchema, ScoringInputError } from './answers';
import { scoreProqol } from './proqol';
import { createScorer, scoreInstrument } from './score-instrument';
import { answersAll, setItems } from './test-helpers';

/*
 * Golden cases worked by hand from the ProQOL 5 scoring key (manual, 2010; also
 * lib/instruments/data/proqol5.json):
 *   CS  = items 3, 6, 12, 16, 18, 20, 22, 24, 27, 30
 *   BO  = items 1, 4, 8, 10, 15, 17, 19, 21, 26, 29, with 1, 4, 15, 17, 29 reversed (6 − value)
 *   STS = items 2, 5, 7, 9, 11, 13, 14, 23, 25, 28
 *   levels: low ≤ 22, moderate 23–41, high ≥ 42.
 */
const CS = [3, 6, 12, 16, 18, 20, 22, 24, 27, 30];
const BO = [1, 4, 8, 10, 15, 17, 19, 21, 26, 29];
const BO_REVERSED = [1, 4, 15, 17, 29];
const BO_FORWARD = [8, 10, 19, 21, 26];
const STS = [2, 5, 7, 9, 11, 13, 14, 23, 25, 28];

const summary = (answers: Record<number, number | null>) => {
  const s = scoreProqol(answers);
  return {
    cs: [s.compassionSatisfaction.score, s.compassionSatisfaction.level],
    bo: [s.burnout.score, s.burnout.level],
    sts: [s.secondaryTraumaticStress.score, s.secondaryTraumaticStress.level],
  };
};

describe('ProQOL golden cases (worked by hand from the key)', () => {
  it('all 1s', () => {
    // CS = 10 × 1 = 10 (low). STS = 10 × 1 = 10 (low).
    // BO = five forward items 5 × 1 + five reversed items 5 × (6 − 1) = 5 + 25 = 30 (moderate).
    expect(summary(answersAll(1))).toEqual({ cs: [10, 'low'], bo: [30, 'moderate'], sts: [10, 'low'] });
  });

  it('all 5s', () => {
    // CS = 10 × 5 = 50 (high). STS = 50 (high).
    // BO = 5 × 5 + 5 × (6 − 5) = 25 + 5 = 30 (moderate).
    expect(summary(answersAll(5))).toEqual({ cs: [50, 'high'], bo: [30, 'moderate'], sts: [50, 'high'] });
  });

  it('all 3s: the midpoint is its own reverse', () => {
    // Every subscale 10 × 3 = 30; reversed 3 → 6 − 3 = 3.
    expect(summary(answersAll(3))).toEqual({ cs: [30, 'moderate'], bo: [30, 'moderate'], sts: [30, 'moderate'] });
  });

  it.each(BO_REVERSED)('reverse item %i: answering 1 adds 5 to burnout, answering 5 adds 1', (item) => {
    // From all 3s (BO = 30): the item contributes 6 − 1 = 5 instead of 3 → 32;
    // and 6 − 5 = 1 instead of 3 → 28. CS and STS are untouched at 30.
    expect(summary(answersAll(3, { [item]: 1 })).bo).toEqual([32, 'moderate']);
    expect(summary(answersAll(3, { [item]: 5 })).bo).toEqual([28, 'moderate']);
    expect(summary(answersAll(3, { [item]: 5 })).cs).toEqual([30, 'moderate']);
  });

  it.each(BO_FORWARD)('forward burnout item %i counts as answered', (item) => {
    // From all 3s: 1 instead of 3 → 28; 5 instead of 3 → 32.
    expect(summary(answersAll(3, { [item]: 1 })).bo).toEqual([28, 'moderate']);
    expect(summary(answersAll(3, { [item]: 5 })).bo).toEqual([32, 'moderate']);
  });

  it('burnout at its extremes needs the reversed items answered the other way', () => {
    expect([...BO_FORWARD, ...BO_REVERSED].sort((a, b) => a - b)).toEqual(BO);
    // Forward items 5 and reversed items 1: 5 × 5 + 5 × (6 − 1) = 50 (high).
    expect(summary({ ...answersAll(3), ...setItems(BO_FORWARD, 5), ...setItems(BO_REVERSED, 1) }).bo).toEqual([50, 'high']);
    // Forward items 1 and reversed items 5: 5 × 1 + 5 × 1 = 10 (low).
    expect(summary({ ...answersAll(3), ...setItems(BO_FORWARD, 1), ...setItems(BO_REVERSED, 5) }).bo).toEqual([10, 'low']);
  });

  it('boundary 22/23 (compassion satisfaction)', () => {
    // CS items all 2 = 20; two of them 3 → 20 + 2 = 22 (low); three of them 3 → 23 (moderate).
    const base = { ...answersAll(3), ...setItems(CS, 2) };
    expect(summary({ ...base, 3: 3, 6: 3 }).cs).toEqual([22, 'low']);
    expect(summary({ ...base, 3: 3, 6: 3, 12: 3 }).cs).toEqual([23, 'moderate']);
  });

  it('boundary 41/42 (secondary traumatic stress)', () => {
    // STS items all 4 = 40; one 5 → 41 (moderate); two 5s → 42 (high).
    const base = { ...answersAll(3), ...setItems(STS, 4) };
    expect(summary({ ...base, 2: 5 }).sts).toEqual([41, 'moderate']);
    expect(summary({ ...base, 2: 5, 5: 5 }).sts).toEqual([42, 'high']);
  });

  it('boundary 22/23 and 41/42 for burnout, through its reversed items', () => {
    // forward items (8, 10, 19, 21, 26) | reversed items (1, 4, 15, 17, 29): answers → counted
    //   3,3,3,3,3 = 15 | 5,5,5,4,4 → 1,1,1,2,2 = 7 | total 22 (low)
    //   3,3,3,3,3 = 15 | 5,5,4,4,4 → 1,1,2,2,2 = 8 | total 23 (moderate)
    //   5,5,5,4,4 = 23 | 2,2,2,2,4 → 4,4,4,4,2 = 18 | total 41 (moderate)
    //   5,5,5,5,4 = 24 | 2,2,2,2,4 → 4,4,4,4,2 = 18 | total 42 (high)
    const bo = (forward: number[], reversedAnswers: number[]) =>
      summary({
        ...answersAll(3),
        ...Object.fromEntries(BO_FORWARD.map((id, i) => [id, forward[i]])),
        ...Object.fromEntries(BO_REVERSED.map((id, i) => [id, reversedAnswers[i]])),
      }).bo;
    expect(bo([3, 3, 3, 3, 3], [5, 5, 5, 4, 4])).toEqual([22, 'low']);
    expect(bo([3, 3, 3, 3, 3], [5, 5, 4, 4, 4])).toEqual([23, 'moderate']);
    expect(bo([5, 5, 5, 4, 4], [2, 2, 2, 2, 4])).toEqual([41, 'moderate']);
    expect(bo([5, 5, 5, 5, 4], [2, 2, 2, 2, 4])).toEqual([42, 'high']);
  });
});

describe('missing data: at most 2 of 10 prorated, 3 or more not scored', () => {
  it('2 missing: prorated as mean × 10', () => {
    // CS: items 3 and 6 missing, the other 8 answered 4 → mean 4 × 10 = 40.0 (moderate).
    const s = scoreProqol(answersAll(4, { 3: null, 6: null })).compassionSatisfaction;
    expect(s).toEqual({
      subscaleId: 'compassionSatisfaction',
      name: 'Compassion satisfaction',
      answered: 8,
      missing: 2,
      missingItems: [3, 6],
      valid: true,
      score: 40,
      prorated: true,
      level: 'moderate',
      reason: null,
    });
  });

  it('3 missing: not scored, with the reason in a sentence', () => {
    const s = scoreProqol(answersAll(4, { 1: null, 4: null, 8: null })).burnout;
    expect(s).toEqual({
      subscaleId: 'burnout',
      name: 'Burnout',
      answered: 7,
      missing: 3,
      missingItems: [1, 4, 8],
      valid: false,
      score: null,
      prorated: false,
      level: null,
      reason: 'Burnout was not scored: 3 of its 10 items were unanswered (at most 2 may be missing).',
    });
    // The other subscales are unaffected.
    expect(scoreProqol(answersAll(4, { 1: null, 4: null, 8: null })).compassionSatisfaction.score).toBe(40);
  });

  it('a prorated 22.2 is moderate and 41.1 is moderate; 42.2 is high', () => {
    // CS with item 3 missing; the other 9 answered 2,2,2,2,2,2,2,3,3 = 20 → 20 / 9 × 10 = 22.22… → 22.2 (moderate).
    const cs = (values: number[]) =>
      scoreProqol({ ...answersAll(3), 3: null, ...Object.fromEntries(CS.slice(1).map((id, i) => [id, values[i]])) })
        .compassionSatisfaction;
    expect(cs([2, 2, 2, 2, 2, 2, 2, 3, 3])).toMatchObject({ score: 22.2, level: 'moderate', prorated: true });
    // 9 answered summing 19 → 21.11… → 21.1 (low).
    expect(cs([2, 2, 2, 2, 2, 2, 2, 2, 3])).toMatchObject({ score: 21.1, level: 'low' });
    // 9 answered summing 37 → 41.11… → 41.1 (moderate); 38 → 42.22… → 42.2 (high).
    expect(cs([4, 4, 4, 4, 4, 4, 4, 4, 5])).toMatchObject({ score: 41.1, level: 'moderate' });
    expect(cs([4, 4, 4, 4, 4, 4, 4, 5, 5])).toMatchObject({ score: 42.2, level: 'high' });
  });

  it('rounds exact halves up: 8 answered summing 17 → 21.25 → 21.3', () => {
    // mean 17 / 8 = 2.125, × 10 = 21.25 → 21.3 (half up).
    const answers = { ...answersAll(3), 3: null, 6: null, ...setItems(CS.slice(2), 2), 30: 3 };
    expect(scoreProqol(answers).compassionSatisfaction).toMatchObject({ score: 21.3, level: 'low', answered: 8 });
  });

  it('reverse keys apply to the answered items when prorating', () => {
    // BO with items 8 and 10 missing; reversed items answered 1 (→ 5 each, 25);
    // forward 19, 21, 26 answered 3 (9). Sum 34 over 8 → 42.5 (high).
    const answers = { ...answersAll(3), 8: null, 10: null, ...setItems(BO_REVERSED, 1) };
    expect(scoreProqol(answers).burnout).toMatchObject({ score: 42.5, level: 'high', prorated: true, missingItems: [8, 10] });
  });

  it('treats undefined and absent items as missing', () => {
    const answers: Record<number, number | undefined> = answersAll(3) as Record<number, number>;
    answers[3] = undefined;
    delete answers[6];
    expect(scoreProqol(answers).compassionSatisfaction).toMatchObject({ missing: 2, score: 30 });
  });
});

describe('input validation', () => {
  it.each([
    [6, '6 is outside 1-5'],
    [0, '0 is outside 1-5'],
    [2.5, '2.5 is not a whole number'],
    [Number.NaN, 'NaN is not a whole number'],
    ['3', '"3" is not a number'],
  ])('rejects %s with a ScoringInputError naming the item', (value, problem) => {
    const answers = { ...answersAll(3), 7: value as number };
    let error: unknown;
    try {
      scoreProqol(answers);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScoringInputError);
    expect(error).toMatchObject({ itemId: 7, problem, instrumentId: 'proqol5' });
    expect((error as Error).message).toBe(`scoreInstrument: proqol5 item 7: ${problem}`);
  });

  it('rejects answers that are not an object', () => {
    expect(() => scoreInstrument(PROQOL5, null as never)).toThrow(/^scoreInstrument: /);
  });

  it('createScorer refuses an inconsistent definition', () => {
    const broken: InstrumentDefinition = {
      ...PROQOL5,
      subscales: { ...PROQOL5.subscales, burnout: { ...PROQOL5.subscales.burnout, reverse: [2] } },
    };
    expect(() => createScorer(broken)).toThrow(
      /^createScorer: definition "proqol5" is inconsistent: subscales\.burnout\.reverse\[0\]: item 2 is not one of this subscale's items/,
    );
  });
});

describe('answer containers and the generic path', () => {
  it('scores an object, an array indexed by item id, and a Map alike', () => {
    const record = answersAll(2, { 1: 5, 30: null });
    const array = Array.from({ length: 31 }, (_, id) => (id === 0 ? null : record[id]));
    const map = new Map(Object.entries(record).map(([k, v]) => [Number(k), v]));
    const expected = scoreInstrument(PROQOL5, record);
    expect(scoreInstrument(PROQOL5, array)).toEqual(expected);
    expect(scoreInstrument(PROQOL5, map)).toEqual(expected);
    expect(expected.instrumentId).toBe('proqol5');
    expect(expected.instrumentVersion).toBe('5');
    expect(Object.keys(expected.subscales)).toEqual(['compassionSatisfaction', 'burnout', 'secondaryTraumaticStress']);
  });

  it('scores the example pack: sum with a reverse item, and mean', () => {
    const parsed = parsePack(examplePack);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    // recovery = items 1, 2, 3 with 3 reversed (1 + 5 − value): 4 + 5 + (6 − 2) = 13 (high, ≥ 12).
    // support = mean of 4, 5, 6 = (2 + 3 + 3) / 3 = 2.666… → 2.67 (no levels).
    const result = scoreInstrument(parsed.pack, { 1: 4, 2: 5, 3: 2, 4: 2, 5: 3, 6: 3 });
    expect(result.subscales.recovery).toMatchObject({ score: 13, level: 'high', prorated: false });
    expect(result.subscales.support).toMatchObject({ score: 2.67, level: null, valid: true });
    // recovery allows 1 missing: items 1, 2 answered 4, 4 → 8 / 2 × 3 = 12.0 (high); support allows none.
    const partial = scoreInstrument(parsed.pack, { 1: 4, 2: 4, 4: 2, 5: 3 });
    expect(partial.subscales.recovery).toMatchObject({ score: 12, prorated: true, level: 'high' });
    expect(partial.subscales.support).toMatchObject({
      valid: false,
      reason: 'Support (example) was not scored: 1 of its 3 items was unanswered (every item must be answered).',
    });
  });

  it('validates items that belong to no subscale', () => {
    const base = getBuiltInInstrument('brief-vr');
    const withExtra = parsePack({ ...JSON.parse(JSON.stringify(base)), items: [...base.items, { id: 8, text: 'Unscored' }] });
    if (!withExtra.ok) throw new Error(withExtra.errors.join('\n'));
    expect(() => scoreInstrument(withExtra.pack, { 1: 1, 8: 9 })).toThrow('scoreInstrument: brief-vr item 8: 9 is outside 0-5');
  });
});

describe('answersSchema (check-in form boundary)', () => {
  const schema = answersSchema(PROQOL5);

  it('accepts whole numbers on the scale and null, keyed by item id', () => {
    const parsed = schema.parse({ '1': 3, '2': null, '30': 5 });
    expect(parsed).toEqual({ '1': 3, '2': null, '30': 5 });
    expect(scoreInstrument(PROQOL5, parsed).subscales.burnout.missing).toBe(9);
  });

  it('rejects values off the scale, fractions, text and unknown items, naming the item', () => {
    const result = schema.safeParse({ '7': 6, '8': 2.5, '9': '3', '31': 1 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.') || i.code);
    expect(paths).toEqual(expect.arrayContaining(['7', '8', '9', 'unrecognized_keys']));
  });
});
