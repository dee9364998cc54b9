import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildCycleAggregates } from './aggregates';
import { auditChanges, type LinkedCycle, type LinkedRespondent } from './audit-change';
import { benjaminiYekutieli } from '@/lib/stats/tests';

import { CHANGE_GROUP_HIDDEN_REASON, CHANGE_MIN_PAIRS, buildChangeCells, withFamilyQ, describeChange, type ChangeCell, type PairedResponse } from './change';
import type { Level, Measure } from './measures';
import { planChangePublication } from './publication';
import { COMPLEMENTARY_REASON } from './suppression';
import { ORG_GROUP, type MeasureScore, type ScoredResponse } from './types';

const level = (v: number): Level => (v <= 22 ? 'low' : v >= 42 ? 'high' : 'moderate');
const bo = (v: number): Partial<Record<Measure, MeasureScore>> => ({ bo: { value: v, level: level(v) } });

/** A person with a burnout score in each cycle they answered (null = did not answer), and a team. */
interface P {
  team: string;
  before: number | null;
  after: number | null;
  viewer?: boolean;
}

function setup(k: number, people: readonly P[], teams: readonly string[]) {
  const responses = (which: 'before' | 'after', cycleId: string): ScoredResponse[] =>
    people.flatMap((p) => (p[which] === null ? [] : [{ groupId: p.team, cycleId, isViewer: p.viewer, scores: bo(p[which]!) }]));
  const teamRefs = teams.map((id) => ({ id }));
  const previousCells = buildCycleAggregates({ k, cycleId: 'c1', teams: teamRefs, responses: responses('before', 'c1') });
  const currentCells = buildCycleAggregates({ k, cycleId: 'c2', teams: teamRefs, responses: responses('after', 'c2') });
  const pairs: PairedResponse[] = people.flatMap((p) =>
    p.before === null || p.after === null ? [] : [{ groupId: p.team, isViewer: p.viewer, previous: bo(p.before), current: bo(p.after) }],
  );
  const linked = (which: 'before' | 'after'): LinkedRespondent[] =>
    people.flatMap((p, person) =>
      p[which] === null
        ? []
        : [{ person, teamId: teams.includes(p.team) ? p.team : null, isViewer: p.viewer === true, isCounted: p.viewer !== true, scores: bo(p[which]!) }],
    );
  const linkedCycles: LinkedCycle[] = [
    { id: 'c1', cells: previousCells, respondents: linked('before') },
    { id: 'c2', cells: currentCells, respondents: linked('after') },
  ];
  return { k, cycleId: 'c2', previousCycleId: 'c1', teams: teamRefs, pairs, currentCells, previousCells, linkedCycles };
}

const cellOf = (cells: readonly ChangeCell[], group: string, measure: Measure = 'bo') =>
  cells.find((c) => c.group === group && c.measure === measure)!;

