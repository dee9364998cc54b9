import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { studentTQuantile } from '@/lib/stats/distributions';
import { createRng } from '@/lib/stats/random';

import { auditPublication, findIsolatableSets, type AuditFinding, type AuditRespondent } from './audit';
import { MEASURES, type Level, type Measure } from './measures';
import type { ParticipationCell } from './participation';
import { ORG_GROUP, type AggregateCell, type MeasureScore } from './types';

const SEED = 20240611;
const CYCLE = 'cycle-1';

// ---------------------------------------------------------------------------
// Fixture helpers. Cells are written here from the respondents, independently
// of the planner (aggregates.ts), which the auditor is meant to check.

/** ProQOL cut points (ARCHITECTURE §3): low ≤ 22, high ≥ 42, moderate otherwise. */
function proqolLevel(value: number): Level {
  return value <= 22 ? 'low' : value >= 42 ? 'high' : 'moderate';
}

/** A score at the given level, varied by `i` so groups are not all alike. */
function valueAt(level: Level, i: number): number {
  if (level === 'low') return 15 + (i % 8); // 15..22
  if (level === 'high') return 42 + (i % 9); // 42..50
  return 23 + ((i * 7) % 19); // 23..41
}

interface PersonSpec {
  readonly teamId: string | null;
  readonly isViewer?: boolean;
  readonly isCounted?: boolean;
}

/** A respondent whose measures all sit at `level` (values differ per measure), unless `values` says otherwise. */
function person(spec: PersonSpec, level: Level, i: number, values: Partial<Record<Measure, number | null>> = {}): AuditRespondent {
  const scores: Partial<Record<Measure, MeasureScore>> = {};
  MEASURES.forEach((m, j) => {
    const value = m in values ? values[m]! : valueAt(level, i + 3 * j);
    scores[m] = value === null ? { value: null, level: null } : { value, level: proqolLevel(value) };
  });
  return {
    teamId: spec.teamId,
    isViewer: spec.isViewer ?? false,
    isCounted: spec.isCounted ?? !(spec.isViewer ?? false),
    scores,
  };
}

