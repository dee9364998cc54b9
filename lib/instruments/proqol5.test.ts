import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROQOL5, PROQOL5_SOURCE } from './proqol5';

describe('ProQOL 5 definition', () => {
  it('ships a byte-for-byte copy of the reference file (/work/shared/reference/proqol5.json)', () => {
    // The hash of the reference file when it was copied. Items may not be changed
    // (licence terms), so a change to this file must be deliberate.
    const bytes = readFileSync(new URL('./data/proqol5.json', import.meta.url));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '151aa183d201b8f48dd46b085f144fb6bbb57f3e9b06fc7bde1e56412e7898bc',
    );
  });

  it('carries the attribution and licence terms', () => {
    expect(PROQOL5.attribution).toBe(PROQOL5_SOURCE.attribution);
    expect(PROQOL5.attribution).toMatch(/Stamm/);
    expect(PROQOL5.licence).toMatch(/not sold/);
  });

  it('keeps the item text exactly as in the source', () => {
    expect(PROQOL5.items.map((i) => [i.id, i.text])).toEqual(PROQOL5_SOURCE.items.map((i) => [i.n, i.text]));
  });

  it('has the ProQOL key: 3 × 10 items, each item once, burnout reverse items 1, 4, 15, 17, 29', () => {
    const { compassionSatisfaction: cs, burnout: bo, secondaryTraumaticStress: sts } = PROQOL5.subscales;
    expect(cs.items).toEqual([3, 6, 12, 16, 18, 20, 22, 24, 27, 30]);
    expect(bo.items).toEqual([1, 4, 8, 10, 15, 17, 19, 21, 26, 29]);
    expect(sts.items).toEqual([2, 5, 7, 9, 11, 13, 14, 23, 25, 28]);
    expect(bo.reverse).toEqual([1, 4, 15, 17, 29]);
    expect(cs.reverse).toEqual([]);
    expect(sts.reverse).toEqual([]);
    expect([...cs.items, ...bo.items, ...sts.items].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    for (const s of [cs, bo, sts]) {
      expect(s.range).toEqual({ min: 10, max: 50 });
      expect(s.levels).toEqual({ lowMax: 22, highMin: 42 });
      expect(s.maxMissing).toBe(2);
      expect(s.method).toBe('sum');
    }
    expect(PROQOL5.responseScale.min).toBe(1);
    expect(PROQOL5.responseScale.max).toBe(5);
    expect(PROQOL5.responseScale.labels.map((l) => l.label)).toEqual(['Never', 'Rarely', 'Sometimes', 'Often', 'Very Often']);
  });
});