describe('buildChangeCells', () => {
  it('gives the paired mean, SD, CI and p of a worked example, rounded to one decimal', () => {
    // Five people in team A, burnout before 20, 24, 28, 30, 33 and after 22, 25, 31, 30, 36.
    //   changes d = 2, 1, 3, 0, 3; mean 9/5 = 1.8
    //   squared deviations 0.04 + 0.64 + 1.44 + 3.24 + 1.44 = 6.8; variance 6.8/4 = 1.7; sd = 1.3038 → 1.3
    //   paired CI from the rounded values: 1.8 ± t(0.975, 4)·1.3/√5 = 1.8 ± 2.776445·0.581378 = 1.8 ± 1.6141
    //     → [0.2, 3.4]
    //   t = 1.8/(1.3/√5) = 3.096094, df 4, two-sided p = 0.03635859, from the closed form of the
    //   t CDF for 4 df (Abramowitz & Stegun 26.7.3): F(t) = ½ + ½·sin θ·(1 + cos²θ/2), θ = atan(t/2)
    const s = setup(5, [[20, 22], [24, 25], [28, 31], [30, 30], [33, 36]].map(([b, a]) => ({ team: 'A', before: b!, after: a! })), ['A']);
    const cells = buildChangeCells(s);
    const a = cellOf(cells, 'A');
    expect(a).toMatchObject({ nPairs: 5, meanChange: 1.8, sdChange: 1.3, ci95: [0.2, 3.4], suppressed: null });
    expect(a.pValue).toBeCloseTo(0.03635859, 7);
    expect(cellOf(cells, ORG_GROUP)).toMatchObject({ nPairs: 5, meanChange: 1.8 });
    // BY over the publication's whole family: 2 groups × 4 measures = 8 cells, the 6 without
    // pairs entering as p = 1. c(8) = 1 + 1/2 + … + 1/8 = 2.717857; both p = 0.0363586 at
    // ranks 1 and 2 → q = 2.717857·(8/2)·0.0363586 = 0.395270 ≥ .05.
    expect(a.qValue).toBeCloseTo(0.39527, 5);
    expect(a.flagged).toBe(false);
    expect(describeChange(a as Extract<ChangeCell, { suppressed: null }>)).toBe(
      'burnout rose 1.8 points among the 5 people who answered both cycles (95% CI 0.2 to 3.4)',
    );
  });

  it('hides a change with fewer than k pairs or where the group is hidden; newcomers are left to the auditor', () => {
    const people: P[] = [
      // A: 6 this cycle, 5 of whom answered before (1 newcomer): planned; the audit decides (see below).
      ...[20, 22, 24, 26, 28].map((v, i) => ({ team: 'A', before: v, after: v + 1 + (i % 2) })),
      { team: 'A', before: null, after: 30 },
      // B: 10 pairs, changes alternating +1 and +2: shown.
      ...Array.from({ length: 10 }, (_, i) => ({ team: 'B', before: 20 + i, after: 21 + i + (i % 2) })),
      // C and D: 3 people each: their cells are hidden (together 6 ≥ k, so no complement), so their changes are too.
      ...[25, 26, 27].map((v) => ({ team: 'C', before: v, after: v })),
      ...[35, 36, 37].map((v) => ({ team: 'D', before: v, after: v })),
    ];
    const cells = buildChangeCells(setup(5, people, ['A', 'B', 'C', 'D']));
    expect(cellOf(cells, 'A')).toMatchObject({ nPairs: 5, suppressed: null });
    expect(cellOf(cells, 'C').suppressed).toBe(CHANGE_GROUP_HIDDEN_REASON);
    expect(cellOf(cells, 'B')).toMatchObject({ nPairs: 10, meanChange: 1.5 });
  });

  it('applies complementary suppression across the teams\' change cells', () => {
    // Cells: B 8, C 9, no team 7 (hidden: 7 ≥ k, so B and C are shown). Pairs: B 8, C 9, no team 2
    // (5 of them are new). Agency pairs 19 − shown 17 = 2 hidden, fewer than k: B's change (the
    // smallest) is hidden too.
    const people: P[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ team: 'B', before: 20 + i, after: 21 + i + (i % 2) })),
      ...Array.from({ length: 9 }, (_, i) => ({ team: 'C', before: 30 + i, after: 29 + i - (i % 2) })),
      { team: 'none', before: 25, after: 40 },
      { team: 'none', before: 26, after: 41 },
      ...[30, 31, 32, 33, 34].map((v) => ({ team: 'none', before: null, after: v })),
      // Five who answered only the previous cycle, so B and C were shown then too.
      ...[35, 36, 37, 38, 39].map((v) => ({ team: 'none', before: v, after: null })),
    ];
    const cells = buildChangeCells(setup(5, people, ['B', 'C']));
    expect(cellOf(cells, 'B').suppressed).toBe(COMPLEMENTARY_REASON);
    expect(cellOf(cells, 'C').nPairs).toBe(9);
    expect(cellOf(cells, ORG_GROUP).nPairs).toBe(19);
  });

  it('hides a change where the group was hidden in the previous cycle (third review: identical scores)', () => {
    // k = 5. Cycle 1: T's five all score 30 (hidden, and U with it); cycle 2: everyone varied.
    // T's change plus cycle 2's mean would give cycle 1's 30 back, so T's change is hidden.
    const people: P[] = [
      ...[0, 1, 2, 3, 4].map((i) => ({ team: 'T', before: 30, after: 30 + 2 * i })),
      ...[0, 1, 2, 3, 4, 5].map((i) => ({ team: 'U', before: 24 + i, after: 25 + i + (i % 2) })),
      ...[0, 1, 2, 3, 4, 5].map((i) => ({ team: 'V', before: 32 + i, after: 31 + i + (i % 3) })),
    ];
    const s = setup(5, people, ['T', 'U', 'V']);
    expect(s.previousCells.find((c) => c.group === 'T' && c.measure === 'bo')!.suppressed).not.toBeNull();
    const planned = planChangePublication({ ...s, linkedCycles: s.linkedCycles, earlierChanges: [] });
    expect(planned.cells.find((c) => c.group === 'T' && c.measure === 'bo')!.suppressed).toBe(CHANGE_GROUP_HIDDEN_REASON);
    expect(buildChangeCells({ ...s, previousCells: s.previousCells }).find((c) => c.group === 'T' && c.measure === 'bo')!.suppressed).toBe(
      CHANGE_GROUP_HIDDEN_REASON,
    );
  });

  it('needs at least 5 pairs whatever k is (insider review 7: 3 pairs with their two cells can pin the scores)', () => {
    // k = 3. Team A: 4 pairs (cells of 4 shown at k = 3, change hidden); team B: 6 pairs (shown).
    // The agency has 10 pairs; 10 − 6 shown = 4 hidden, fewer than 5, so B is hidden as A's
    // complement, and the agency's 10 pairs (none of them in a shown team) stand.
    const people: P[] = [
      ...[20, 26, 31, 37].map((v, i) => ({ team: 'A', before: v, after: v + 1 + i })),
      ...Array.from({ length: 6 }, (_, i) => ({ team: 'B', before: 20 + 2 * i, after: 21 + 2 * i + (i % 3) })),
    ];
    const s = setup(3, people, ['A', 'B']);
    expect(s.currentCells.find((c) => c.group === 'A' && c.measure === 'bo')!.suppressed).toBeNull();
    const cells = buildChangeCells(s);
    expect(cellOf(cells, 'A').suppressed).toBe('fewer than 5 people who answered both cycles');
    expect(cellOf(cells, 'B').suppressed).toBe(COMPLEMENTARY_REASON);
    expect(cellOf(cells, ORG_GROUP)).toMatchObject({ nPairs: 10, suppressed: null });
  });

  it('computes q over the whole family with hidden cells as p = 1, again after the audit hides one (insider review 8b)', () => {
    // Burnout in A (5 pairs, +2 each ±1) and B (6 pairs, +6 ±1): agency, A and B are shown.
    const people: P[] = [
      ...[0, 1, 2, 3, 4].map((i) => ({ team: 'A', before: 25 + i, after: 27 + i + (i % 2) })),
      ...[0, 1, 2, 3, 4, 5].map((i) => ({ team: 'B', before: 30 + i, after: 36 + i - (i % 3) })),
    ];
    const cells = buildChangeCells(setup(5, people, ['A', 'B']));
    const p = (g: string) => cellOf(cells, g).pValue!;
    expect(cells.filter((c) => c.suppressed === null)).toHaveLength(3);
    // Family: 3 groups × 4 measures = 12 cells; burnout's three in order, then 9 without pairs.
    const ones = Array.from({ length: 9 }, () => 1);
    expect(cellOf(cells, 'A').qValue).toBe(benjaminiYekutieli([p(ORG_GROUP), p('A'), p('B'), ...ones])[1]);
    // The auditor hides B: the agency's and A's q no longer carry B's p (B enters as 1).
    const hidden = cells.map((c) =>
      c.group === 'B' ? { ...c, nPairs: null, meanChange: null, sdChange: null, ci95: null, pValue: null, qValue: null, flagged: false as const, suppressed: COMPLEMENTARY_REASON } : c,
    ) as ChangeCell[];
    const requ = withFamilyQ(hidden);
    expect([cellOf(requ, ORG_GROUP).qValue, cellOf(requ, 'A').qValue]).toEqual(benjaminiYekutieli([p(ORG_GROUP), p('A'), 1, ...ones]).slice(0, 2));
    expect(cellOf(requ, 'B')).toMatchObject({ qValue: null, flagged: false });
    for (const c of requ) if (c.qValue !== null) expect(c.flagged).toBe(c.qValue < 0.05);
  });

  it('leaves viewers out of every change', () => {
    const people: P[] = [
      ...Array.from({ length: 6 }, (_, i) => ({ team: 'A', before: 20 + i, after: 21 + i + 2 * (i % 2) })),
      { team: 'A', before: 20, after: 50, viewer: true },
    ];
    const cells = buildChangeCells(setup(3, people, ['A']));
    expect(cellOf(cells, 'A')).toMatchObject({ nPairs: 6, meanChange: 2 });
  });
});