/** `counts` non-viewers of one team, with the given number at each level. */
function team(teamId: string | null, counts: Partial<Record<Level, number>>, offset = 0): AuditRespondent[] {
  const out: AuditRespondent[] = [];
  let i = offset;
  for (const level of ['low', 'moderate', 'high'] as const) {
    for (let j = 0; j < (counts[level] ?? 0); j++) out.push(person({ teamId }, level, i++));
  }
  return out;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * n, mean, sample SD and t-based 95% CI of `values` as rule 8 publishes them: mean to one
 * decimal, SD to one decimal (whole points below 5 people), and the CI from those rounded
 * numbers, rounded to one decimal; unrounded (exact CI from exact moments) when `exact`.
 */
function moments(values: readonly number[], exact = false) {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  if (exact) {
    const half = n < 2 ? 0 : studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
    return { n, mean, sd, ci95: [mean - half, mean + half] as const };
  }
  const m = round1(mean);
  const s = n < 5 ? Math.round(sd) : round1(sd);
  const half = n < 2 ? 0 : studentTQuantile(0.975, n - 1) * (s / Math.sqrt(n));
  return { n, mean: m, sd: s, ci95: [round1(m - half), round1(m + half)] as const };
}

interface CellOptions {
  /** Publish the level breakdown (default true). */
  readonly levels?: boolean;
  /** Publish unrounded moments (a rule 8 violation). */
  readonly exact?: boolean;
}

/** A published (or, with no one in it, empty) cell computed from the counted respondents of `group`. */
function publishedCell(
  group: string,
  measure: Measure,
  respondents: readonly AuditRespondent[],
  options: CellOptions = {},
): AggregateCell {
  const population = respondents.filter(
    (r) => r.isCounted && r.scores[measure]?.value != null && (group === ORG_GROUP || r.teamId === group),
  );
  if (population.length === 0) {
    return {
      group, cycle: CYCLE, measure,
      n: 0, mean: null, sd: null, ci95: null,
      levelCounts: { low: 0, moderate: 0, high: 0 }, levelsWithheld: null, suppressed: null,
    } as unknown as AggregateCell;
  }
  const levelCounts = { low: 0, moderate: 0, high: 0 };
  for (const r of population) {
    const level = r.scores[measure]!.level;
    if (level !== null) levelCounts[level] += 1;
  }
  const showLevels = options.levels ?? true;
  return {
    group, cycle: CYCLE, measure,
    ...moments(population.map((r) => r.scores[measure]!.value!), options.exact),
    levelCounts: showLevels ? levelCounts : null,
    levelsWithheld: showLevels ? null : 'withheld',
    suppressed: null,
  } as unknown as AggregateCell;
}

function suppressedCell(group: string, measure: Measure, reason = 'fewer than 5 responses'): AggregateCell {
  return {
    group, cycle: CYCLE, measure,
    n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null,
    suppressed: reason,
  } as unknown as AggregateCell;
}

/** Cells for `shown` (published) and `hidden` (suppressed) groups, for each of `measures`. */
function cellsFor(
  respondents: readonly AuditRespondent[],
  shown: readonly string[],
  hidden: readonly string[],
  measures: readonly Measure[] = MEASURES,
  options: CellOptions = {},
): AggregateCell[] {
  return measures.flatMap((m) => [
    ...shown.map((g) => publishedCell(g, m, respondents, options)),
    ...hidden.map((g) => suppressedCell(g, m)),
  ]);
}

function ofKind(findings: readonly AuditFinding[], kind: AuditFinding['kind']): AuditFinding[] {
  return findings.filter((f) => f.kind === kind);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = createRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// ---------------------------------------------------------------------------
// The insider attacks of the privacy review.

const OUTREACH = 'outreach';
const LEGAL = 'legal-advocacy';
const SHELTER = 'shelter';
const CASE = 'case-management';

/**
 * Outreach 4, Legal advocacy 6, Shelter 17, Case management 12 non-viewers;
 * levels chosen so that every group the fixed design shows passes rule 9
 * (Outreach + Legal: moderate 5, high 5; Shelter 5/7/5; Case management 0/7/5).
 */
function agency(director: PersonSpec): AuditRespondent[] {
  return [
    ...team(OUTREACH, { moderate: 2, high: 2 }),
    ...team(LEGAL, { moderate: 3, high: 3 }, 10),
    ...team(SHELTER, { low: 5, moderate: 7, high: 5 }, 20),
    ...team(CASE, { moderate: 7, high: 5 }, 40),
    person(director, 'moderate', 99),
  ];
}

describe('auditPublication: insider attacks', () => {
  it('attack 1a: flags Outreach when the director, counted in the total, subtracts their own answers (k = 5)', () => {
    // The pre-fix planner (commit 70dbff0, lib/privacy/aggregates.ts) counted the
    // director's unassigned response as a hidden part: hidden = 4 + 1 = 5 ≥ k, so it
    // hid only Outreach and published org (n 40), Legal advocacy, Shelter and Case
    // management (checked once with buildCycleAggregates in a scratch script). This
    // fixture reproduces that suppression pattern literally, with the numbers rounded
    // to one decimal so only the subtraction is under test. org − Legal − Shelter −
    // Case management − director = the 4 Outreach staff.
    const respondents = agency({ teamId: null, isViewer: true, isCounted: true });
    const cells = cellsFor(respondents, [ORG_GROUP, LEGAL, SHELTER, CASE], [OUTREACH]);
    expect(cells.find((c) => c.group === ORG_GROUP)!.n).toBe(40);

    const report = auditPublication({ k: 5, cells, respondents });
    expect(report.ok).toBe(false);
    const smallGroups = ofKind(report.findings, 'small-group');
    expect(smallGroups.map((f) => `${f.measure}/${f.statistic}`)).toEqual(
      MEASURES.flatMap((m) => [`${m}/sum`, `${m}/levels`]),
    );
    for (const f of smallGroups) {
      expect(f.groups).toEqual([OUTREACH]);
      expect(f.size).toBe(4);
      expect(f.cells).toEqual([CASE, LEGAL, ORG_GROUP, SHELTER]);
      expect(f.message).toMatch(/4 non-viewer respondents \(outreach\), fewer than k = 5/);
    }
    // Legal advocacy (6: 3 moderate, 3 high) cannot pass rule 9 at k = 5 either.
    expect(ofKind(report.findings, 'homogeneity').every((f) => f.groups.join() === LEGAL)).toBe(true);
    expect(ofKind(report.findings, 'inconsistent')).toEqual([]);
    expect(ofKind(report.findings, 'precision')).toEqual([]);
  });

  it('attack 1b: flags a single person when two admin accounts are counted in the total (k = 3)', () => {
    // Pre-fix planner: hidden = 1 (Outreach) + 2 (unassigned admins) = 3 ≥ k, so it
    // published org (n 7) and Legal advocacy (n 4). org − Legal − both admins = one person.
    const admin = { teamId: null, isViewer: true, isCounted: true };
    const respondents = [
      person(admin, 'moderate', 1),
      person(admin, 'high', 2),
      ...team(OUTREACH, { moderate: 1 }),
      ...team(LEGAL, { moderate: 2, high: 2 }, 5),
    ];
    const cells = cellsFor(respondents, [ORG_GROUP, LEGAL], [OUTREACH], ['bo'], { levels: false });
    expect(cells.find((c) => c.group === ORG_GROUP)!.n).toBe(7);

    const report = auditPublication({ k: 3, cells, respondents });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      kind: 'small-group',
      measure: 'bo',
      statistic: 'sum',
      groups: [OUTREACH],
      size: 1,
      cells: [LEGAL, ORG_GROUP],
    });
    expect(report.findings[0].message).toMatch(/1 non-viewer respondent \(outreach\)/);
  });

  it('passes the fixed design: viewers not counted, Legal advocacy co-suppressed', () => {
    // Hidden non-viewers: Outreach 4 + Legal advocacy 6 = 10 ≥ 5; the director's
    // check-in is in no published number.
    const respondents = agency({ teamId: null, isViewer: true, isCounted: false });
    const cells = cellsFor(respondents, [ORG_GROUP, SHELTER, CASE], [OUTREACH, LEGAL]);
    const report = auditPublication({ k: 5, cells, respondents });
    expect(report).toEqual({ ok: true, findings: [] });
  });

  it('attack 3: flags an unrounded mean (29.25)', () => {
    // Scores 27, 28, 30, 32: mean 117 / 4 = 29.25, which rule 8 forbids publishing.
    const respondents = [27, 28, 30, 32].map((v, i) => person({ teamId: 't1' }, 'moderate', i, { bo: v }));
    const t1 = publishedCell('t1', 'bo', respondents, { levels: false, exact: true });
    expect(t1.mean).toBe(29.25);
    const report = auditPublication({ k: 3, cells: [t1], respondents });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ kind: 'precision', measure: 'bo', statistic: null, cells: ['t1'], size: 0 });
    expect(report.findings[0].message).toMatch(/mean, SD and confidence interval/);

    // Rounded, the same cell passes.
    const rounded = publishedCell('t1', 'bo', respondents, { levels: false });
    expect(auditPublication({ k: 3, cells: [rounded], respondents }).ok).toBe(true);
  });

  describe('attack 4: homogeneity (rule 9)', () => {
    it('flags a team whose STS breakdown is low 0 / moderate 17 / high 0', () => {
      const respondents = [...team(SHELTER, { moderate: 17 }), ...team(CASE, { moderate: 7, high: 5 }, 20)];
      const cells = cellsFor(respondents, [ORG_GROUP, SHELTER, CASE], [], ['sts']);
      const shelter = cells.find((c) => c.group === SHELTER)!;
      expect(shelter.levelCounts).toEqual({ low: 0, moderate: 17, high: 0 });

      const report = auditPublication({ k: 5, cells, respondents });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({
        kind: 'homogeneity',
        measure: 'sts',
        statistic: 'levels',
        groups: [SHELTER],
        size: 17,
        cells: [SHELTER],
      });
      expect(report.findings[0].message).toMatch(/one level holds all of them/);
    });

    it('flags a breakdown with a level count of 2 at k = 5', () => {
      const respondents = [...team(SHELTER, { low: 2, moderate: 10, high: 5 }), ...team(CASE, { moderate: 7, high: 5 }, 20)];
      const report = auditPublication({ k: 5, cells: cellsFor(respondents, [ORG_GROUP, SHELTER, CASE], [], ['sts']), respondents });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({ kind: 'homogeneity', groups: [SHELTER], size: 17 });
      expect(report.findings[0].message).toMatch(/a level holds between 1 and 4 of them/);
    });

    it('flags a homogeneous residual (agency minus shown teams) while every shown cell passes', () => {
      // A (low 5, moderate 5) and B (moderate 6, high 5) are shown and pass; C (3)
      // and its complement D (6) are hidden, and all 9 of them score high. The
      // agency breakdown (low 5, moderate 11, high 14) passes too, but
      // org − A − B = 9 people, all high.
      const respondents = [
        ...team('A', { low: 5, moderate: 5 }),
        ...team('B', { moderate: 6, high: 5 }, 20),
        ...team('C', { high: 3 }, 40),
        ...team('D', { high: 6 }, 50),
      ];
      const cells = cellsFor(respondents, [ORG_GROUP, 'A', 'B'], ['C', 'D'], ['sts']);
      expect(cells.find((c) => c.group === ORG_GROUP)!.levelCounts).toEqual({ low: 5, moderate: 11, high: 14 });

      const report = auditPublication({ k: 5, cells, respondents });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({
        kind: 'homogeneity',
        measure: 'sts',
        statistic: 'levels',
        groups: ['C', 'D'],
        size: 9,
        cells: ['A', 'B', ORG_GROUP],
      });

      // Withholding the agency's breakdown (its mean and CI stay) removes the residual.
      const fixed = cells.map((c) =>
        c.group === ORG_GROUP ? ({ ...c, levelCounts: null, levelsWithheld: 'withheld' } as unknown as AggregateCell) : c,
      );
      expect(auditPublication({ k: 5, cells: fixed, respondents })).toEqual({ ok: true, findings: [] });
    });

    it('derives the residual net of the viewers, whose levels are known', () => {
      // Same as above, but two counted viewers with no team also score moderate.
      // The agency breakdown then includes them; the insider subtracts them and
      // still finds the 9 hidden staff all high.
      const viewer = { teamId: null, isViewer: true, isCounted: true };
      const respondents = [
        ...team('A', { low: 5, moderate: 5 }),
        ...team('B', { moderate: 6, high: 5 }, 20),
        ...team('C', { high: 3 }, 40),
        ...team('D', { high: 6 }, 50),
        person(viewer, 'moderate', 60),
        person(viewer, 'moderate', 61),
      ];
      const cells = cellsFor(respondents, [ORG_GROUP, 'A', 'B'], ['C', 'D'], ['sts']);
      const report = auditPublication({ k: 5, cells, respondents });
      expect(report.findings.map((f) => [f.kind, f.groups, f.size])).toEqual([['homogeneity', ['C', 'D'], 9]]);
    });
  });

  describe('missing scores', () => {
    // Team A has 6 responses but only 2 burnout scores; B (8) and C (9) are complete.
    const respondents = [
      ...team('A', { moderate: 2 }),
      ...[0, 1, 2, 3].map((i) => person({ teamId: 'A' }, 'moderate', 10 + i, { bo: null })),
      ...team('B', { moderate: 8 }, 20),
      ...team('C', { moderate: 9 }, 30),
    ];

    it('reports a cell that claims all 6 responses as inconsistent', () => {
      const cells = cellsFor(respondents, [ORG_GROUP, 'B', 'C'], [], ['bo'], { levels: false });
      const honestA = publishedCell('A', 'bo', respondents, { levels: false });
      expect(honestA.n).toBe(2);
      cells.push({ ...honestA, n: 6 } as AggregateCell);
      const report = auditPublication({ k: 5, cells, respondents });
      const inconsistent = ofKind(report.findings, 'inconsistent');
      expect(inconsistent).toHaveLength(1);
      expect(inconsistent[0]).toMatchObject({ measure: 'bo', cells: ['A'] });
      expect(inconsistent[0].message).toMatch(/\(n[;)]/);
    });

    it('flags a cell that honestly shows n = 2 as a small group', () => {
      const cells = cellsFor(respondents, [ORG_GROUP, 'A', 'B', 'C'], [], ['bo'], { levels: false });
      const report = auditPublication({ k: 5, cells, respondents });
      expect(report.findings).toHaveLength(1);
      expect(report.findings[0]).toMatchObject({
        kind: 'small-group',
        measure: 'bo',
        statistic: 'sum',
        groups: ['A'],
        size: 2,
        cells: ['A'],
      });
    });
  });

  it('reports a cell whose n does not match its responses as inconsistent', () => {
    const respondents = [...team('A', { moderate: 5 }), ...team('B', { moderate: 6 }, 10)];
    const cells = cellsFor(respondents, [ORG_GROUP, 'A', 'B'], [], ['cs'], { levels: false }).map((c) =>
      c.group === 'B' ? ({ ...c, n: 7 } as AggregateCell) : c,
    );
    const report = auditPublication({ k: 5, cells, respondents });
    // Its CI no longer fits its n either (a precision finding); the inconsistency is what fails it closed.
    expect(ofKind(report.findings, 'inconsistent')).toHaveLength(1);
    expect(ofKind(report.findings, 'inconsistent')[0]).toMatchObject({ kind: 'inconsistent', measure: 'cs', statistic: null, cells: ['B'], size: 0 });
  });

  it('reports a wrong mean, wrong level counts, a non-empty "empty" cell and a suppressed cell with numbers', () => {
    const respondents = [...team('A', { moderate: 5, high: 5 }), ...team('B', { moderate: 6 }, 10)];
    const cells = cellsFor(respondents, ['A', 'B'], [], ['cs']);
    const a = cells[0] as unknown as { mean: number; levelCounts: object };
    const wrong: AggregateCell[] = [
      { ...cells[0], mean: a.mean + 0.1, levelCounts: { low: 1, moderate: 4, high: 5 } } as unknown as AggregateCell,
      { ...publishedCell('C', 'cs', []), group: 'B' } as unknown as AggregateCell, // claims B is empty
      { ...suppressedCell(ORG_GROUP, 'cs'), n: 16 } as unknown as AggregateCell,
    ];
    const report = auditPublication({ k: 5, cells: wrong, respondents });
    const inconsistent = ofKind(report.findings, 'inconsistent');
    expect(inconsistent.map((f) => f.cells.join())).toEqual(['A', 'B', ORG_GROUP]);
    expect(inconsistent[0].message).toMatch(/mean; level counts/);
    expect(inconsistent[1].message).toMatch(/n = 0 but the group has scored responses/);
    expect(inconsistent[2].message).toMatch(/a suppressed cell carries numbers/);
  });

  it('does not flag a counted viewer by itself: the viewer is subtracted as known', () => {
    // Legal advocacy: 6 staff and one director counted in the team cell (n 7). The
    // insider can remove the director and learns about the 6, which is ≥ k.
    const respondents = [
      ...team(LEGAL, { moderate: 6 }),
      ...team(SHELTER, { moderate: 9 }, 10),
      person({ teamId: LEGAL, isViewer: true, isCounted: true }, 'high', 30),
    ];
    const cells = cellsFor(respondents, [ORG_GROUP, LEGAL, SHELTER], [], ['vr'], { levels: false });
    expect(cells.find((c) => c.group === LEGAL)!.n).toBe(7);
    expect(auditPublication({ k: 5, cells, respondents })).toEqual({ ok: true, findings: [] });
  });

  it('matches the worked example of its doc comment', () => {
    const director = { teamId: null, isViewer: true, isCounted: true };
    const respondents = [...team('t1', { moderate: 4 }), ...team('t2', { moderate: 6 }, 10), person(director, 'low', 20)];
    const cells = cellsFor(respondents, [ORG_GROUP, 't2'], ['t1'], ['bo']);
    expect(cells.map((c) => c.n)).toEqual([11, 6, null]);
    const first = auditPublication({ k: 5, cells, respondents }).findings[0];
    expect(first).toMatchObject({
      kind: 'small-group', measure: 'bo', statistic: 'sum', groups: ['t1'], size: 4, cells: [ORG_GROUP, 't2'],
    });
    expect(first.message).toMatch(/^From the published burnout means and SDs \(cells org, t2\), /);
  });
});

