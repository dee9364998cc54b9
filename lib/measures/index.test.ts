import { describe, expect, it } from 'vitest';
import { BRIEF_VR, PROQOL5, parsePack } from '@/lib/instruments';
import examplePack from '@/lib/instruments/examples/example-pack.json';
import {
  BUILT_IN_MEASURES,
  HIGHER_IS_BETTER,
  MEASURE_KEYS,
  concernOfLevel,
  concerningEndNote,
  describeScoreChange,
  formatScore,
  getMeasure,
  getMeasures,
  levelOf,
  measureTitle,
} from './index';

function pack() {
  const parsed = parsePack(examplePack);
  if (!parsed.ok) throw new Error('the example pack must parse');
  return parsed.pack;
}

describe('lib/measures: every measure derived from the instrument definitions', () => {
  it('ProQOL 5 measures: labels, ranges and cut points from the ProQOL 5 definition (manual: 10–50, low ≤ 22, high ≥ 42)', () => {
    expect(MEASURE_KEYS).toEqual(['cs', 'bo', 'sts', 'vr']);
    expect(getMeasure('cs')).toMatchObject({ label: 'Compassion satisfaction', noun: 'compassion satisfaction', abbreviation: 'CS', concerningEnd: 'low' });
    expect(getMeasure('bo')).toMatchObject({ label: 'Burnout', abbreviation: 'BO', concerningEnd: 'high', range: { min: 10, max: 50 }, cutPoints: { lowMax: 22, highMin: 42 } });
    expect(getMeasure('sts')).toMatchObject({ label: 'Secondary traumatic stress', abbreviation: 'STS', concerningEnd: 'high' });
    for (const key of ['cs', 'bo', 'sts'] as const) {
      const s = getMeasure(key);
      expect(s.instrumentId).toBe(PROQOL5.id);
      expect(s.range).toEqual(Object.values(PROQOL5.subscales).find((x) => x.abbreviation === key)!.range);
    }
  });

  it('VR: the built-in brief check by default (0–35, low ≤ 11, high ≥ 24, brief-vr.ts)', () => {
    const vr = getMeasure('vr');
    expect(vr).toMatchObject({ label: 'Vicarious resilience', abbreviation: 'VR', instrumentId: BRIEF_VR.id, range: { min: 0, max: 35 }, cutPoints: { lowMax: 11, highMin: 24 }, concerningEnd: 'low', decimals: 1 });
    expect(measureTitle(vr)).toBe('Vicarious resilience (0–35)');
    expect(getMeasures()).toBe(BUILT_IN_MEASURES);
  });

  it('VR with an installed pack: the pack\u2019s headline subscale range and cut points replace the built-in ones', () => {
    const measures = getMeasures(pack());
    // example-pack.json, first subscale "recovery": range 3–15, low ≤ 7, high ≥ 12.
    expect(measures.vr).toMatchObject({ label: 'Vicarious resilience', instrumentId: 'example-resilience-pack', range: { min: 3, max: 15 }, cutPoints: { lowMax: 7, highMin: 12 } });
    expect(measureTitle(measures.vr)).toBe('Vicarious resilience (3–15)');
    expect(measures.bo).toBe(BUILT_IN_MEASURES.bo);
    expect(levelOf(measures.vr, 7)).toBe('low');
    expect(levelOf(measures.vr, 11.9)).toBe('moderate');
    expect(levelOf(measures.vr, 12)).toBe('high');
    // The same score on the built-in scale has another level: the scale matters.
    expect(levelOf(BUILT_IN_MEASURES.vr, 12)).toBe('moderate');
  });

  it('a pack without cut points has no levels', () => {
    const noCuts = { ...pack(), subscales: { support: pack().subscales.support! } };
    const spec = getMeasure('vr', noCuts);
    expect(spec.cutPoints).toBeNull();
    expect(spec.decimals).toBe(2);
    expect(levelOf(spec, 3)).toBeNull();
  });

  it('levels follow the scoring rule on the reported score: 22 low, 22.2 moderate, 42 high', () => {
    const bo = getMeasure('bo');
    expect([22, 22.2, 41.9, 42].map((v) => levelOf(bo, v))).toEqual(['low', 'moderate', 'moderate', 'high']);
  });

  it('concern direction: high BO/STS and low CS/VR are concerning', () => {
    expect(concernOfLevel(getMeasure('bo'), 'high')).toBe('concerning');
    expect(concernOfLevel(getMeasure('sts'), 'low')).toBe('favourable');
    expect(concernOfLevel(getMeasure('cs'), 'low')).toBe('concerning');
    expect(concernOfLevel(getMeasure('vr'), 'high')).toBe('favourable');
    expect(concernOfLevel(getMeasure('vr'), 'moderate')).toBe('moderate');
    expect(HIGHER_IS_BETTER).toEqual({ cs: true, bo: false, sts: false, vr: true });
  });

  it('says the concerning ends in one sentence, from the specs (ProQOL 5 manual: high BO/STS, low CS)', () => {
    expect(concerningEndNote()).toBe(
      'For burnout and secondary traumatic stress, high is the concerning end; for compassion satisfaction and vicarious resilience, low is.',
    );
    // The sentence is built from the specs, not written out: move one measure and it follows.
    const one = { ...BUILT_IN_MEASURES, cs: { ...BUILT_IN_MEASURES.cs, concerningEnd: 'high' as const } };
    expect(concerningEndNote(one)).toBe(
      'For compassion satisfaction, burnout and secondary traumatic stress, high is the concerning end; for vicarious resilience, low is.',
    );
  });

  it('formats scores and words changes by direction', () => {
    expect(formatScore(34)).toBe('34');
    expect(formatScore(33.33)).toBe('33.3');
    expect(formatScore(-2.5)).toBe('\u22122.5');
    expect(formatScore(3.256, { decimals: 2 })).toBe('3.26');
    expect(describeScoreChange(getMeasure('bo'), -12)).toBe('Burnout is 12 points lower than last time, a good sign');
    expect(describeScoreChange(getMeasure('bo'), 12)).toBe('Burnout is 12 points higher than last time, worth watching');
    expect(describeScoreChange(getMeasure('cs'), -0.5)).toBe('Compassion satisfaction is 0.5 points lower than last time, worth watching');
    expect(describeScoreChange(getMeasure('vr'), 1)).toBe('Vicarious resilience is 1 point higher than last time, a good sign');
    expect(describeScoreChange(getMeasure('sts'), 0.04)).toBe('Secondary traumatic stress is the same as last time');
  });
});

