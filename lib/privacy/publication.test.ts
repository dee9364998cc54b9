import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { auditPublication, type AuditRespondent } from './audit';
import { MEASURES, type Level, type Measure } from './measures';
import { buildCycleAggregates } from './aggregates';
import { AUDIT_WITHHELD_REASON, planCyclePublication } from './publication';
import { ORG_GROUP, isPublishedCell, type AggregateCell, type MeasureScore, type ScoredResponse } from './types';

/**
 * Property tests (issue 10): random agencies with viewers who check in, staff without a
 * team, teams around k, team moves between cycles and homogeneous levels. For each, the
 * planner's output alone passes the independent auditor (so the audit loop never has to
 * step in), and what publication stores passes it too.
 */

const SEED = 20261204;

function level(value: number): Level {
  return value <= 22 ? 'low' : value >= 42 ? 'high' : 'moderate';
}

interface Person {
  readonly team: number; // index into teams, or -1 for no team
  readonly isViewer: boolean;
  readonly base: number;
}

interface Agency {
  readonly k: number;
  readonly teamIds: readonly string[];
  readonly people: readonly Person[];
  /** Cycle 2 moves some people to another team. */
  readonly moves: readonly number[];
  /** Per measure, whether every score is pinned to one level (homogeneous groups). */
  readonly flat: Readonly<Record<Measure, boolean>>;
}

const agencyArb: fc.Arbitrary<Agency> = fc
  .record({
    k: fc.integer({ min: 3, max: 8 }),
    teamCount: fc.integer({ min: 1, max: 7 }),
  })
  .chain(({ k, teamCount }) =>
    fc.record({
      k: fc.constant(k),
      teamIds: fc.constant(Array.from({ length: teamCount }, (_, i) => `team-${i}`)),
      people: fc.array(
        fc.record({
          // Team sizes cluster around k: many teams end up with k − 1, k or k + 1 people.
          team: fc.integer({ min: -1, max: teamCount - 1 }),
          isViewer: fc.boolean(), // weighted down below
          base: fc.integer({ min: 12, max: 48 }),
        }),
        { minLength: 0, maxLength: teamCount * (k + 2) },
      ),
      moves: fc.array(fc.integer({ min: -1, max: teamCount - 1 }), { maxLength: 10 }),
      flat: fc.record({ cs: fc.boolean(), bo: fc.boolean(), sts: fc.boolean(), vr: fc.boolean() }),
    }),
  );

function scoresFor(p: Person, cycle: number, agency: Agency, i: number): Partial<Record<Measure, MeasureScore>> {
  const scores: Partial<Record<Measure, MeasureScore>> = {};
  for (const [j, m] of MEASURES.entries()) {
    // Some missing scores, varied values, and on "flat" measures everyone moderate.
    if ((i + j + cycle) % 11 === 0) {
      scores[m] = { value: null, level: null };
      continue;
    }
    const raw = agency.flat[m] ? 30 + ((i + cycle) % 5) : Math.min(50, Math.max(10, p.base + ((i * 7 + j * 3 + cycle) % 9) - 4));
    scores[m] = { value: raw, level: level(raw) };
  }
  return scores;
}

function cycleResponses(agency: Agency, cycle: number): ScoredResponse[] {
  return agency.people.map((p, i) => {
    const moved = cycle === 2 && i < agency.moves.length ? agency.moves[i]! : p.team;
    return {
      groupId: moved >= 0 ? agency.teamIds[moved]! : '__no_team__',
      isViewer: p.isViewer && i % 3 === 0, // about one in six people is a director or admin
      cycleId: `c${cycle}`,
      scores: scoresFor(p, cycle, agency, i),
    };
  });
}

function respondentsOf(agency: Agency, responses: readonly ScoredResponse[]): AuditRespondent[] {
  const teams = new Set(agency.teamIds);
  return responses.map((r) => ({
    teamId: teams.has(r.groupId) ? r.groupId : null,
    isViewer: r.isViewer === true,
    isCounted: r.isViewer !== true,
    scores: r.scores,
  }));
}