describe('auditPublication: validation', () => {
  const respondents = team('A', { moderate: 5 });
  const cells = cellsFor(respondents, [ORG_GROUP, 'A'], [], ['cs'], { levels: false });

  it('refuses k below 3 or not an integer', () => {
    for (const k of [2, 0, -1, 3.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => auditPublication({ k, cells, respondents })).toThrow(RangeError);
      expect(() => auditPublication({ k, cells, respondents })).toThrow(/auditPublication: minimum group size k/);
    }
  });

  it('refuses duplicate cells and cells or participation from different cycles', () => {
    expect(() => auditPublication({ k: 5, cells: [...cells, cells[1]], respondents })).toThrow(
      /auditPublication: duplicate cell for group "A"/,
    );
    const other = { ...cells[1], cycle: 'cycle-2' } as AggregateCell;
    expect(() => auditPublication({ k: 5, cells: [cells[0], other], respondents })).toThrow(/one cycle/);
    const participation: ParticipationCell[] = [
      { group: ORG_GROUP, cycle: 'cycle-2', invited: 5, participated: 5, rate: 1, hasReachedMinimum: true },
    ];
    expect(() => auditPublication({ k: 5, cells, participation, respondents })).toThrow(/one cycle/);
    const negative = [{ ...participation[0], cycle: CYCLE, invited: -1 }];
    expect(() => auditPublication({ k: 5, cells, participation: negative, respondents })).toThrow(RangeError);
  });

  it('refuses malformed respondents and cells', () => {
    const bad = (r: object) => auditPublication({ k: 5, cells, respondents: [r as AuditRespondent] });
    expect(() => bad({ teamId: 'A', isViewer: 'no', isCounted: true, scores: {} })).toThrow(TypeError);
    expect(() => bad({ teamId: ORG_GROUP, isViewer: false, isCounted: true, scores: {} })).toThrow(/names the agency/);
    expect(() => bad({ teamId: 'A', isViewer: false, isCounted: true, scores: { bo: { value: null, level: 'low' } } })).toThrow(
      /level but no value/,
    );
    expect(() => bad({ teamId: 'A', isViewer: false, isCounted: true, scores: { bo: { value: Number.NaN, level: null } } })).toThrow(
      /non-finite/,
    );
    const noMean = { ...cells[1], mean: null } as unknown as AggregateCell;
    expect(() => auditPublication({ k: 5, cells: [noMean], respondents })).toThrow(/auditPublication: cell 0/);
  });

  it('accepts participation counts and an empty publication', () => {
    const participation: ParticipationCell[] = [
      { group: ORG_GROUP, cycle: CYCLE, invited: 7, participated: 5, rate: 5 / 7, hasReachedMinimum: true },
      { group: 'A', cycle: CYCLE, invited: 7, participated: 5, rate: 5 / 7, hasReachedMinimum: true },
    ];
    expect(auditPublication({ k: 5, cells, participation, respondents }).ok).toBe(true);
    expect(auditPublication({ k: 5, cells: [], respondents: [] })).toEqual({ ok: true, findings: [] });
  });
});

