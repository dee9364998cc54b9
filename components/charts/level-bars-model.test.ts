import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLEMENTARY_REASON, fewerThanKForMeasureReason } from '@/lib/privacy/suppression';
import type { LevelBarsRow } from './dashboard-types';
import {
  describeLevelRow,
  levelPartText,
  levelRowStatus,
  noBarText,
  rowHeading,
  roundPercentages,
  summarizeLevelBars,
  withoutLevelText,
} from './level-bars-model';

const burnout: LevelBarsRow = { measure: 'bo', label: 'Burnout', n: 52, levelCounts: { low: 21, moderate: 25, high: 6 }, suppressed: null };
const vrHidden: LevelBarsRow = {
  measure: 'vr',
  label: 'Vicarious resilience',
  n: null,
  levelCounts: null,
  suppressed: fewerThanKForMeasureReason(5, 'vr'),
};
const csEmpty: LevelBarsRow = { measure: 'cs', label: 'Compassion satisfaction', n: 0, levelCounts: { low: 0, moderate: 0, high: 0 }, suppressed: null };

describe('roundPercentages', () => {
  it('gives the leftover points to the largest remainders (worked by hand)', () => {
    // 21/52, 25/52, 6/52 = 40.38, 48.08, 11.54 → floors 40 + 48 + 11 = 99 → the .54 gets the point.
    expect(roundPercentages([21, 25, 6])).toEqual([40, 48, 12]);
    // Thirds: ties go to the earlier part.
    expect(roundPercentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(roundPercentages([0, 3, 0])).toEqual([0, 100, 0]);
    expect(roundPercentages([0, 0, 0])).toEqual([0, 0, 0]);
  });

  it('always adds up to 100, each within 1 point of the exact share (seeded property test)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 6 }), (counts) => {
        const total = counts.reduce((a, b) => a + b, 0);
        fc.pre(total > 0);
        const rounded = roundPercentages(counts);
        expect(rounded.reduce((a, b) => a + b, 0)).toBe(100);
        rounded.forEach((r, i) => expect(Math.abs(r - (counts[i] * 100) / total)).toBeLessThan(1));
      }),
      { seed: 20260101, numRuns: 300 },
    );
  });

  it('does not mutate its input and names itself on bad counts', () => {
    const counts = Object.freeze([2, 1]);
    expect(roundPercentages(counts)).toEqual([67, 33]);
    expect(() => roundPercentages([1, -1])).toThrow(/roundPercentages/);
    expect(() => roundPercentages([1.5])).toThrow(/roundPercentages/);
  });
});

describe('levelRowStatus', () => {
  it('gives exact shares for the bar and rounded percentages for the text', () => {
    const status = levelRowStatus(burnout);
    expect(status.kind).toBe('shown');
    if (status.kind !== 'shown') return;
    expect(status.total).toBe(52);
    expect(status.parts.map((p) => [p.level, p.count, p.percent])).toEqual([
      ['low', 21, 40],
      ['moderate', 25, 48],
      ['high', 6, 12],
    ]);
    expect(status.parts[0].share).toBeCloseTo((21 * 100) / 52, 12);
    expect(levelPartText(status.parts[2], status.total)).toBe('High: 6 of 52 (12%)');
    expect(withoutLevelText(status)).toBeNull();
  });

  it('reports a hidden row\'s reason, and no bar for n = 0', () => {
    const hidden = levelRowStatus(vrHidden);
    expect(hidden).toEqual({ kind: 'hidden', reason: 'fewer than 5 responses with a vicarious resilience score' });
    if (hidden.kind === 'shown') return;
    expect(noBarText(hidden)).toBe('Hidden: fewer than 5 responses with a vicarious resilience score');
    const empty = levelRowStatus(csEmpty);
    expect(empty).toEqual({ kind: 'empty' });
    if (empty.kind === 'shown') return;
    expect(noBarText(empty)).toBe('No responses');
  });

  it('draws shares of the responses with a level and says how many had none', () => {
    const status = levelRowStatus({ ...burnout, n: 54 });
    if (status.kind !== 'shown') throw new Error('expected a bar');
    expect(status.total).toBe(52);
    expect(withoutLevelText(status)).toBe('2 of 54 had no level');
  });
});

describe('sentences', () => {
  it('describes each row with its n, counts and percentages, or why it has no bar', () => {
    expect(rowHeading(burnout)).toBe('Burnout (n 52)');
    expect(rowHeading(vrHidden)).toBe('Vicarious resilience');
    expect(describeLevelRow(burnout)).toBe('Burnout (n 52): low 21 (40%), moderate 25 (48%), high 6 (12%)');
    expect(describeLevelRow({ ...burnout, n: 54 })).toBe(
      'Burnout (n 54): low 21 (40%), moderate 25 (48%), high 6 (12%); 2 of 54 had no level',
    );
    expect(describeLevelRow(vrHidden)).toBe('Vicarious resilience: hidden, fewer than 5 responses with a vicarious resilience score');
    expect(describeLevelRow({ ...vrHidden, suppressed: COMPLEMENTARY_REASON })).toBe(
      'Vicarious resilience: hidden so that a small group cannot be worked out from the total',
    );
    expect(describeLevelRow(csEmpty)).toBe('Compassion satisfaction: no responses');
  });

  it('summarizes the whole chart for its aria-label', () => {
    expect(summarizeLevelBars('Whole agency, latest cycle', [burnout, vrHidden])).toBe(
      'Whole agency, latest cycle: share of people at the low, moderate and high level for each measure. ' +
        'Burnout (n 52): low 21 (40%), moderate 25 (48%), high 6 (12%). ' +
        'Vicarious resilience: hidden, fewer than 5 responses with a vicarious resilience score. ' +
        'Every number is in the table below.',
    );
    expect(summarizeLevelBars('Whole agency', [])).toBe('Whole agency: no results yet.');
  });
});
