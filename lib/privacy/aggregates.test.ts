import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { IDENTICAL_ANSWERS_REASON, buildCycleAggregates } from './aggregates';
import { aggregateCellSchema } from './cell-schema';
import { MEASURES, type Level, type Measure } from './measures';
import { isLevelBreakdownPublishable, levelsWithheldReason } from './levels';
import { COMPLEMENTARY_REASON, fewerThanKForMeasureReason, fewerThanKReason } from './suppression';
import { ORG_GROUP, type AggregateCell, type MeasureScore, type ScoredResponse } from './types';

const SEED = 20240611;
const CYCLE = 'cycle-1';

/** ProQOL cut points (ARCHITECTURE §3): low ≤ 22, high ≥ 42, moderate otherwise. */
function proqolLevel(value: number): Level {
  return value <= 22 ? 'low' : value >= 42 ? 'high' : 'moderate';
}

function response(groupId: string, scores: Partial<Record<Measure, MeasureScore>>): ScoredResponse {
  return { groupId, cycleId: CYCLE, scores };
}

function scored(value: number): MeasureScore {
  return { value, level: proqolLevel(value) };
}

/** Same score on all four measures. */
function allMeasures(value: number): Partial<Record<Measure, MeasureScore>> {
  return { cs: scored(value), bo: scored(value), sts: scored(value), vr: scored(value) };
}