describe('auditPublication: invariants', () => {
  it('does not depend on cell or respondent order, and never mutates frozen inputs', () => {
    const respondents = deepFreeze(agency({ teamId: null, isViewer: true, isCounted: true }));
    const cells = deepFreeze(cellsFor(respondents, [ORG_GROUP, LEGAL, SHELTER, CASE], [OUTREACH]));
    const reference = auditPublication({ k: 5, cells, respondents });
    expect(reference.findings.length).toBeGreaterThan(0);
    for (let s = 0; s < 5; s++) {
      const again = auditPublication({
        k: 5,
        cells: deepFreeze(shuffled(cells, SEED + s)),
        respondents: deepFreeze(shuffled(respondents, SEED + 100 + s)),
      });
      expect(again).toEqual(reference);
    }
    expect(Object.isFrozen(reference)).toBe(true);
    expect(Object.isFrozen(reference.findings)).toBe(true);
    expect(reference.findings.every((f) => Object.isFrozen(f) && Object.isFrozen(f.groups) && Object.isFrozen(f.cells))).toBe(true);
  });

  it('audits a 50-team agency with every team at least k as clean', () => {
    // Teams of 10..19: the first 5 moderate, the next 5 high, the rest moderate.
    const respondents: AuditRespondent[] = [];
    const ids: string[] = [];
    for (let t = 0; t < 50; t++) {
      const id = `team-${String(t).padStart(2, '0')}`;
      ids.push(id);
      const size = 10 + (t % 10);
      respondents.push(...team(id, { moderate: size - 5, high: 5 }, t));
    }
    const cells = cellsFor(respondents, [ORG_GROUP, ...ids], []);
    expect(auditPublication({ k: 5, cells, respondents })).toEqual({ ok: true, findings: [] });
  });

  it('completes on a 50-team agency with 40 small teams, all suppressed (k = 5)', () => {
    // 204 cells, 210 responses. One run (2-core dev container, vitest): 9.5 ms for the audit.
    const respondents: AuditRespondent[] = [];
    const shown: string[] = [];
    const hidden: string[] = [];
    for (let t = 0; t < 50; t++) {
      const id = `team-${String(t).padStart(2, '0')}`;
      if (t < 40) {
        hidden.push(id);
        const size = 1 + (t % 4); // 1..4
        respondents.push(...team(id, t % 2 === 0 ? { moderate: size } : { high: size }, t));
      } else {
        shown.push(id);
        respondents.push(...team(id, { moderate: 6, high: 5 }, t));
      }
    }
    const cells = cellsFor(respondents, [ORG_GROUP, ...shown], hidden);
    const started = performance.now();
    const report = auditPublication({ k: 5, cells, respondents });
    const ms = performance.now() - started;
    expect(report).toEqual({ ok: true, findings: [] });
    expect(ms).toBeLessThan(5000);
  });
});