describe('planCyclePublication (properties over random agencies)', () => {
  it('stores nothing the auditor objects to, and the planner alone already satisfies it', () => {
    fc.assert(
      fc.property(agencyArb, (agency) => {
        for (const cycle of [1, 2]) {
          const responses = cycleResponses(agency, cycle);
          const publication = planCyclePublication({
            k: agency.k,
            cycleId: `c${cycle}`,
            teams: agency.teamIds.map((id) => ({ id })),
            responses,
          });
          expect(publication.refused).toBe(false);
          expect(publication.extraWithheld).toBe(0);
          const stored = auditPublication({ k: agency.k, cells: publication.cells, respondents: respondentsOf(agency, responses) });
          expect(stored.findings).toEqual([]);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses a faulty planner that counts a viewer; told the truth, the auditor finds the leak (attack 1a)', () => {
    // The pre-fix planner: viewers counted in the agency total as "no team", and treated
    // as hidden people for complementary suppression. k = 5; Outreach 4, Legal 6, Shelter 10;
    // one director. Hidden = 4 + 1 = 5 ≥ k, so it showed Legal advocacy.
    const people = (team: string, n: number, from: number): ScoredResponse[] =>
      Array.from({ length: n }, (_, i) => ({ groupId: team, cycleId: 'c1', scores: { bo: { value: from + i, level: level(from + i) } } }));
    const responses: ScoredResponse[] = [
      ...people('outreach', 4, 24),
      ...people('legal', 6, 26),
      ...people('shelter', 10, 23),
      { groupId: '__no_team__', cycleId: 'c1', isViewer: true, scores: { bo: { value: 30, level: 'moderate' } } },
    ];
    const teams = [{ id: 'outreach' }, { id: 'legal' }, { id: 'shelter' }];
    const faulty = (input: Parameters<typeof buildCycleAggregates>[0]) =>
      buildCycleAggregates({ ...input, responses: input.responses.map((r) => ({ ...r, isViewer: false })) });
    const publication = planCyclePublication({ k: 5, cycleId: 'c1', teams, responses }, faulty);
    // Its agency cell counts 21 people where only 20 may be counted: the auditor, which
    // derives every population from the responses itself, refuses the whole publication.
    expect(publication.refused).toBe(true);
    expect(publication.findings.some((f) => f.kind === 'inconsistent' && f.measure === 'bo')).toBe(true);
    expect(publication.cells.every((c) => c.n === null)).toBe(true);
    // Told the truth (the director was counted), the auditor finds the 4-person leak instead.
    const truthful = respondentsOf({ k: 5, teamIds: teams.map((t) => t.id), people: [], moves: [], flat: { cs: false, bo: false, sts: false, vr: false } }, responses)
      .map((r) => ({ ...r, isCounted: true }));
    const leak = auditPublication({ k: 5, cells: faulty({ k: 5, cycleId: 'c1', teams, responses }), respondents: truthful });
    expect(leak.findings).toContainEqual(expect.objectContaining({ kind: 'small-group', measure: 'bo', size: 4, groups: ['outreach'] }));
  });

  it('suppresses more and re-audits when a planner leaves a small group derivable', () => {
    // A planner that applies k = 3 in an agency whose k is 5 shows Outreach (4 people).
    const people = (team: string, n: number, from: number): ScoredResponse[] =>
      Array.from({ length: n }, (_, i) => ({ groupId: team, cycleId: 'c1', scores: { sts: { value: from + i * 2, level: level(from + i * 2) } } }));
    const responses = [...people('outreach', 4, 20), ...people('legal', 6, 22), ...people('shelter', 12, 18)];
    const teams = [{ id: 'outreach' }, { id: 'legal' }, { id: 'shelter' }];
    const lax = (input: Parameters<typeof buildCycleAggregates>[0]) => buildCycleAggregates({ ...input, k: 3 });
    const publication = planCyclePublication({ k: 5, cycleId: 'c1', teams, responses }, lax);
    expect(publication.refused).toBe(false);
    expect(publication.extraWithheld).toBeGreaterThanOrEqual(2);
    expect(publication.findings.some((f) => f.kind === 'small-group' && f.groups.includes('outreach'))).toBe(true);
    const sts = (g: string) => publication.cells.find((c) => c.group === g && c.measure === 'sts')!;
    expect(sts('outreach').suppressed).not.toBeNull();
    expect(sts('legal').suppressed).not.toBeNull();
    expect(sts('shelter').n).toBe(12);
    expect(publication.audit.ok).toBe(true);
  });

  it('hides more when a group whose members all gave one score could be derived from the total (second review)', () => {
    // A: six people all scoring 30 (hidden by the planner: an SD of 0); B: six varied. The
    // agency minus B would give A's mean, 30, and so each A member's score: B is hidden too.
    const responses: ScoredResponse[] = [
      ...Array.from({ length: 6 }, () => ({ groupId: 'A', cycleId: 'c1', scores: { bo: { value: 30, level: 'moderate' as const } } })),
      ...Array.from({ length: 6 }, (_, i) => ({ groupId: 'B', cycleId: 'c1', scores: { bo: { value: 24 + i, level: level(24 + i) } } })),
    ];
    const publication = planCyclePublication({ k: 5, cycleId: 'c1', teams: [{ id: 'A' }, { id: 'B' }], responses });
    const bo = (g: string) => publication.cells.find((c) => c.group === g && c.measure === 'bo')!;
    expect(publication.refused).toBe(false);
    expect(bo('A').suppressed).not.toBeNull();
    expect(bo('B').suppressed).not.toBeNull();
    expect(bo(ORG_GROUP).n).toBe(12);
    expect(publication.findings.some((f) => f.kind === 'homogeneity' && f.statistic === 'sum')).toBe(true);
    expect(publication.audit.ok).toBe(true);
  });

  it('fails closed, withholding every cell, when the planner publishes unrounded moments (attack 3)', () => {
    const responses: ScoredResponse[] = [20, 25, 31, 36].map((v) => ({ groupId: 'A', cycleId: 'c1', scores: { cs: { value: v, level: level(v) } } }));
    const unrounded = (input: Parameters<typeof buildCycleAggregates>[0]) =>
      buildCycleAggregates(input).map((c): AggregateCell => (isPublishedCell(c) ? { ...c, mean: c.mean + 0.01234 } : c));
    const publication = planCyclePublication({ k: 3, cycleId: 'c1', teams: [{ id: 'A' }], responses }, unrounded);
    expect(publication.refused).toBe(true);
    expect(publication.findings.some((f) => f.kind === 'precision')).toBe(true);
    expect(publication.cells.every((c) => c.suppressed === AUDIT_WITHHELD_REASON && c.n === null)).toBe(true);
  });
});