function cellOf(cells: readonly AggregateCell[], group: string, measure: Measure): AggregateCell {
  const cell = cells.find((c) => c.group === group && c.measure === measure);
  if (!cell) throw new Error(`no cell ${group}/${measure}`);
  return cell;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('buildCycleAggregates (hand-worked)', () => {
  it('gives the mean, SD, t-based 95% CI of a worked example, rounded to one decimal (rule 8)', () => {
    // Burnout scores 20, 25, 30, 35, 40 in one team of five, k = 5.
    //   mean = 150 / 5 = 30
    //   squared deviations 100 + 25 + 0 + 25 + 100 = 250; variance 250 / 4 = 62.5
    //   sd = √62.5 = 7.905694150420948 → published 7.9
    //   se = sd / √5 = √12.5 = 3.5355339059327378
    //   t(0.975, 4) = 2.776445105197793 (R: qt(0.975, 4))
    //   half-width = 2.776445105197793 × 3.5355339059327378 = 9.816215807387803
    //   ci95 = [20.183784192612197, 39.816215807387806] → published [20.2, 39.8]
    //   levels (low ≤ 22, high ≥ 42): 20 → low; 25, 30, 35, 40 → moderate. One person
    //   is low, and 1 < k, so the breakdown is withheld (rule 9); the mean and CI stay.
    const responses = [20, 25, 30, 35, 40].map((v) => response('t1', { bo: scored(v) }));
    const cells = buildCycleAggregates({ k: 5, cycleId: CYCLE, teams: [{ id: 't1', name: 'Intake' }], responses });
    for (const group of [ORG_GROUP, 't1']) {
      const cell = cellOf(cells, group, 'bo');
      expect(cell).toEqual({
        group, cycle: CYCLE, measure: 'bo',
        n: 5, mean: 30, sd: 7.9, ci95: [20.2, 39.8],
        levelCounts: null, levelsWithheld: levelsWithheldReason(5),
        suppressed: null,
      });
      // Nobody answered the other measures: n = 0, no statistics.
      expect(cellOf(cells, group, 'cs')).toMatchObject({ n: 0, mean: null, sd: null, ci95: null, suppressed: null });
    }
  });

  it('shows a level breakdown only when every level holds 0 or ≥ k and no level holds everyone (rule 9)', () => {
    // k = 3; team A: burnout 20, 21, 22 (low) and 30, 31, 32 (moderate): 3 and 3, shown.
    // Team B: 30, 31, 32, 33 all moderate: homogeneous, withheld.
    // Agency: low 3, moderate 7; residual after A's breakdown = B's 4 moderate, all one
    // level, so with B withheld the agency breakdown would let anyone compute B's: the
    // planner withholds A's too (the smallest shown team), making the residual A + B,
    // which passes (3 low, 7 moderate), and keeps the agency's.
    const responses = [
      ...[20, 21, 22, 30, 31, 32].map((v) => response('A', { bo: scored(v) })),
      ...[30, 31, 32, 33].map((v) => response('B', { bo: scored(v) })),
    ];
    const cells = buildCycleAggregates({ k: 3, cycleId: CYCLE, teams: [{ id: 'A' }, { id: 'B' }], responses });
    expect(cellOf(cells, 'B', 'bo')).toMatchObject({ n: 4, levelCounts: null, levelsWithheld: levelsWithheldReason(3) });
    expect(cellOf(cells, 'A', 'bo')).toMatchObject({ n: 6, levelCounts: null, levelsWithheld: levelsWithheldReason(3) });
    expect(cellOf(cells, ORG_GROUP, 'bo')).toMatchObject({ n: 10, levelCounts: { low: 3, moderate: 7, high: 0 }, levelsWithheld: null });
  });

  it('leaves viewers\' answers out of every number (rule 6)', () => {
    // k = 3; team A: 3 staff; one director (viewer) with no team, and one viewer in team A's id.
    const responses = [
      ...[20, 30, 40].map((v) => response('A', { cs: scored(v) })),
      { ...response('no-team', { cs: scored(50) }), isViewer: true },
      { ...response('A', { cs: scored(10) }), isViewer: true },
    ];
    const cells = buildCycleAggregates({ k: 3, cycleId: CYCLE, teams: [{ id: 'A' }], responses });
    expect(cellOf(cells, ORG_GROUP, 'cs')).toMatchObject({ n: 3, mean: 30 });
    expect(cellOf(cells, 'A', 'cs')).toMatchObject({ n: 3, mean: 30 });
  });

  it('returns one cell per group and measure, agency first, teams by id', () => {
    const cells = buildCycleAggregates({ k: 3, cycleId: CYCLE, teams: [{ id: 'b' }, { id: 'a' }], responses: [] });
    expect(cells.map((c) => `${c.group}/${c.measure}`)).toEqual(
      [ORG_GROUP, 'a', 'b'].flatMap((g) => MEASURES.map((m) => `${g}/${m}`)),
    );
    expect(cells.every((c) => c.cycle === CYCLE && c.n === 0)).toBe(true);
  });

  it('applies minimum-group and complementary suppression across teams', () => {
    // k = 5; A = 3 responses, B = 6, C = 8; every measure scored.
    // A has fewer than 5 → hidden. Alone it could be recovered as total − B − C,
    // so B (the next smallest) is hidden too. C and the agency (17) are shown.
    const responses = [
      ...Array.from({ length: 3 }, (_, i) => response('A', allMeasures(30 + i))),
      ...Array.from({ length: 6 }, (_, i) => response('B', allMeasures(35 + i))),
      ...Array.from({ length: 8 }, (_, i) => response('C', allMeasures(36 + i))),
    ];
    const cells = buildCycleAggregates({
      k: 5,
      cycleId: CYCLE,
      teams: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      responses,
    });
    for (const m of MEASURES) {
      expect(cellOf(cells, 'A', m)).toEqual({
        group: 'A', cycle: CYCLE, measure: m,
        n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null,
        suppressed: 'fewer than 5 responses',
      });
      expect(cellOf(cells, 'B', m).suppressed).toBe(COMPLEMENTARY_REASON);
      // C: 36..43: mean 39.5, SD √6 = 2.449 → 2.4; CI 39.5 ± t(0.975, 7)·2.4/√8 = 39.5 ± 2.0065 → [37.5, 41.5].
      expect(cellOf(cells, 'C', m)).toMatchObject({ n: 8, mean: 39.5, sd: 2.4, ci95: [37.5, 41.5], suppressed: null });
      expect(cellOf(cells, ORG_GROUP, m)).toMatchObject({ n: 17, suppressed: null });
    }
  });

  it('suppresses one measure of a team when too few scored it, and complements per measure', () => {
    // k = 5; A = 6, B = 7 (only 2 scored VR; the rest missed too many items), C = 9.
    const responses = [
      ...Array.from({ length: 6 }, (_, i) => response('A', allMeasures(30 + i))),
      ...Array.from({ length: 7 }, (_, i) =>
        response('B', { ...allMeasures(30 + i), vr: i < 2 ? scored(30 + i) : { value: null, level: null } }),
      ),
      ...Array.from({ length: 9 }, (_, i) => response('C', allMeasures(30 + i))),
    ];
    const cells = buildCycleAggregates({
      k: 5,
      cycleId: CYCLE,
      teams: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      responses,
    });
    expect(cellOf(cells, 'B', 'vr').suppressed).toBe(fewerThanKForMeasureReason(5, 'vr'));
    expect(cellOf(cells, 'B', 'vr').suppressed).toBe('fewer than 5 responses with a vicarious resilience score');
    expect(cellOf(cells, 'A', 'vr').suppressed).toBe(COMPLEMENTARY_REASON);
    expect(cellOf(cells, 'C', 'vr').n).toBe(9);
    expect(cellOf(cells, ORG_GROUP, 'vr').n).toBe(17);
    expect(cellOf(cells, 'B', 'cs').n).toBe(7);
    expect(cellOf(cells, 'A', 'cs').n).toBe(6);
  });

  it('counts responses of staff without a team in the agency total only, and protects them', () => {
    // k = 5; team A = 5, B = 7, plus 2 responses whose team is not listed.
    // Agency (14) − A − B would expose those 2, so A is hidden as a complement.
    const responses = [
      ...Array.from({ length: 5 }, (_, i) => response('A', allMeasures(30 + i))),
      ...Array.from({ length: 7 }, (_, i) => response('B', allMeasures(30 + i))),
      response('no-team', allMeasures(10)),
      response('no-team', allMeasures(50)),
    ];
    const cells = buildCycleAggregates({ k: 5, cycleId: CYCLE, teams: [{ id: 'A' }, { id: 'B' }], responses });
    expect(cellOf(cells, ORG_GROUP, 'cs').n).toBe(14);
    expect(cellOf(cells, 'A', 'cs').suppressed).toBe(COMPLEMENTARY_REASON);
    expect(cellOf(cells, 'B', 'cs').n).toBe(7);
    expect(cells.some((c) => c.group === 'no-team')).toBe(false);
  });

  it('hides a cell whose scores are all the same: an SD of 0 would show each one (rule 9 for values)', () => {
    const responses = [
      ...Array.from({ length: 6 }, () => response('A', { bo: scored(30) })),
      ...Array.from({ length: 6 }, (_, i) => response('B', { bo: scored(25 + i) })),
    ];
    const cells = buildCycleAggregates({ k: 5, cycleId: CYCLE, teams: [{ id: 'A' }, { id: 'B' }], responses });
    expect(cellOf(cells, 'A', 'bo')).toMatchObject({ n: null, suppressed: IDENTICAL_ANSWERS_REASON });
    expect(cellOf(cells, 'B', 'bo')).toMatchObject({ n: 6, suppressed: null });
    expect(cellOf(cells, ORG_GROUP, 'bo')).toMatchObject({ n: 12, suppressed: null });
  });

  it('publishes the SD in whole points below 5 people, and the CI from the rounded mean and SD (rule 8)', () => {
    // Burnout 26, 36, 36 (k = 3): mean 32.67 → 32.7; SD 5.774 → 6 (whole points, n < 5);
    // CI 32.7 ± t(0.975, 2)·6/√3 = 32.7 ± 4.302653·3.464102 = 32.7 ± 14.905 → [17.8, 47.6].
    const responses = [26, 36, 36].map((v) => response('A', { bo: scored(v) }));
    const cells = buildCycleAggregates({ k: 3, cycleId: CYCLE, teams: [{ id: 'A' }], responses });
    expect(cellOf(cells, 'A', 'bo')).toMatchObject({ n: 3, mean: 32.7, sd: 6, ci95: [17.8, 47.6] });
  });

  it('hides everything when the agency has fewer than k responses', () => {
    const responses = Array.from({ length: 4 }, () => response('A', allMeasures(30)));
    const cells = buildCycleAggregates({ k: 5, cycleId: CYCLE, teams: [{ id: 'A' }, { id: 'B' }], responses });
    expect(cellOf(cells, ORG_GROUP, 'cs').suppressed).toBe(fewerThanKReason(5));
    expect(cellOf(cells, 'A', 'cs').suppressed).toBe(fewerThanKReason(5));
    expect(cellOf(cells, 'B', 'cs')).toMatchObject({ n: 0, suppressed: null });
  });

  it('counts only classified scores in level counts', () => {
    // An instrument pack without cut points gives values with no level.
    const responses = [3, 4, 5].map((v, i) => response('A', { vr: { value: v, level: i === 0 ? 'low' : null } }));
    const cells = buildCycleAggregates({ k: 3, cycleId: CYCLE, teams: [{ id: 'A' }], responses });
    // One classified score (1 < k) makes the breakdown withheld; the counts would be low 1, no others.
    expect(cellOf(cells, 'A', 'vr')).toMatchObject({ n: 3, mean: 4, sd: 1, levelCounts: null });
    const four = [3, 4, 5, 6].map((v, i) => response('A', { vr: { value: v, level: i < 3 ? 'low' : null } }));
    const [, , , vr] = buildCycleAggregates({ k: 3, cycleId: CYCLE, teams: [{ id: 'A' }], responses: four });
    // Three classified, all low, one without a level: everyone *with a level* is low, so withheld too.
    expect(vr).toMatchObject({ n: 4, levelCounts: null });
  });

  it('refuses bad input with an error naming the function', () => {
    const ok = { k: 5, cycleId: CYCLE, teams: [{ id: 'A' }], responses: [] as ScoredResponse[] };
    expect(() => buildCycleAggregates({ ...ok, k: 2 })).toThrow(/buildCycleAggregates: minimum group size k/);
    expect(() => buildCycleAggregates({ ...ok, k: 4.5 })).toThrow(/buildCycleAggregates/);
    expect(() => buildCycleAggregates({ ...ok, cycleId: '' })).toThrow(/buildCycleAggregates/);
    expect(() => buildCycleAggregates({ ...ok, teams: [{ id: 'A' }, { id: 'A' }] })).toThrow(/duplicate team id/);
    expect(() => buildCycleAggregates({ ...ok, teams: [{ id: ORG_GROUP }] })).toThrow(/may not be "org"/);
    const bad = (scores: unknown) => ({ ...ok, responses: [{ groupId: 'A', cycleId: CYCLE, scores } as ScoredResponse] });
    expect(() => buildCycleAggregates({ ...ok, responses: [{ groupId: 'A', cycleId: 'other', scores: {} }] })).toThrow(
      /belongs to cycle "other"/,
    );
    expect(() => buildCycleAggregates(bad({ cs: { value: Number.NaN, level: null } }))).toThrow(/non-finite cs/);
    expect(() => buildCycleAggregates(bad({ bo: { value: 30, level: 'severe' } }))).toThrow(/unknown bo level/);
    expect(() => buildCycleAggregates(bad({ sts: { value: null, level: 'low' } }))).toThrow(/level but no value/);
    expect(() => buildCycleAggregates(bad(null))).toThrow(/no scores object/);
  });
});

// ---------------------------------------------------------------------------
// Property-based tests over random agencies.

interface Agency {
  k: number;
  teams: { id: string; name: string }[];
  responses: ScoredResponse[];
}

/**
 * A measure score: mostly valid, sometimes unscored or absent; prorated values
 * have one decimal, and a few valid values have no level (a pack without cut points).
 * `missingWeight` lets some team × measure combinations be mostly missing, so
 * the per-measure rules get exercised.
 */
function measureScoreArb(missingWeight: number): fc.Arbitrary<MeasureScore | undefined> {
  const value = fc.oneof(fc.integer({ min: 10, max: 50 }), fc.integer({ min: 100, max: 500 }).map((x) => x / 10));
  return fc.oneof(
    { weight: 6, arbitrary: value.map(scored) },
    { weight: 1, arbitrary: value.map((v): MeasureScore => ({ value: v, level: null })) },
    { weight: missingWeight, arbitrary: fc.constant({ value: null, level: null }) },
    { weight: missingWeight, arbitrary: fc.constant(undefined) },
  );
}

function responsesArb(groupId: string, maxLength: number): fc.Arbitrary<ScoredResponse[]> {
  const weight = fc.constantFrom(0, 1, 4, 30);
  return fc
    .record({ cs: weight, bo: weight, sts: weight, vr: weight })
    .chain((w) =>
      fc.array(
        fc
          .record({
            cs: measureScoreArb(w.cs),
            bo: measureScoreArb(w.bo),
            sts: measureScoreArb(w.sts),
            vr: measureScoreArb(w.vr),
          })
          .map((s): ScoredResponse => {
            const scores: Partial<Record<Measure, MeasureScore>> = {};
            for (const m of MEASURES) if (s[m] !== undefined) scores[m] = s[m];
            return { groupId, cycleId: CYCLE, scores };
          }),
        { maxLength },
      ),
    );
}

const agencyArb: fc.Arbitrary<Agency> = fc
  .record({
    k: fc.integer({ min: 3, max: 10 }),
    ids: fc.uniqueArray(
      fc.string({ minLength: 1, maxLength: 5 }).filter((s) => s !== ORG_GROUP && s !== 'no-team'),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .chain(({ k, ids }) =>
    fc
      .tuple(
        fc.tuple(...ids.map((id) => responsesArb(id, 30))),
        // Responses whose team is not listed (staff with no team): usually none.
        fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: responsesArb('no-team', 6) }),
      )
      .chain(([perTeam, unassigned]) =>
        fc.shuffledSubarray([...perTeam.flat(), ...unassigned], { minLength: perTeam.flat().length + unassigned.length })
          .map((responses) => ({ k, teams: ids.map((id) => ({ id, name: `Team ${id}` })), responses })),
      ),
  );

/** Valid scores of one measure in one group, straight from the raw responses. */
function trueValues(agency: Agency, group: string, m: Measure): number[] {
  return agency.responses
    .filter((r) => group === ORG_GROUP || r.groupId === group)
    .map((r) => r.scores[m]?.value)
    .filter((v): v is number => typeof v === 'number');
}

function build(agency: Agency) {
  return buildCycleAggregates({ k: agency.k, cycleId: CYCLE, teams: agency.teams, responses: agency.responses });
}

const RUNS = { seed: SEED, numRuns: 300 };

describe('buildCycleAggregates (properties over random agencies)', () => {
  it('never publishes a cell with 1 ≤ n < k', () => {
    fc.assert(
      fc.property(agencyArb, (agency) => {
        for (const cell of build(agency)) {
          if (cell.n !== null) expect(cell.n === 0 || cell.n >= agency.k).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('leaves 0 or ≥ k responses hidden in every partition whose total is shown, per measure', () => {
    fc.assert(
      fc.property(agencyArb, (agency) => {
        const cells = build(agency);
        for (const m of MEASURES) {
          const org = cellOf(cells, ORG_GROUP, m);
          if (org.n === null) continue;
          // What a reader can subtract: the agency total minus every shown team.
          const shown = agency.teams.reduce((s, t) => s + (cellOf(cells, t.id, m).n ?? 0), 0);
          const hidden = org.n - shown;
          expect(hidden === 0 || hidden >= agency.k).toBe(true);
          // And that is exactly the hidden teams plus staff with no team.
          const hiddenTrue =
            trueValues(agency, ORG_GROUP, m).length -
            agency.teams
              .filter((t) => cellOf(cells, t.id, m).suppressed === null)
              .reduce((s, t) => s + trueValues(agency, t.id, m).length, 0);
          expect(hidden).toBe(hiddenTrue);
        }
      }),
      RUNS,
    );
  });

  it('puts no numbers in a suppressed cell, and every key in every cell', () => {
    fc.assert(
      fc.property(agencyArb, (agency) => {
        for (const cell of build(agency)) {
          expect(Object.keys(cell).sort()).toEqual(
            ['ci95', 'cycle', 'group', 'levelCounts', 'levelsWithheld', 'mean', 'measure', 'n', 'sd', 'suppressed'],
          );
          if (cell.suppressed !== null) {
            expect(cell.suppressed.length).toBeGreaterThan(0);
            expect([cell.n, cell.mean, cell.sd, cell.ci95, cell.levelCounts, cell.levelsWithheld]).toEqual([null, null, null, null, null, null]);
          }
          expect(aggregateCellSchema.safeParse(cell).success).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('publishes the true n, and the mean, SD and CI rounded to one decimal, for every shown cell (rule 8)', () => {
    const oneDecimal = (x: number) => Math.abs(x * 10 - Math.round(x * 10)) < 1e-9;
    fc.assert(
      fc.property(agencyArb, (agency) => {
        const cells = build(agency);
        for (const cell of cells) {
          if (cell.suppressed !== null) continue;
          const values = trueValues(agency, cell.group, cell.measure);
          expect(cell.n).toBe(values.length);
          if (cell.n === 0) continue;
          const mean = values.reduce((s, v) => s + v, 0) / values.length;
          const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
          // Rounded half-up to one decimal: within 0.05 (plus float slack) of the exact value.
          expect(Math.abs(cell.mean! - mean)).toBeLessThanOrEqual(0.05 + 1e-9);
          expect(Math.abs(cell.sd! - sd)).toBeLessThanOrEqual((cell.n! < 5 ? 0.5 : 0.05) + 1e-9);
          for (const x of [cell.mean!, cell.sd!, cell.ci95![0], cell.ci95![1]]) expect(oneDecimal(x)).toBe(true);
          expect(cell.ci95![0]).toBeLessThanOrEqual(cell.mean!);
          expect(cell.ci95![1]).toBeGreaterThanOrEqual(cell.mean!);
        }
      }),
      RUNS,
    );
  });

  it('publishes true level counts only when rule 9 allows, for every cell and the agency residual', () => {
    fc.assert(
      fc.property(agencyArb, (agency) => {
        const cells = build(agency);
        for (const cell of cells) {
          if (cell.suppressed !== null || cell.n === 0) continue;
          const levels = agency.responses
            .filter((r) => cell.group === ORG_GROUP || r.groupId === cell.group)
            .map((r) => r.scores[cell.measure]?.level);
          const truth = {
            low: levels.filter((l) => l === 'low').length,
            moderate: levels.filter((l) => l === 'moderate').length,
            high: levels.filter((l) => l === 'high').length,
          };
          if (cell.levelCounts === null) {
            expect(cell.levelsWithheld).toBe(levelsWithheldReason(agency.k));
          } else {
            expect(cell.levelCounts).toEqual(truth);
            expect(isLevelBreakdownPublishable(truth, agency.k)).toBe(true);
          }
        }
        for (const m of MEASURES) {
          const org = cellOf(cells, ORG_GROUP, m);
          if (org.levelCounts === null || org.n === 0) continue;
          const residual = { ...org.levelCounts };
          for (const t of agency.teams) {
            const c = cellOf(cells, t.id, m);
            if (c.levelCounts === null) continue;
            residual.low -= c.levelCounts.low;
            residual.moderate -= c.levelCounts.moderate;
            residual.high -= c.levelCounts.high;
          }
          expect(isLevelBreakdownPublishable(residual, agency.k)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('suppresses the agency cell exactly when it holds 1..k−1 responses', () => {
    fc.assert(
      fc.property(agencyArb, (agency) => {
        const cells = build(agency);
        const small = (n: number) => n >= 1 && n < agency.k;
        for (const m of MEASURES) {
          const expected = small(agency.responses.length) || small(trueValues(agency, ORG_GROUP, m).length);
          expect(cellOf(cells, ORG_GROUP, m).suppressed !== null).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it('gives identical cells whatever the order of responses and teams', () => {
    fc.assert(
      fc.property(agencyArb, fc.integer(), (agency, salt) => {
        const shuffled = <T>(xs: readonly T[]) =>
          xs
            .map((x, i) => ({ x, key: Math.imul(i + 1, 2654435761 ^ salt) >>> 0 }))
            .sort((a, b) => a.key - b.key)
            .map(({ x }) => x);
        const a = build(agency);
        const b = build({ ...agency, responses: shuffled(agency.responses), teams: shuffled(agency.teams) });
        // toStrictEqual compares numbers exactly: order-independence is bit-for-bit.
        expect(b).toStrictEqual(a);
      }),
      RUNS,
    );
  });

  it('does not modify its inputs (deeply frozen) and returns frozen cells', () => {
    fc.assert(
      fc.property(agencyArb, (agency) => {
        const snapshot = structuredClone(agency);
        const frozen = deepFreeze(structuredClone(agency));
        const cells = build(frozen);
        expect(frozen).toEqual(snapshot);
        expect(Object.isFrozen(cells)).toBe(true);
        for (const cell of cells) {
          expect(Object.isFrozen(cell)).toBe(true);
          if (cell.ci95) expect(Object.isFrozen(cell.ci95)).toBe(true);
          if (cell.levelCounts) expect(Object.isFrozen(cell.levelCounts)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('is deterministic: publishing at close is a function of the responses alone', () => {
    // Release at close (ARCHITECTURE §4.3). The database publishes these cells
    // once and never republishes; a response deleted or added later changes
    // only raw rows. This layer's share of that guarantee: the same responses
    // always give the same cells, and the stored cells hold no raw scores, so
    // there is nothing in them from which to recompute.
    fc.assert(
      fc.property(agencyArb, (agency) => {
        const stored = JSON.parse(JSON.stringify(build(agency)));
        expect(build(agency)).toStrictEqual(stored);
        expect(build(structuredClone(agency))).toStrictEqual(stored);
        // Reading back through the schema yields the same cells.
        expect(stored.map((c: unknown) => aggregateCellSchema.parse(c))).toStrictEqual(stored);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