describe('findIsolatableSets (general, non-laminar incidence)', () => {
  it('finds the pairs isolated by two overlapping sums', () => {
    // Rows r0 = x + y and r1 = y + z, two people per atom, k = 5. The row space is
    // {v : v_x − v_y + v_z = 0}: it holds (1, 1, 0), (0, 1, 1) and (1, 0, −1), each
    // about 4 people, and no single atom.
    const input = { rowCount: 2, atoms: [[0], [0, 1], [1]], multiplicities: [2, 2, 2], k: 5 };
    expect(findIsolatableSets(input)).toEqual({ sets: [[0, 1], [0, 2], [1, 2]], complete: true });
    // With three per atom every such pair holds 6 ≥ 5: the space R' is not {0}, but no leak.
    expect(findIsolatableSets({ ...input, multiplicities: [3, 3, 3] })).toEqual({ sets: [], complete: true });
    // Stopping early is reported, so the caller can fail closed.
    expect(findIsolatableSets({ ...input, limit: 2 }).complete).toBe(false);
  });

  it('finds a derivable atom and a derivable pair that is not derivable apart', () => {
    // r0 = x + y + z and r1 = y, with 1, 2 and 1 people, k = 3 (atoms kept apart
    // here although x and z have the same rows). The row space {(a, b, a)} holds
    // y alone (2 people) and x + z (2 people), but neither x nor z alone.
    const sets = findIsolatableSets({ rowCount: 2, atoms: [[0], [0, 1], [0]], multiplicities: [1, 2, 1], k: 3 });
    expect(sets).toEqual({ sets: [[1], [0, 2]], complete: true });
  });

  it('refuses malformed input', () => {
    expect(() => findIsolatableSets({ rowCount: 1, atoms: [[0]], multiplicities: [0], k: 3 })).toThrow(/findIsolatableSets/);
    expect(() => findIsolatableSets({ rowCount: 1, atoms: [[1]], multiplicities: [1], k: 3 })).toThrow(/findIsolatableSets/);
  });
});

