import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ORG_CHECK_PILLARS } from '@/lib/instruments';
import { scoreOrgCheck } from '@/lib/scoring/org-check';
import { publishedMoments } from './levels';
import { PILLAR_SCORE_GRID, countCandidateSets, pinsPillarScores } from './pillar-precision';

const sd = (xs: readonly number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
/** The cell the planner would publish for these scores (publishedMoments, rule 8). */
const cellOf = (xs: readonly number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { n: xs.length, ...publishedMoments(xs.length, m, sd(xs)) };
};

describe('PILLAR_SCORE_GRID', () => {
  it('is exactly the set of scores the scoring core gives a pillar (every answer pattern of its 3 items)', () => {
    const items = ORG_CHECK_PILLARS[0]!.items;
    const seen = new Set<number>();
    const values = [null, 1, 2, 3, 4, 5];
    for (const a of values) for (const b of values) for (const c of values) {
      const s = scoreOrgCheck({ [items[0]!]: a, [items[1]!]: b, [items[2]!]: c })[ORG_CHECK_PILLARS[0]!.code];
      if (s.score !== null) seen.add(s.score);
    }
    expect([...seen].sort((x, y) => x - y)).toEqual(PILLAR_SCORE_GRID);
    expect(PILLAR_SCORE_GRID).toHaveLength(17);
  });
});

describe('pinsPillarScores', () => {
  it('finds the insider review\'s two pinned cells', () => {
    // Review (1): five people, four scoring 5 and one 4.67, publish mean 4.9, SD 0.1, CI 4.8 to 5.0.
    const top = cellOf([5, 5, 5, 5, 4.67]);
    expect(top).toMatchObject({ n: 5, mean: 4.9, sd: 0.1, ci95: [4.8, 5] });
    expect(pinsPillarScores(top)).toBe(true);
    // Review (2): {2, 5, 5} at k = 3 publishes mean 4.0 and (whole-point) SD 2; only that set fits.
    const three = cellOf([2, 5, 5]);
    expect(three).toMatchObject({ mean: 4, sd: 2 });
    expect(pinsPillarScores(three)).toBe(true);
  });

  it('leaves a varied cell alone (many sets publish the same numbers)', () => {
    const cell = cellOf([2.33, 3, 3.5, 4, 4.67]);
    expect(countCandidateSets(cell)).toBeGreaterThan(1);
    expect(pinsPillarScores(cell)).toBe(false);
    expect(pinsPillarScores({ ...cellOf([1, 2, 3, 4, 5, 3, 3, 2, 4]) })).toBe(false); // n 9: not enumerated
  });

  it('always counts the true set among the candidates (random cells of 2 to 8 people)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PILLAR_SCORE_GRID), { minLength: 2, maxLength: 8 }), (xs) => {
        expect(countCandidateSets(cellOf(xs))).toBeGreaterThanOrEqual(1);
      }),
      { seed: 15, numRuns: 300 },
    );
  });
});
