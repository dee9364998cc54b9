import { describe, expect, it } from 'vitest';
import { PILLAR_CODES } from '@/lib/instruments';
import {
  ALPHA_MIN_N,
  PILLAR_MEASURES,
  PILLAR_NO_LEVELS,
  pillarCellSchema,
  pillarChangeCellSchema,
  planPillarChangePublication,
  planPillarPublication,
  releasePillarAlphas,
  type PillarLinkedCycle,
  type PillarResponse,
} from './pillars';
import { changeCellSchema } from './cell-schema';
import { CHANGE_GROUP_HIDDEN_REASON, CHANGE_MIN_PAIRS, withFamilyQ } from './change';
import { AUDIT_WITHHELD_REASON } from './publication';
import { ORG_GROUP } from './types';
import type { PillarCell } from './pillars';

const r = (groupId: string, ms: number | null, extra: Partial<PillarResponse> = {}): PillarResponse => ({
  groupId,
  cycleId: 'c1',
  pillars: { org_lm: 4, org_ms: ms, org_ee: 3.5, org_td: 3, org_hw: ms === null ? null : ms + 1 },
  ...extra,
});

describe('planPillarPublication', () => {
  it('uses the same codes as the instrument', () => {
    expect([...PILLAR_MEASURES]).toEqual([...PILLAR_CODES]);
  });

  it('publishes agency and team pillar means to one decimal, with no level breakdown', () => {
    const responses = [
      ...[2, 2.5, 3, 2, 1.5, 3].map((v) => r('A', v)),
      ...[4, 3.5, 4, 4.5, 5, 3].map((v) => r('B', v)),
    ];
    const pub = planPillarPublication({ k: 5, cycleId: 'c1', teams: [{ id: 'A' }, { id: 'B' }], responses });
    expect(pub.refused).toBe(false);
    expect(pub.cells).toHaveLength(15);
    const msA = pub.cells.find((c) => c.group === 'A' && c.measure === 'org_ms')!;
    // (2 + 2.5 + 3 + 2 + 1.5 + 3) / 6 = 14 / 6 = 2.333… → 2.3
    expect(msA).toMatchObject({ n: 6, mean: 2.3, levelCounts: null, levelsWithheld: PILLAR_NO_LEVELS, suppressed: null });
    const msOrg = pub.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')!;
    // (14 + 24) / 12 = 3.1666… → 3.2
    expect(msOrg).toMatchObject({ n: 12, mean: 3.2 });
    for (const c of pub.cells) expect(pillarCellSchema.safeParse(c).success).toBe(true);
    // Everyone in team A and B gave org_lm 4: identical answers hide the cells (SD 0 reveals each score).
    expect(pub.cells.filter((c) => c.measure === 'org_lm').every((c) => c.suppressed !== null)).toBe(true);
  });

  it('hides a cell whose numbers pin its scores, and the agency cell of that pillar with it (insider review 1)', () => {
    // A: five at org_ms 5, 5, 5, 5, 4.67 → mean 4.9, SD 0.1, CI 4.8 to 5.0: only that set fits.
    // B: six varied. Were the agency shown, agency minus B would give A's mean, and a hidden A
    // with 5 people would point at the pinned sets with that mean: the agency is hidden too.
    const responses = [
      ...[5, 5, 5, 5, 4.67].map((v) => r('A', v)),
      ...[2, 2.5, 3, 2, 1.5, 3].map((v) => r('B', v)),
    ];
    const pub = planPillarPublication({ k: 5, cycleId: 'c1', teams: [{ id: 'A' }, { id: 'B' }], responses });
    expect(pub.refused).toBe(false);
    const ms = (g: string) => pub.cells.find((c) => c.group === g && c.measure === 'org_ms')!;
    expect(ms('A').suppressed).not.toBeNull();
    expect(ms('org').suppressed).not.toBeNull();
    expect(ms('B')).toMatchObject({ n: 6, suppressed: null });
    // Control: with A's scores varied, nothing is pinned and the agency cell is shown.
    const varied = planPillarPublication({
      k: 5, cycleId: 'c1', teams: [{ id: 'A' }, { id: 'B' }],
      responses: [...[5, 4, 3.5, 5, 4.67].map((v) => r('A', v)), ...[2, 2.5, 3, 2, 1.5, 3].map((v) => r('B', v))],
    });
    expect(varied.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')).toMatchObject({ n: 11, suppressed: null });
  });

  it('hides a team below k and its complement, and never counts viewers', () => {
    const responses = [
      ...[2, 2.5, 3, 2, 1.5, 3].map((v) => r('A', v)),
      ...[4, 3.5].map((v) => r('B', v)),
      // Two viewers: known answers, never counted (rule 6).
      r('A', 1, { isViewer: true }),
      r('org-less', 5, { isViewer: true }),
    ];
    const pub = planPillarPublication({ k: 5, cycleId: 'c1', teams: [{ id: 'A' }, { id: 'B' }], responses });
    const ms = (g: string) => pub.cells.find((c) => c.group === g && c.measure === 'org_ms')!;
    expect(ms('B').suppressed).toMatch(/fewer than 5/);
    // The agency total would be A + B; B has 2, so A must be hidden too (complement) or the agency total.
    const shownA = ms('A').suppressed === null;
    const shownOrg = ms('org').suppressed === null;
    expect(shownA && shownOrg).toBe(false);
    if (shownA) expect(ms('A').n).toBe(6);
    if (shownOrg) expect(ms('org').n).toBe(8);
  });

  it('fails closed: a refused run withholds every pillar cell', () => {
    // A team id equal to the agency group is a programming error, not a leak: it throws.
    expect(() => planPillarPublication({ k: 5, cycleId: 'c1', teams: [{ id: 'org' }], responses: [] })).toThrow();
    // An empty cycle publishes empty cells (n = 0), not hidden ones.
    const empty = planPillarPublication({ k: 5, cycleId: 'c1', teams: [], responses: [] });
    expect(empty.cells.every((c) => c.n === 0)).toBe(true);
    expect(AUDIT_WITHHELD_REASON).toMatch(/withheld/);
  });
});

describe('releasePillarAlphas', () => {
  const rows = (n: number, viewer = false) =>
    Array.from({ length: n }, (_, i) => ({
      isViewer: viewer,
      items: { org_ms: [1 + (i % 5), 1 + (i % 5), 1 + ((i + 1) % 5)] },
    }));

  // The agency's org_ms cell as published (only its being shown matters to the gate).
  const shown = { k: 5, refused: false, cells: [{ group: ORG_GROUP, measure: 'org_ms', suppressed: null } as unknown as PillarCell] };

  it(`is withheld below ${ALPHA_MIN_N} complete non-viewer responses; viewers never count`, () => {
    const few = releasePillarAlphas([...rows(29), ...rows(5, true)], shown);
    expect(few.find((a) => a.measure === 'org_ms')).toMatchObject({ alpha: null, n: null });
    expect(few.find((a) => a.measure === 'org_ms')!.withheld).toMatch(/30/);
  });

  it('reports alpha to two decimals from 30 responses', () => {
    const a = releasePillarAlphas(rows(30), shown).find((x) => x.measure === 'org_ms')!;
    expect(a.n).toBe(30);
    expect(a.alpha).not.toBeNull();
    expect(Math.abs(a.alpha! * 100 - Math.round(a.alpha! * 100))).toBeLessThan(1e-9);
  });

  it('is withheld when k is above 30 and not reached, when the agency cell is hidden, and when the publication was refused (insider review 3)', () => {
    const org = (a: readonly { measure: string; alpha: number | null }[]) => a.find((x) => x.measure === 'org_ms')!.alpha;
    expect(org(releasePillarAlphas(rows(35), { ...shown, k: 40 }))).toBeNull();
    expect(org(releasePillarAlphas(rows(40), { ...shown, k: 40 }))).not.toBeNull();
    expect(org(releasePillarAlphas(rows(35), { ...shown, cells: [] }))).toBeNull();
    expect(org(releasePillarAlphas(rows(35), { ...shown, refused: true }))).toBeNull();
  });
});

/* ───────────── Within-person change of the pillars (planPillarChangePublication) ───────────── */

/**
 * Two checks of one team 'A' (so the agency is the team, and complements are 0). Person i
 * has Management & Supervision `ms[0][i]` then `ms[1][i]`, Staff Health & Wellness
 * `hw[0][i]` then `hw[1][i]`; the other pillars are not answered.
 */
interface TwoChecks {
  k: number;
  ms: readonly [readonly (number | null)[], readonly (number | null)[]];
  hw?: readonly [readonly number[], readonly number[]];
  /** Indices of people who are viewers (directors/admins). */
  viewers?: readonly number[];
}

function twoChecks({ k, ms, hw, viewers = [] }: TwoChecks) {
  const teams = [{ id: 'A' }];
  const people = ms[0].map((_, i) => i);
  const pillarsAt = (t: 0 | 1, i: number) => ({ org_ms: ms[t][i] ?? null, org_hw: hw ? (hw[t][i] ?? null) : null });
  const cellsAt = (t: 0 | 1) =>
    planPillarPublication({
      k,
      cycleId: `c${t + 1}`,
      teams,
      responses: people.map((i) => ({ groupId: 'A', cycleId: `c${t + 1}`, isViewer: viewers.includes(i), pillars: pillarsAt(t, i) })),
    }).cells;
  const linkedCycles: PillarLinkedCycle[] = ([0, 1] as const).map((t) => ({
    id: `c${t + 1}`,
    k,
    cells: cellsAt(t),
    respondents: people.map((i) => ({ person: i, teamId: 'A', isViewer: viewers.includes(i), isCounted: !viewers.includes(i), pillars: pillarsAt(t, i) })),
  }));
  return planPillarChangePublication({
    k,
    cycleId: 'c2',
    previousCycleId: 'c1',
    teams,
    pairs: people.map((i) => ({ groupId: 'A', isViewer: viewers.includes(i), previous: pillarsAt(0, i), current: pillarsAt(1, i) })),
    currentCells: linkedCycles[1]!.cells,
    linkedCycles,
    earlierChanges: [],
  });
}

// Worked by hand: changes +1, +0.5, +1, +0.5, +1, +1.
const MS_BEFORE = [2, 2.5, 3, 2, 3, 2.5];
const MS_AFTER = [3, 3, 4, 2.5, 4, 3.5];

describe('planPillarChangePublication', () => {
  it('computes the paired change as for the wellbeing measures (hand-worked example)', () => {
    const pub = twoChecks({ k: 5, ms: [MS_BEFORE, MS_AFTER] });
    expect(pub.refused).toBe(false);
    const ms = pub.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')!;
    // Worked by hand: mean = 5/6 = 0.833… → 0.8; SS = 4·(1/6)² + 2·(1/3)² = 1/3, SD = √(1/15) = 0.258 → 0.3;
    // t(0.975, 5) = 2.5706 (t table), half = 2.5706 · 0.3/√6 = 0.315, CI 0.8 ± 0.315 = 0.485 to 1.115 → 0.5 to 1.1;
    // t = 0.8/(0.3/√6) = 6.53 on 5 df, two-sided p ≈ 0.0013 (between t table's 6.869 → .001 and 5.893 → .002).
    expect(ms).toMatchObject({ previousCycle: 'c1', cycle: 'c2', nPairs: 6, meanChange: 0.8, sdChange: 0.3, ci95: [0.5, 1.1], suppressed: null, flagged: true });
    expect(ms.pValue!).toBeGreaterThan(0.001);
    expect(ms.pValue!).toBeLessThan(0.002);
    // The team 'A' is the whole agency: shown too, with the same numbers.
    expect(pub.cells.find((c) => c.group === 'A' && c.measure === 'org_ms')).toMatchObject({ nPairs: 6, meanChange: 0.8 });
    // Pillars nobody answered: hidden with the reason, no numbers; every cell passes the stored schema.
    const lm = pub.cells.find((c) => c.group === 'org' && c.measure === 'org_lm')!;
    expect(lm).toMatchObject({ nPairs: null, meanChange: null, suppressed: CHANGE_GROUP_HIDDEN_REASON });
    expect(pub.cells).toHaveLength(5 * 2);
    for (const c of pub.cells) expect(pillarChangeCellSchema.safeParse(c).success).toBe(true);
    // The wellbeing schema stays strict: a pillar change cell is not a measure change cell.
    expect(changeCellSchema.safeParse(ms).success).toBe(false);
  });

  it('hides a change of fewer than 5 pairs even when k is 3 (CHANGE_MIN_PAIRS)', () => {
    // Six answers in each check (both cells shown at k = 3) but only persons 0–3 answered both:
    // persons 4, 5 skipped the pillar the second time, persons 6, 7 the first time.
    const pub = twoChecks({
      k: 3,
      ms: [
        [...MS_BEFORE, null, null],
        [...MS_AFTER.slice(0, 4), null, null, 3.5, 2],
      ],
    });
    expect(pub.cells.filter((c) => c.measure === 'org_ms').every((c) => c.suppressed !== CHANGE_GROUP_HIDDEN_REASON)).toBe(true);
    const ms = pub.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')!;
    expect(CHANGE_MIN_PAIRS).toBe(5);
    expect(ms).toMatchObject({ nPairs: null, meanChange: null, flagged: false, suppressed: 'fewer than 5 people who answered both cycles' });
  });

  it("leaves viewers' pairs out (rule 6): a director's large change moves nothing", () => {
    // Person 6 is a director who went from 1 to 5.
    const pub = twoChecks({ k: 5, ms: [[...MS_BEFORE, 1], [...MS_AFTER, 5]], viewers: [6] });
    expect(pub.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')).toMatchObject({ nPairs: 6, meanChange: 0.8, sdChange: 0.3 });
    // With only 4 non-viewers and 2 viewers, 6 pairs are not enough: 4 < 5.
    const few = twoChecks({ k: 5, ms: [MS_BEFORE, MS_AFTER], viewers: [4, 5] });
    expect(few.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')!.suppressed).not.toBeNull();
  });

  it('hides the change when the group was hidden in the previous check', () => {
    // Everyone gave 3 in the first check: that cell is hidden (SD 0), so its change is too.
    const pub = twoChecks({ k: 5, ms: [[3, 3, 3, 3, 3, 3], MS_AFTER] });
    expect(pub.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')).toMatchObject({ suppressed: CHANGE_GROUP_HIDDEN_REASON, nPairs: null });
  });

  it('q-values: one Benjamini–Yekutieli family over the pillar changes of this publication, across both slot batches', () => {
    // Staff Health & Wellness (the second batch, slot 'cs'): changes 0, +0.5, +0.5, 0, 0, +0.5.
    const hw: TwoChecks['hw'] = [[4, 3.5, 4, 3, 4.5, 4], [4, 4, 4.5, 3, 4.5, 4.5]];
    const pub = twoChecks({ k: 5, ms: [MS_BEFORE, MS_AFTER], hw });
    const shown = pub.cells.filter((c) => c.suppressed === null);
    // org_ms and org_hw, each for the agency and team A.
    expect(shown.map((c) => `${c.group}:${c.measure}`).sort()).toEqual(['A:org_hw', 'A:org_ms', 'org:org_hw', 'org:org_ms']);
    // The q-values are lib/privacy's family rule (withFamilyQ) applied once to all of this
    // publication's pillar change cells: not per slot batch, and not mixed with any measure.
    const cleared = pub.cells.map((c) => ({ ...c, qValue: null, flagged: false }));
    expect(withFamilyQ(cleared).map((c) => c.qValue)).toEqual(pub.cells.map((c) => c.qValue));
    const batchOne = cleared.filter((c) => c.measure !== 'org_hw');
    const perBatch = withFamilyQ(batchOne).find((c) => c.group === 'org' && c.measure === 'org_ms')!.qValue;
    expect(perBatch).not.toBe(pub.cells.find((c) => c.group === 'org' && c.measure === 'org_ms')!.qValue);
    for (const c of shown) {
      expect(c.qValue!).toBeGreaterThanOrEqual(c.pValue!);
      expect(c.flagged).toBe(c.qValue! < 0.05);
    }
    // Hidden cells have no q.
    for (const c of pub.cells.filter((x) => x.suppressed !== null)) expect(c.qValue).toBeNull();
  });
});