// ---------------------------------------------------------------------------
// Property: a simple reference planner never leaks; undoing one of its complements does.

interface RandomAgency {
  k: number;
  teams: { id: string; values: (number | null)[] }[];
  noTeam: (number | null)[];
  viewers: { teamId: string | null; value: number | null }[];
}

const valueArb = fc.option(fc.integer({ min: 10, max: 50 }), { freq: 7, nil: null });
const agencyArb: fc.Arbitrary<RandomAgency> = fc.record({
  k: fc.integer({ min: 3, max: 6 }),
  teams: fc
    .array(fc.array(valueArb, { maxLength: 12 }), { minLength: 1, maxLength: 6 })
    .map((teams) => teams.map((values, t) => ({ id: `t${t}`, values }))),
  noTeam: fc.array(valueArb, { maxLength: 3 }),
  viewers: fc.array(
    fc.record({ teamId: fc.option(fc.constantFrom('t0', 't1', 't2'), { nil: null }), value: valueArb }),
    { maxLength: 3 },
  ),
});

function respondentsOf(a: RandomAgency): AuditRespondent[] {
  const r = (teamId: string | null, value: number | null, isViewer: boolean): AuditRespondent => ({
    teamId,
    isViewer,
    isCounted: !isViewer, // the reference design: viewers never enter a published number
    scores: { bo: value === null ? { value: null, level: null } : { value, level: proqolLevel(value) } },
  });
  return [
    ...a.teams.flatMap((t) => t.values.map((v) => r(t.id, v, false))),
    ...a.noTeam.map((v) => r(null, v, false)),
    ...a.viewers.map((v) => r(v.teamId, v.value, true)),
  ];
}