describe('auditChanges', () => {
  it('finds a newcomer-minus-leaver difference when the newcomer rule is bypassed', () => {
    // Six answered before (1–6); this cycle 1–5 and a newcomer 7. Agency change over 1–5.
    // Now − change − before = x₇ − y₆: two people, fewer than k = 5.
    const people: P[] = [
      ...[20, 22, 24, 26, 28].map((v) => ({ team: 'A', before: v, after: v + 2 })),
      { team: 'A', before: 30, after: null },
      { team: 'A', before: null, after: 33 },
    ];
    const s = setup(5, people, ['A']);
    // Hand-made change cells that the planner would never publish (its newcomer rule hides them).
    const forced: ChangeCell[] = [ORG_GROUP, 'A'].map((group) => ({
      group, cycle: 'c2', previousCycle: 'c1', measure: 'bo', nPairs: 5, meanChange: 2, sdChange: 0, ci95: [2, 2],
      pValue: null, qValue: null, flagged: false, suppressed: null,
    }));
    const report = auditChanges({ k: 5, cycles: s.linkedCycles, changes: forced });
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'small-group', statistic: 'change', measure: 'bo', size: 2 }));
    // The planner hides them (newcomers), and then the audit is clean.
    const planned = planChangePublication({ ...s, linkedCycles: s.linkedCycles, earlierChanges: [] });
    expect(planned.refused).toBe(false);
    expect(planned.cells.filter((c) => c.measure === 'bo').every((c) => c.suppressed !== null)).toBe(true);
    expect(planned.audit.ok).toBe(true);
  });

  it('finds one person\'s own change when a team of k − 1 pairs is published (k = 5)', () => {
    // Team A: 4 pairs (hidden for fewer than k); agency pairs 4 + 6 (B) = 10 shown; B shown: agency − B = A's 4 … that
    // is 4 people. Force A's change cell to be shown: it describes 4 people directly.
    const people: P[] = [
      ...[20, 22, 24, 26].map((v) => ({ team: 'A', before: v, after: v + 1 })),
      ...Array.from({ length: 6 }, (_, i) => ({ team: 'B', before: 30 + i, after: 31 + i })),
    ];
    const s = setup(5, people, ['A', 'B']);
    const forced: ChangeCell[] = [
      { group: 'A', cycle: 'c2', previousCycle: 'c1', measure: 'bo', nPairs: 4, meanChange: 1, sdChange: 0, ci95: [1, 1], pValue: null, qValue: null, flagged: false, suppressed: null },
    ];
    const report = auditChanges({ k: 5, cycles: s.linkedCycles, changes: forced });
    expect(report.findings.some((f) => f.kind === 'small-group' && f.size <= 4)).toBe(true);
  });

  it('refuses change cells that do not match the data, unrounded ones, and a CI that does not follow from them', () => {
    const people: P[] = Array.from({ length: 6 }, (_, i) => ({ team: 'A', before: 20 + i, after: 22 + i + (i % 2) }));
    const s = setup(3, people, ['A']);
    const planned = buildChangeCells(s).find((c) => c.group === 'A' && c.measure === 'bo')!;
    if (planned.suppressed !== null) throw new Error('expected a shown change');
    expect(planned).toMatchObject({ nPairs: 6, meanChange: 2.5, sdChange: 0.5 });
    const audit = (cell: ChangeCell) => auditChanges({ k: 3, cycles: s.linkedCycles, changes: [cell] });
    expect(audit(planned).ok).toBe(true);
    expect(audit({ ...planned, nPairs: 5 }).findings.some((f) => f.kind === 'inconsistent')).toBe(true);
    expect(audit({ ...planned, meanChange: 2.54 }).findings.some((f) => f.kind === 'precision')).toBe(true);
    expect(audit({ ...planned, ci95: [planned.ci95[0] - 0.1, planned.ci95[1]] }).findings.some((f) => f.kind === 'precision')).toBe(true);
  });

  it('hides a change that is the same for everyone (an SD of 0 would show each one)', () => {
    const people: P[] = Array.from({ length: 6 }, (_, i) => ({ team: 'A', before: 20 + i, after: 22 + i }));
    const cells = buildChangeCells(setup(3, people, ['A']));
    expect(cellOf(cells, 'A').suppressed).toBe('hidden so that individual changes cannot be worked out');
  });

  it('over random agencies with turnover, team moves and viewers, what the planner publishes passes the audit', () => {
    const personArb = fc.record({
      team: fc.constantFrom('A', 'B', 'C', 'none'),
      moveTo: fc.option(fc.constantFrom('A', 'B', 'C', 'none'), { nil: undefined }),
      before: fc.option(fc.integer({ min: 12, max: 48 }), { nil: null }),
      after: fc.option(fc.integer({ min: 12, max: 48 }), { nil: null }),
      isViewer: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    });
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.array(personArb, { maxLength: 40 }), (k, raw) => {
        // Team at the second cycle may differ (a move); pairs are reported under the current team.
        const teams = ['A', 'B', 'C'];
        const before: ScoredResponse[] = [];
        const after: ScoredResponse[] = [];
        const linkedBefore: LinkedRespondent[] = [];
        const linkedAfter: LinkedRespondent[] = [];
        const pairs: PairedResponse[] = [];
        raw.forEach((p, person) => {
          const now = p.moveTo ?? p.team;
          if (p.before !== null) {
            before.push({ groupId: p.team, cycleId: 'c1', isViewer: p.isViewer, scores: bo(p.before) });
            linkedBefore.push({ person, teamId: teams.includes(p.team) ? p.team : null, isViewer: p.isViewer, isCounted: !p.isViewer, scores: bo(p.before) });
          }
          if (p.after !== null) {
            after.push({ groupId: now, cycleId: 'c2', isViewer: p.isViewer, scores: bo(p.after) });
            linkedAfter.push({ person, teamId: teams.includes(now) ? now : null, isViewer: p.isViewer, isCounted: !p.isViewer, scores: bo(p.after) });
          }
          if (p.before !== null && p.after !== null) pairs.push({ groupId: now, isViewer: p.isViewer, previous: bo(p.before), current: bo(p.after) });
        });
        const teamRefs = teams.map((id) => ({ id }));
        const previousCells = buildCycleAggregates({ k, cycleId: 'c1', teams: teamRefs, responses: before });
        const currentCells = buildCycleAggregates({ k, cycleId: 'c2', teams: teamRefs, responses: after });
        const linkedCycles = [
          { id: 'c1', cells: previousCells, respondents: linkedBefore },
          { id: 'c2', cells: currentCells, respondents: linkedAfter },
        ];
        const publication = planChangePublication({
          k, cycleId: 'c2', previousCycleId: 'c1', teams: teamRefs, pairs, currentCells, linkedCycles, earlierChanges: [],
        });
        expect(publication.refused).toBe(false);
        expect(auditChanges({ k, cycles: linkedCycles, changes: publication.cells }).findings).toEqual([]);
        // q-values are BY over every cell with hidden ones as p = 1, so no hidden p reaches a
        // shown q (insider review 8b), and no change covers fewer than CHANGE_MIN_PAIRS people
        // (review 7), whatever k is.
        const q = benjaminiYekutieli(publication.cells.map((c) => (c.suppressed === null && c.pValue !== null ? c.pValue : 1)));
        publication.cells.forEach((c, i) => expect(c.qValue).toBe(c.suppressed === null && c.pValue !== null ? q[i] : null));
        for (const c of publication.cells) if (c.suppressed === null) expect(c.nPairs).toBeGreaterThanOrEqual(Math.max(k, CHANGE_MIN_PAIRS));
      }),
      { seed: 20261204, numRuns: 150 },
    );
  });
});

describe('changeCellSchema', () => {
  it('accepts what the planner publishes and refuses numbers next to a reason', async () => {
    const { changeCellSchema } = await import('./cell-schema');
    const people: P[] = Array.from({ length: 6 }, (_, i) => ({ team: 'A', before: 20 + i, after: 22 + i + (i % 2) }));
    for (const cell of buildChangeCells(setup(3, people, ['A']))) expect(changeCellSchema.safeParse(cell).success).toBe(true);
    const hidden = { group: 'A', cycle: 'c2', previousCycle: 'c1', measure: 'bo', nPairs: null, meanChange: null, sdChange: null, ci95: null, pValue: null, qValue: null, flagged: false, suppressed: 'x' };
    expect(changeCellSchema.safeParse(hidden).success).toBe(true);
    expect(changeCellSchema.safeParse({ ...hidden, nPairs: 4 }).success).toBe(false);
    expect(changeCellSchema.safeParse({ ...hidden, suppressed: null, nPairs: 4, meanChange: 1.25, sdChange: 1, ci95: [0, 2] }).success).toBe(false);
  });
});
