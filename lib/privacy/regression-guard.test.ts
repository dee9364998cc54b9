import { describe, expect, it } from 'vitest';
import { guardRegression, requiredN } from './regression-guard';

describe('guardRegression (privacy rule 4)', () => {
  const cont = (n: number) => ({ name: 'x', label: 'X', kind: 'continuous' as const, values: Array.from({ length: n }, (_, i) => i) });

  it('needs n ≥ max(30, 10 × predictors): 4 predictors need 40', () => {
    expect(requiredN(1)).toBe(30);
    expect(requiredN(3)).toBe(30);
    expect(requiredN(4)).toBe(40);
    const preds = ['a', 'b', 'c', 'd'].map((name) => ({ ...cont(22), name }));
    const g = guardRegression({ k: 5, n: 22, predictors: preds });
    expect(g.ok).toBe(false);
    expect(g.ok ? '' : g.message).toBe('Not enough responses yet: 22 of 40 needed.');
  });

  it('drops a binary predictor with a level below k, with a note, and recounts the n needed', () => {
    const n = 40;
    const rare = { name: 'trauma', label: 'Personal trauma history', kind: 'binary' as const, values: Array.from({ length: n }, (_, i) => (i < 4 ? 1 : 0)) };
    const preds = [rare, { ...cont(n), name: 'b' }, { ...cont(n), name: 'c' }, { ...cont(n), name: 'd' }];
    const g = guardRegression({ k: 5, n, predictors: preds });
    expect(g.ok).toBe(true);
    expect(g.predictors.map((p) => p.name)).toEqual(['b', 'c', 'd']);
    expect(g.notes).toEqual([
      'Personal trauma history was left out: fewer than 5 respondents are in one of its groups, so its result could describe individuals.',
    ]);
    expect(g.nNeeded).toBe(30);
  });

  it('keeps a binary predictor whose levels both have at least k', () => {
    const n = 30;
    const ok = { name: 't', label: 'T', kind: 'binary' as const, values: Array.from({ length: n }, (_, i) => (i < 5 ? 1 : 0)) };
    expect(guardRegression({ k: 5, n, predictors: [ok] }).predictors).toHaveLength(1);
  });

  it('refuses k below 3 and malformed binaries', () => {
    expect(() => guardRegression({ k: 2, n: 0, predictors: [] })).toThrow(/guardRegression/);
    expect(() =>
      guardRegression({ k: 5, n: 2, predictors: [{ name: 'b', label: 'B', kind: 'binary', values: [0, 2] }] }),
    ).toThrow(/values other than 0 and 1/);
  });
});