/** The reference rule: small teams hidden, then the smallest shown team until the hidden total is 0 or ≥ k. */
function referencePlan(a: RandomAgency): { orgShown: boolean; hidden: Set<string>; hiddenTotal: number } {
  const { k } = a;
  const scored = (values: readonly (number | null)[]) => values.filter((v) => v !== null).length;
  const counts = new Map(a.teams.map((t) => [t.id, scored(t.values)]));
  const small = (n: number) => n >= 1 && n < k;
  const hidden = new Set([...counts].filter(([, n]) => small(n)).map(([id]) => id));
  const orgN = [...counts.values()].reduce((s, n) => s + n, scored(a.noTeam));
  if (small(orgN)) return { orgShown: false, hidden: new Set([...counts].filter(([, n]) => n > 0).map(([id]) => id)), hiddenTotal: orgN };
  let hiddenTotal = scored(a.noTeam) + [...hidden].reduce((s, id) => s + counts.get(id)!, 0);
  while (small(hiddenTotal)) {
    const next = [...counts]
      .filter(([id, n]) => n > 0 && !hidden.has(id))
      .sort(([x, n], [y, m]) => n - m || (x < y ? -1 : 1))[0];
    if (!next) return { orgShown: false, hidden, hiddenTotal }; // suppress all
    hidden.add(next[0]);
    hiddenTotal += next[1];
  }
  return { orgShown: true, hidden, hiddenTotal };
}

