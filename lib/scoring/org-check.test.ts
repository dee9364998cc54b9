import { describe, expect, it } from 'vitest';
import { ORG_CHECK, PILLAR_CODES, getBuiltInInstrument, parsePack } from '@/lib/instruments';
import { scoreOrgCheck } from './org-check';
import { subscaleAlpha } from './subscale-alpha';
import examplePack from '@/lib/instruments/examples/org-pack-example.json';

/** Answers 1..15 from a list (null = skipped or "don't know"). */
const answers = (...values: (number | null)[]) => Object.fromEntries(values.map((v, i) => [i + 1, v]));

describe('brief organizational check: golden cases worked by hand', () => {
  it('scores each pillar as the mean of its three items (two decimals)', () => {
    // LM 4,4,5 → 13/3 = 4.333… → 4.33; MS 2,2,3 → 7/3 = 2.33; EE 3,3,3 → 3;
    // TD 1,2,2 → 5/3 = 1.666… → 1.67; HW 5,5,5 → 5.
    const s = scoreOrgCheck(answers(4, 4, 5, 2, 2, 3, 3, 3, 3, 1, 2, 2, 5, 5, 5));
    expect(PILLAR_CODES.map((c) => s[c].score)).toEqual([4.33, 2.33, 3, 1.67, 5]);
    expect(s.org_ms).toMatchObject({ valid: true, prorated: false, level: null, answered: 3, missing: 0 });
  });

  it('scores a pillar with 1 of 3 missing ("don\'t know") as the mean of the other two', () => {
    // MS: item 5 don't know → (2 + 3) / 2 = 2.5; TD: item 10 missing → (4 + 5) / 2 = 4.5.
    const s = scoreOrgCheck(answers(3, 3, 3, 2, null, 3, 4, 4, 4, null, 4, 5, 1, 1, 2));
    expect(s.org_ms).toMatchObject({ valid: true, score: 2.5, prorated: true, missingItems: [5] });
    expect(s.org_td).toMatchObject({ valid: true, score: 4.5, prorated: true });
    // HW 1,1,2 → 4/3 = 1.33.
    expect(s.org_hw.score).toBe(1.33);
  });

  it('does not score a pillar with 2 or 3 of its items missing, and says why', () => {
    const s = scoreOrgCheck(answers(null, null, 4, null, null, null, 3, 3, 3, 3, 3, 3, 3, 3, 3));
    expect(s.org_lm).toMatchObject({
      valid: false,
      score: null,
      reason: 'Leadership & Mission (brief indicator) was not scored: 2 of its 3 items were unanswered (at most 1 may be missing).',
    });
    expect(s.org_ms).toMatchObject({ valid: false, missing: 3 });
    expect(s.org_ee.score).toBe(3);
  });

  it('refuses answers off the 1–5 scale (the draft sentinel for "don\'t know" never reaches scoring)', () => {
    expect(() => scoreOrgCheck({ 1: 0 })).toThrow(/item 1/);
    expect(() => scoreOrgCheck({ 2: 6 })).toThrow(/item 2/);
  });
});

describe('the organizational check definition', () => {
  it('has 15 items, 3 per pillar, on a 1–5 agreement scale with a "don\'t know" option, no levels', () => {
    expect(ORG_CHECK.items).toHaveLength(15);
    expect(Object.values(ORG_CHECK.subscales).map((s) => s.items.length)).toEqual([3, 3, 3, 3, 3]);
    expect(Object.values(ORG_CHECK.subscales).every((s) => s.levels === undefined && s.maxMissing === 1)).toBe(true);
    expect(ORG_CHECK.responseScale.missingOption?.label).toBe("Don't know");
    expect(getBuiltInInstrument('org-check')).toBe(ORG_CHECK);
  });

  it('names itself a brief indicator, not the VT-ORG, and cites the VTT as the source of the five areas', () => {
    expect(ORG_CHECK.attribution).toMatch(/Vicarious Trauma Toolkit/);
    expect(ORG_CHECK.attribution).toMatch(/not the validated VT-ORG/);
  });

  it('reports Cronbach\'s alpha per pillar through the scoring core (hand-worked case)', () => {
    // Pillar LM on three people, items (1,1,1), (2,2,3), (3,3,2): item variances 1, 1, 1;
    // totals 3, 7, 8 → variance 7; alpha = 3/2 × (1 − 3/7) = 0.857142…
    const rows = [answers(1, 1, 1), answers(2, 2, 3), answers(3, 3, 2)];
    const alpha = subscaleAlpha(ORG_CHECK, rows).leadershipMission!;
    expect(alpha.n).toBe(3);
    expect(alpha.alpha).toBeCloseTo(6 / 7, 10);
  });
});

describe('an organizational instrument pack (for agencies with the full VT-ORG)', () => {
  it('installs through the same pack schema, with a "not applicable" option and five mean subscales', () => {
    const parsed = parsePack(examplePack);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.pack.responseScale.missingOption?.label).toBe('Not applicable');
      expect(Object.values(parsed.pack.subscales).every((s) => s.method === 'mean')).toBe(true);
    }
  });

  it('rejects a missing option without a label', () => {
    const bad = { ...examplePack, responseScale: { ...examplePack.responseScale, missingOption: {} } };
    expect(parsePack(bad).ok).toBe(false);
  });
});