function publicationOf(a: RandomAgency, respondents: readonly AuditRespondent[], hidden: ReadonlySet<string>, orgShown: boolean) {
  return [
    orgShown ? publishedCell(ORG_GROUP, 'bo', respondents) : suppressedCell(ORG_GROUP, 'bo'),
    ...a.teams.map((t) => (hidden.has(t.id) ? suppressedCell(t.id, 'bo') : publishedCell(t.id, 'bo', respondents))),
  ];
}

describe('auditPublication (properties)', () => {
  it('finds no small group in a reference plan, and finds one when a complement is undone', () => {
    let undone = 0;
    fc.assert(
      fc.property(agencyArb, (a) => {
        const respondents = respondentsOf(a);
        const plan = referencePlan(a);
        const report = auditPublication({ k: a.k, cells: publicationOf(a, respondents, plan.hidden, plan.orgShown), respondents });
        expect(ofKind(report.findings, 'small-group')).toEqual([]);
        expect(ofKind(report.findings, 'inconsistent')).toEqual([]);
        expect(ofKind(report.findings, 'precision')).toEqual([]);

        if (!plan.orgShown) return;
        const scored = (id: string) => a.teams.find((t) => t.id === id)!.values.filter((v) => v !== null).length;
        const exposing = [...plan.hidden].find((id) => {
          const left = plan.hiddenTotal - scored(id);
          return scored(id) > 0 && left >= 1 && left < a.k;
        });
        if (exposing === undefined) return;
        undone += 1;
        const hidden = new Set([...plan.hidden].filter((id) => id !== exposing));
        const leaky = auditPublication({ k: a.k, cells: publicationOf(a, respondents, hidden, true), respondents });
        expect(ofKind(leaky.findings, 'small-group').some((f) => f.statistic === 'sum')).toBe(true);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // The second half must actually be exercised.
    expect(undone).toBeGreaterThan(20);
  });
});
