import { studentTQuantile } from '@/lib/stats/distributions';

import { compareIds } from './compare-ids';
import { LEVELS, MEASURE_LABELS, MEASURES, type Level, type Measure } from './measures';
import type { ParticipationCell } from './participation';
import { MIN_K, ORG_GROUP, type AggregateCell, type LevelCounts, type MeasureScore } from './types';

/**
 * The independent disclosure auditor (ARCHITECTURE §4 rule 10).
 *
 * It re-derives, from the responses, what a viewer can learn from everything
 * one cycle publishes, and answers one question: can any statistic about 1 to
 * k − 1 people who cannot see results be worked out? It shares no code with
 * the planner (suppression.ts, aggregates.ts): a bug there must not be able to
 * hide itself here. See {@link auditPublication} for the method.
 */

/** One response of the cycle as the auditor sees it: no identity, only what it needs. */
export interface AuditRespondent {
  /** Team at submission, or null (counts in the agency total only, never in a team cell). */
  readonly teamId: string | null;
  /** Can see results (program director or admin) now or when they answered: their answers are known to the insider. */
  readonly isViewer: boolean;
  /** Whether the publication counted this response in its numbers (the planner's claim; the auditor verifies it against n). */
  readonly isCounted: boolean;
  readonly scores: Readonly<Partial<Record<Measure, MeasureScore>>>;
}

/** Everything one cycle will publish, plus every response of the cycle. */
export interface AuditInput {
  /** The organization's minimum group size, an integer ≥ 3. */
  readonly k: number;
  /** All cells one cycle will publish: group 'org' (ORG_GROUP) or a team id, × measure. */
  readonly cells: readonly AggregateCell[];
  /** Participation counts published with the cells (counts only). */
  readonly participation?: readonly ParticipationCell[];
  /** Every response of the cycle, counted or not, viewers included. */
  readonly respondents: readonly AuditRespondent[];
}

/**
 * - `small-group`: a statistic about 1..k − 1 non-viewers can be derived (rules 1, 2, 6).
 * - `homogeneity`: a derivable group's level breakdown has a level with 1..k − 1 people, or one level holding everyone (rule 9).
 * - `precision`: a mean, SD or CI bound is not rounded to one decimal (rule 8).
 * - `inconsistent`: a published number does not match the responses (the planner's claim is wrong; fail closed).
 */
export type AuditFindingKind = 'small-group' | 'homogeneity' | 'precision' | 'inconsistent';

/** One problem found by {@link auditPublication}. Never carries a score or a respondent index. */
export interface AuditFinding {
  readonly kind: AuditFindingKind;
  readonly measure: Measure | null;
  /** 'sum' = means/SDs (value sums), 'levels' = level breakdown counts, null for precision/inconsistent */
  readonly statistic: 'sum' | 'levels' | 'change' | null;
  /** Team ids (and '(no team)' for respondents with teamId null) of the non-viewer respondents involved, sorted; never respondent indexes. */
  readonly groups: readonly string[];
  /** Number of non-viewer respondents in the isolated set (small-group/homogeneity), else 0. */
  readonly size: number;
  /** The published cells (group ids) whose rows were used / that are at fault, sorted. */
  readonly cells: readonly string[];
  readonly message: string;
}

/** The auditor's verdict: `ok` exactly when there are no findings. */
export interface AuditReport {
  readonly ok: boolean;
  readonly findings: readonly AuditFinding[];
}

const FN = 'auditPublication';

/** The label in `AuditFinding.groups` for respondents with no team. */
const NO_TEAM_LABEL = '(no team)';

/** Subsets examined by the small-group search before it gives up and fails closed. */
const SUBSET_LIMIT = 200_000;

/** Findings are listed in this order: the fail-closed kinds first, then the ones more suppression can fix. */
const KIND_ORDER: readonly AuditFindingKind[] = ['inconsistent', 'precision', 'small-group', 'homogeneity'];

/**
 * Audit one cycle's publication for disclosure (ARCHITECTURE §4 rule 10).
 *
 * Threat model: the insider sees every published number, knows every viewer's
 * answers (all viewers collude as one party), and knows the size of every
 * group it can delimit: published n and participation counts are treated as
 * revealing every "atom" (below) size, which makes the audit conservative.
 * Participation counts are counts, not answers, so beyond validation they need
 * no check of their own.
 *
 * Method, per measure m and per statistic family:
 * - Families. `sum`: the rows are the published cells of m (n ≥ 1); each
 *   publishes n and the mean, i.e. the sum of the scores over the cell's
 *   population. The SD publishes the sum of squares, a sum of another
 *   per-person variable over the same population (same incidence), and the CI
 *   is a function of n, mean and SD, so neither needs a check of its own.
 *   `levels`: the rows are the published cells of m whose `levelCounts` is not
 *   null; each publishes sums of the level indicators.
 * - Population of the cell of group G: respondents with `isCounted`, a value
 *   for m (and, for `levels`, a level), and G = 'org' or `teamId` = G.
 * - Incidence matrix A: rows × respondents in the union of the populations.
 *   Viewers' columns are known values, so they are eliminated: any
 *   combination cᵀAx = cᵀA_nv·x_nv + (known). Identical non-viewer columns are
 *   indistinguishable, so they are merged into atoms with multiplicities,
 *   giving B (rows × atoms); every vector of the row space is constant on an atom.
 * - small-group: a leak exists iff the row space of B holds a nonzero v whose
 *   support has total multiplicity 1..k − 1 (a statistic about that many
 *   non-viewers). With Z a basis of the null space of B, v is in the row space
 *   iff Zᵀv = 0. Only atoms of multiplicity < k can be in such a support, so
 *   first R' = {v on the small atoms : Z_smallᵀv = 0}; if R' = {0} there is no
 *   leak (the usual case, linear algebra only). Otherwise the subsets S of
 *   supp(R') with multiplicity ≤ k − 1 are enumerated, smallest first, and
 *   every minimal S whose rows of Z are dependent (a circuit) is a finding.
 *   The enumeration stops after 200,000 subsets with a finding (size 0) that
 *   says the audit could not finish: fail closed.
 * - homogeneity (rule 9, `levels` family): for every atom a of multiplicity
 *   ≥ k whose indicator e_a is in the row space, solve cᵀB = e_aᵀ and derive
 *   its non-viewer level counts Σᵢ cᵢ·levelCounts(row i) − (the viewers' known
 *   part). Flag a level holding 1..k − 1, or one level holding all of the
 *   atom. The derived counts are checked against the atom's true counts
 *   (`inconsistent` if they differ). Atoms below k are already small-group
 *   findings. Why atoms suffice: Sustain publishes a laminar family (agency ⊇
 *   disjoint teams), in which the atoms are exactly the minimal derivable
 *   groups (a cell's population minus the shown cells inside it) and every
 *   derivable group is a disjoint union of atoms; rule 9's condition is closed
 *   under disjoint union (counts 0 or ≥ k stay so when added, and a union with
 *   every member in one level has a nonempty part with the same property).
 *   This covers the shown cells themselves and residuals such as "agency
 *   minus shown teams minus the viewers".
 * - precision (rule 8): every published mean, SD and CI bound must be a
 *   multiple of 0.1 (|10x − round(10x)| < 1e-9).
 * - inconsistent: each published cell's n must equal its population's size,
 *   its mean and SD must be within 0.05 + 1e-9 of the population's (sample SD,
 *   checked from n ≥ 2), and its level counts, when shown, must equal the
 *   population's. Empty cells (n = 0) must have empty populations, and
 *   suppressed cells must carry no numbers. A counted viewer is not a finding
 *   by itself: the linear algebra accounts for it; only leaks are reported.
 *
 * Arithmetic is exact (rationals on BigInt, reduced row echelon form): rank
 * decisions have no floating-point tolerance.
 *
 * Output: findings sorted by kind (inconsistent, precision, small-group,
 * homogeneity), then measure, statistic, cells, groups; the report is frozen
 * and independent of the order of cells and respondents. Inputs are never
 * modified.
 *
 * Throws RangeError when k is not an integer ≥ 3, two cells share a group and
 * measure, cells or participation come from different cycles, or a count is
 * not a non-negative integer; TypeError on malformed cells or respondents.
 *
 * Cost: O(R·M + C) to build populations and atoms for R respondents, M
 * measures and C cells, plus per family one exact reduction of the
 * atoms × (rows + atoms) matrix, O(A²(C_m + A)) rational operations for A
 * atoms and C_m cells of the measure (in Sustain A ≤ C_m + 1). The subset
 * search runs only when R' ≠ {0}, which a laminar publication never gives
 * (B then has independent columns, so each small atom is a circuit by
 * itself); it is capped at 200,000 subsets.
 *
 * @example
 * // k = 5. Team t1 has 4 staff, team t2 has 6; one director with no team is
 * // counted in the agency total. Published for burnout: org (n 11) and t2
 * // (n 6); t1 suppressed. org − t2 − director = the 4 staff of t1.
 * auditPublication({ k: 5, cells, respondents }).findings[0];
 * // { kind: 'small-group', measure: 'bo', statistic: 'sum', groups: ['t1'], size: 4,
 * //   cells: ['org', 't2'], message: 'From the published burnout means and SDs (cells org, t2), …' }
 */
export function auditPublication(input: AuditInput): AuditReport {
  const k = input.k;
  if (!Number.isInteger(k) || k < MIN_K) {
    throw new RangeError(`${FN}: minimum group size k must be an integer ≥ ${MIN_K}, got ${String(k)}`);
  }
  if (!Array.isArray(input.cells)) throw new TypeError(`${FN}: cells must be an array`);
  if (!Array.isArray(input.respondents)) throw new TypeError(`${FN}: respondents must be an array`);

  const cells = input.cells.map((cell, index) => readCell(cell, index));
  const respondents = input.respondents.map((r, index) => readRespondent(r, index));
  checkCycles(cells, input.participation ?? []);

  const findings: AuditFinding[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    const key = `${cell.measure}\u0000${cell.group}`;
    if (seen.has(key)) throw new RangeError(`${FN}: duplicate cell for group "${cell.group}" and measure ${cell.measure}`);
    seen.add(key);
    const fault = checkPrecision(cell);
    if (fault !== null) findings.push(fault);
  }

  for (const measure of MEASURES) {
    // Teams by id, then the agency: the reduction pivots on the most specific cells
    // first, so a finding names the team cell itself rather than "agency minus the rest".
    const ofMeasure = cells
      .filter((c) => c.measure === measure)
      .sort((a, b) => Number(a.group === ORG_GROUP) - Number(b.group === ORG_GROUP) || compareIds(a.group, b.group));
    const faulty = new Set<string>();
    for (const cell of ofMeasure) {
      const fault = checkConsistency(cell, respondents);
      if (fault === null) continue;
      findings.push(fault);
      faulty.add(cell.group);
    }
    const sumRows = ofMeasure.filter((c) => c.state === 'published');
    findings.push(...auditFamily(k, measure, 'sum', sumRows, respondents, faulty));
    const levelRows = sumRows.filter((c) => c.levelCounts !== null);
    findings.push(...auditFamily(k, measure, 'levels', levelRows, respondents, faulty));
  }

  const sorted = dedupe(findings).sort(compareFindings);
  return Object.freeze({ ok: sorted.length === 0, findings: Object.freeze(sorted) });
}

/**
 * The minimal sets of atoms about which a statistic of 1..k − 1 people can be
 * derived from published sums, for an arbitrary (not necessarily laminar)
 * incidence. Exported for tests of the general case; {@link auditPublication}
 * is the entry point.
 *
 * `atoms[a]` lists the rows (published sums) that include atom a, which holds
 * `multiplicities[a]` ≥ 1 indistinguishable people. Returns each minimal set
 * as sorted atom indexes, smallest first, and `complete: false` when the
 * search stopped at `limit` subsets (default 200,000).
 *
 * @example
 * // Rows r0 = x + y and r1 = y + z; each atom holds 2 people; k = 5.
 * // r0, r1 and r0 − r1 = x − z each involve 4 people.
 * findIsolatableSets({ rowCount: 2, atoms: [[0], [0, 1], [1]], multiplicities: [2, 2, 2], k: 5 });
 * // { sets: [[0, 1], [0, 2], [1, 2]], complete: true }
 */
export function findIsolatableSets(input: {
  readonly rowCount: number;
  readonly atoms: readonly (readonly number[])[];
  readonly multiplicities: readonly number[];
  readonly k: number;
  readonly limit?: number;
  /**
   * The largest total multiplicity a reported set may have; default k − 1. A caller whose
   * atoms can hold several columns of one person (linked cycles) searches up to
   * 2(k − 1) and counts people itself.
   */
  readonly budget?: number;
}): { readonly sets: readonly (readonly number[])[]; readonly complete: boolean } {
  const fn = 'findIsolatableSets';
  const { rowCount, atoms, multiplicities, k } = input;
  if (atoms.length !== multiplicities.length) throw new RangeError(`${fn}: atoms and multiplicities differ in length`);
  if (!multiplicities.every((m) => Number.isInteger(m) && m >= 1)) {
    throw new RangeError(`${fn}: multiplicities must be positive integers`);
  }
  if (!atoms.every((rows) => rows.every((i) => Number.isInteger(i) && i >= 0 && i < rowCount))) {
    throw new RangeError(`${fn}: row indexes must be in [0, ${rowCount})`);
  }
  const system = reduceSystem(atoms, rowCount);
  const search = searchIsolatable(system, multiplicities, k, input.limit ?? SUBSET_LIMIT, input.budget);
  return Object.freeze({
    sets: Object.freeze(search.circuits.map((c) => Object.freeze(c.atoms.slice()))),
    complete: search.complete,
  });
}

// ---------------------------------------------------------------------------
// Input reading and validation

type CellState = 'published' | 'empty' | 'suppressed';

interface CellView {
  readonly group: string;
  readonly cycle: string;
  readonly measure: Measure;
  readonly state: CellState;
  /** Published cells only (0 otherwise). */
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95: readonly [number, number];
  readonly levelCounts: LevelCounts | null;
  /** A suppressed cell that still carries a number. */
  readonly suppressedWithNumbers: boolean;
}

interface RespondentView {
  readonly teamId: string | null;
  readonly label: string;
  readonly isViewer: boolean;
  readonly isCounted: boolean;
  readonly scores: Readonly<Record<Measure, { readonly value: number; readonly level: Level | null } | null>>;
}

function readCell(cell: AggregateCell, index: number): CellView {
  if (typeof cell !== 'object' || cell === null) throw new TypeError(`${FN}: cell ${index} is not an object`);
  const raw = cell as unknown as Record<string, unknown>;
  const { group, cycle, measure, suppressed, n } = raw;
  const where = `cell ${index}`;
  if (typeof group !== 'string' || group.length === 0) throw new TypeError(`${FN}: ${where} has no group`);
  if (typeof cycle !== 'string' || cycle.length === 0) throw new TypeError(`${FN}: ${where} has no cycle`);
  if (!(MEASURES as readonly unknown[]).includes(measure)) {
    throw new TypeError(`${FN}: ${where} has an unknown measure ${String(measure)}`);
  }
  const base = {
    group,
    cycle,
    measure: measure as Measure,
    n: 0,
    mean: 0,
    sd: 0,
    ci95: [0, 0] as const,
    levelCounts: null,
    suppressedWithNumbers: false,
  };
  if (suppressed !== null) {
    if (typeof suppressed !== 'string') throw new TypeError(`${FN}: ${where} has a malformed suppression reason`);
    const carries = ['n', 'mean', 'sd', 'ci95', 'levelCounts'].some((f) => raw[f] !== null && raw[f] !== undefined);
    return { ...base, state: 'suppressed', suppressedWithNumbers: carries };
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TypeError(`${FN}: ${where} (group "${group}", ${String(measure)}) has an invalid n ${String(n)}`);
  }
  const levelCounts = readLevelCounts(raw.levelCounts, where);
  if (n === 0) return { ...base, state: 'empty', levelCounts };
  const { mean, sd, ci95 } = raw;
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!finite(mean) || !finite(sd) || !Array.isArray(ci95) || ci95.length !== 2 || !ci95.every(finite)) {
    throw new TypeError(`${FN}: ${where} (group "${group}", ${String(measure)}) is published without a finite mean, SD and CI`);
  }
  return { ...base, state: 'published', n, mean, sd, ci95: [ci95[0], ci95[1]], levelCounts };
}

function readLevelCounts(value: unknown, where: string): LevelCounts | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') throw new TypeError(`${FN}: ${where} has malformed level counts`);
  const counts = value as Record<string, unknown>;
  for (const level of LEVELS) {
    const c = counts[level];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
      throw new TypeError(`${FN}: ${where} has an invalid ${level} count ${String(c)}`);
    }
  }
  return { low: counts.low as number, moderate: counts.moderate as number, high: counts.high as number };
}

function readRespondent(respondent: AuditRespondent, index: number): RespondentView {
  const where = `respondent ${index}`;
  if (typeof respondent !== 'object' || respondent === null) throw new TypeError(`${FN}: ${where} is not an object`);
  const { teamId, isViewer, isCounted } = respondent;
  if (teamId !== null && (typeof teamId !== 'string' || teamId.length === 0)) {
    throw new TypeError(`${FN}: ${where} has an invalid teamId`);
  }
  if (teamId === ORG_GROUP) throw new TypeError(`${FN}: ${where} has team id "${ORG_GROUP}", which names the agency`);
  if (typeof isViewer !== 'boolean' || typeof isCounted !== 'boolean') {
    throw new TypeError(`${FN}: ${where} needs boolean isViewer and isCounted`);
  }
  const rawScores = respondent.scores as Readonly<Record<string, unknown>> | null | undefined;
  if (typeof rawScores !== 'object' || rawScores === null) throw new TypeError(`${FN}: ${where} has no scores object`);
  const scores = {} as Record<Measure, { value: number; level: Level | null } | null>;
  for (const measure of MEASURES) {
    const score = rawScores[measure] as { value?: unknown; level?: unknown } | null | undefined;
    if (score === undefined || score === null) {
      scores[measure] = null;
      continue;
    }
    const { value, level } = score;
    if (level !== null && !(LEVELS as readonly unknown[]).includes(level)) {
      throw new TypeError(`${FN}: ${where} has an unknown ${measure} level ${String(level)}`);
    }
    if (value === null) {
      if (level !== null) throw new TypeError(`${FN}: ${where} has a ${measure} level but no value`);
      scores[measure] = null;
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${FN}: ${where} has a non-finite ${measure} value ${String(value)}`);
    }
    scores[measure] = { value, level: level as Level | null };
  }
  return { teamId, label: teamId ?? NO_TEAM_LABEL, isViewer, isCounted, scores };
}

function checkCycles(cells: readonly CellView[], participation: readonly ParticipationCell[]): void {
  if (!Array.isArray(participation)) throw new TypeError(`${FN}: participation must be an array`);
  const cycles = new Set(cells.map((c) => c.cycle));
  participation.forEach((p, index) => {
    if (typeof p !== 'object' || p === null || typeof p.cycle !== 'string' || typeof p.group !== 'string') {
      throw new TypeError(`${FN}: participation row ${index} is malformed`);
    }
    for (const field of ['invited', 'participated'] as const) {
      const count = p[field];
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw new RangeError(`${FN}: participation row ${index} has an invalid ${field} count ${String(count)}`);
      }
    }
    cycles.add(p.cycle);
  });
  if (cycles.size > 1) {
    throw new RangeError(`${FN}: cells and participation must come from one cycle, got ${[...cycles].sort(compareIds).join(', ')}`);
  }
}

// ---------------------------------------------------------------------------
// Precision and consistency

/** True when x is a multiple of 0.1, up to floating-point representation. */
function isOneDecimal(x: number): boolean {
  return Math.abs(10 * x - Math.round(10 * x)) < 1e-9;
}

/** Groups below this size publish their SD in whole points (rule 8). */
const WHOLE_POINT_SD_BELOW = 5;

function roundTenth(x: number): number {
  return Math.round(x * 10) / 10;
}

/**
 * Rule 8, as published numbers: mean to one decimal; SD to one decimal (whole points below
 * 5 people); and the CI exactly mean ± t(0.975, n − 1)·sd/√n from those rounded numbers,
 * rounded to one decimal, so its width carries no extra precision about the SD. An SD of
 * 0 would publish every member's exact score (rule 9 for values), so it is refused too.
 */
function checkPrecision(cell: CellView): AuditFinding | null {
  if (cell.state !== 'published') return null;
  const fields: string[] = [];
  if (!isOneDecimal(cell.mean)) fields.push('mean');
  const sdPrecise = cell.n < WHOLE_POINT_SD_BELOW ? Number.isInteger(cell.sd) : isOneDecimal(cell.sd);
  if (!sdPrecise) fields.push('SD');
  if (!isOneDecimal(cell.ci95[0]) || !isOneDecimal(cell.ci95[1])) fields.push('confidence interval');
  else if (cell.n >= 2) {
    const half = studentTQuantile(0.975, cell.n - 1) * (cell.sd / Math.sqrt(cell.n));
    const lo = roundTenth(cell.mean - half);
    const hi = roundTenth(cell.mean + half);
    if (Math.abs(lo - cell.ci95[0]) > 1e-9 || Math.abs(hi - cell.ci95[1]) > 1e-9) fields.push('confidence interval (not computed from the rounded mean and SD)');
  }
  if (cell.sd === 0) {
    return finding({
      kind: 'homogeneity',
      measure: cell.measure,
      statistic: 'sum',
      groups: [cell.group],
      size: cell.n,
      cells: [cell.group],
      message: `The ${MEASURE_LABELS[cell.measure]} cell for ${cell.group} has an SD of 0, which would show every member's score.`,
    });
  }
  if (fields.length === 0) return null;
  return finding({
    kind: 'precision',
    measure: cell.measure,
    statistic: null,
    groups: [],
    size: 0,
    cells: [cell.group],
    message:
      `The ${MEASURE_LABELS[cell.measure]} cell for ${cell.group} shows its ${joinWords(fields)} ` +
      'with more than one decimal; published statistics must be rounded to one decimal.',
  });
}

/** The population of a cell: counted respondents of its group with a value (and, for levels, a level) for the measure. */
function inPopulation(r: RespondentView, group: string, measure: Measure, needsLevel: boolean): boolean {
  const score = r.scores[measure];
  if (!r.isCounted || score === null || (needsLevel && score.level === null)) return false;
  return group === ORG_GROUP || r.teamId === group;
}

const TOLERANCE = 0.05 + 1e-9;

function checkConsistency(cell: CellView, respondents: readonly RespondentView[]): AuditFinding | null {
  const faults: string[] = [];
  if (cell.state === 'suppressed') {
    if (cell.suppressedWithNumbers) faults.push('a suppressed cell carries numbers');
  } else {
    const values: number[] = [];
    const levels = { low: 0, moderate: 0, high: 0 };
    for (const r of respondents) {
      if (!inPopulation(r, cell.group, cell.measure, false)) continue;
      const score = r.scores[cell.measure]!;
      values.push(score.value);
      if (score.level !== null) levels[score.level] += 1;
    }
    if (cell.state === 'empty') {
      if (values.length > 0) faults.push('n = 0 but the group has scored responses');
    } else {
      if (values.length !== cell.n) faults.push('n');
      if (values.length > 0) {
        const { mean, sd } = momentsOf(values);
        if (Math.abs(mean - cell.mean) > TOLERANCE) faults.push('mean');
        const sdTolerance = cell.n < WHOLE_POINT_SD_BELOW ? 0.5 + 1e-9 : TOLERANCE;
        if (sd !== null && Math.abs(sd - cell.sd) > sdTolerance) faults.push('SD');
      }
    }
    const shown = cell.levelCounts;
    if (shown !== null && LEVELS.some((l) => shown[l] !== levels[l])) faults.push('level counts');
  }
  if (faults.length === 0) return null;
  return finding({
    kind: 'inconsistent',
    measure: cell.measure,
    statistic: null,
    groups: [],
    size: 0,
    cells: [cell.group],
    message:
      `The ${MEASURE_LABELS[cell.measure]} cell for ${cell.group} does not match the responses it should ` +
      `summarize (${faults.join('; ')}), so the publication cannot be checked and must fail closed.`,
  });
}

/** Mean and sample SD (null below 2 values), two-pass over sorted values so the result does not depend on order. */
function momentsOf(values: readonly number[]): { mean: number; sd: number | null } {
  const sorted = [...values].sort((a, b) => a - b);
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = sum / sorted.length;
  if (sorted.length < 2) return { mean, sd: null };
  let squares = 0;
  for (const x of sorted) squares += (x - mean) * (x - mean);
  return { mean, sd: Math.sqrt(squares / (sorted.length - 1)) };
}

// ---------------------------------------------------------------------------
// Linear algebra over one statistic family

interface Atom {
  /** Row indexes (into the family's rows) whose population includes this atom's members. */
  readonly rows: readonly number[];
  readonly members: RespondentView[];
}

function auditFamily(
  k: number,
  measure: Measure,
  statistic: 'sum' | 'levels',
  rows: readonly CellView[],
  respondents: readonly RespondentView[],
  /** Cells already reported as inconsistent: a derivation through them is not reported again. */
  faulty: ReadonlySet<string>,
): AuditFinding[] {
  if (rows.length === 0) return [];
  const needsLevel = statistic === 'levels';
  const rowOf = new Map(rows.map((cell, i) => [cell.group, i]));
  const orgRow = rowOf.get(ORG_GROUP);

  // Membership is exactly "the org row, if shown, and the respondent's team row, if shown".
  const byPattern = new Map<string, { rows: number[]; members: RespondentView[] }>();
  const viewers: { rows: number[]; level: Level | null }[] = [];
  for (const r of respondents) {
    if (!inPopulation(r, ORG_GROUP, measure, needsLevel)) continue;
    const memberOf: number[] = [];
    if (orgRow !== undefined) memberOf.push(orgRow);
    const teamRow = r.teamId === null ? undefined : rowOf.get(r.teamId);
    if (teamRow !== undefined) memberOf.push(teamRow);
    if (memberOf.length === 0) continue;
    memberOf.sort((a, b) => a - b);
    if (r.isViewer) {
      viewers.push({ rows: memberOf, level: r.scores[measure]!.level });
      continue;
    }
    const key = memberOf.join(',');
    const atom = byPattern.get(key) ?? { rows: memberOf, members: [] };
    atom.members.push(r);
    byPattern.set(key, atom);
  }
  const atoms: Atom[] = [...byPattern.entries()].sort(([a], [b]) => compareIds(a, b)).map(([, atom]) => atom);
  if (atoms.length === 0) return [];

  const system = reduceSystem(
    atoms.map((a) => a.rows),
    rows.length,
  );
  const multiplicities = atoms.map((a) => a.members.length);
  const label = MEASURE_LABELS[measure];
  const what = statistic === 'sum' ? 'means and SDs' : 'level breakdowns';
  const findings: AuditFinding[] = [];
  const usedCells = (c: readonly Fraction[]) =>
    rows.filter((_, i) => !isZero(c[i])).map((cell) => cell.group).sort(compareIds);
  const groupsOf = (indexes: readonly number[]) =>
    [...new Set(indexes.flatMap((a) => atoms[a].members.map((m) => m.label)))].sort(compareIds);

  const search = searchIsolatable(system, multiplicities, k, SUBSET_LIMIT);
  for (const circuit of search.circuits) {
    const c = solveForRowCombination(system, circuit.vector);
    if (c === null) throw new Error(`${FN}: internal error, an isolatable set is not derivable`);
    const size = circuit.atoms.reduce((s, a) => s + multiplicities[a], 0);
    const cells = usedCells(c);
    findings.push(
      finding({
        kind: 'small-group',
        measure,
        statistic,
        groups: groupsOf(circuit.atoms),
        size,
        cells,
        message:
          `From the published ${label} ${what} (${cellsPhrase(cells)}), a viewer can work out a statistic about ` +
          `${size} non-viewer respondent${size === 1 ? '' : 's'} (${groupsOf(circuit.atoms).join(', ')}), fewer than k = ${k}.`,
      }),
    );
  }
  if (!search.complete) {
    findings.push(
      finding({
        kind: 'small-group',
        measure,
        statistic,
        groups: groupsOf(search.candidates),
        size: 0,
        cells: rows.map((cell) => cell.group).sort(compareIds),
        message:
          `The audit of the published ${label} ${what} could not finish (more than ${SUBSET_LIMIT.toLocaleString('en-US')} ` +
          `combinations), so a statistic about fewer than k = ${k} non-viewer respondents cannot be ruled out.`,
      }),
    );
  }

  if (statistic === 'sum') {
    // Rule 9 for values: a derivable group of k or more whose members all gave the same
    // score publishes that score for each of them (its sum over its known size).
    atoms.forEach((atom, a) => {
      if (atom.members.length < k) return; // a small-group finding already
      const first = atom.members[0]!.scores[measure]!.value;
      if (!atom.members.every((m) => m.scores[measure]!.value === first)) return;
      const c = solveForAtom(system, a);
      if (c === null) return;
      const cells = usedCells(c);
      findings.push(
        finding({
          kind: 'homogeneity',
          measure,
          statistic,
          groups: groupsOf([a]),
          size: atom.members.length,
          cells,
          message:
            `From the published ${label} ${what} (${cellsPhrase(cells)}), a viewer can work out the mean of ` +
            `${atom.members.length} non-viewer respondents who all gave the same score, and so each one's score.`,
        }),
      );
    });
  }
  if (statistic === 'levels') {
    atoms.forEach((atom, a) => {
      if (atom.members.length < k) return; // a small-group finding already
      const c = solveForAtom(system, a);
      if (c === null) return; // not derivable on its own (only possible outside a laminar publication)
      const cells = usedCells(c);
      const derived = checkDerivedLevels(k, measure, rows, viewers, atom, c, cells, groupsOf([a]));
      const isReported = cells.some((g) => faulty.has(g));
      findings.push(...derived.filter((f) => f.kind !== 'inconsistent' || !isReported));
    });
  }
  return findings;
}

/** Rule 9 on one derivable atom, and the check that its derived counts match its true counts. */
function checkDerivedLevels(
  k: number,
  measure: Measure,
  rows: readonly CellView[],
  viewers: readonly { rows: readonly number[]; level: Level | null }[],
  atom: Atom,
  c: readonly Fraction[],
  cells: readonly string[],
  groups: readonly string[],
): AuditFinding[] {
  const label = MEASURE_LABELS[measure];
  const size = atom.members.length;
  const truth: Record<Level, number> = { low: 0, moderate: 0, high: 0 };
  for (const m of atom.members) truth[m.scores[measure]!.level!] += 1;

  let derivedMatches = true;
  for (const level of LEVELS) {
    let derived = ZERO;
    rows.forEach((row, i) => {
      if (!isZero(c[i])) derived = add(derived, mul(c[i], integer(row.levelCounts![level])));
    });
    for (const v of viewers) {
      if (v.level !== level) continue;
      let weight = ZERO;
      for (const i of v.rows) weight = add(weight, c[i]);
      derived = sub(derived, weight);
    }
    if (derived.den !== 1n || derived.num !== BigInt(truth[level])) derivedMatches = false;
  }

  const findings: AuditFinding[] = [];
  if (!derivedMatches) {
    findings.push(
      finding({
        kind: 'inconsistent',
        measure,
        statistic: null,
        groups: [],
        size: 0,
        cells,
        message:
          `The ${label} level breakdowns of ${cellsPhrase(cells)} do not add up to the responses they should ` +
          'count, so the publication cannot be checked and must fail closed.',
      }),
    );
  }
  const fewer = LEVELS.some((l) => truth[l] >= 1 && truth[l] < k);
  const everyone = LEVELS.some((l) => truth[l] === size);
  if (fewer || everyone) {
    const why = everyone
      ? 'one level holds all of them'
      : `a level holds between 1 and ${k - 1} of them`;
    findings.push(
      finding({
        kind: 'homogeneity',
        measure,
        statistic: 'levels',
        groups,
        size,
        cells,
        message:
          `From the published ${label} level breakdowns (${cellsPhrase(cells)}), a viewer can work out the breakdown ` +
          `of ${size} non-viewer respondents (${groups.join(', ')}), and ${why}.`,
      }),
    );
  }
  return findings;
}

/**
 * [Bᵀ | I] reduced to [R | E] with R in reduced row echelon form, so E·Bᵀ = R.
 * - rank(B) = rank of R; the rows of E past the rank span the null space of B
 *   (they are the y with yᵀBᵀ = 0).
 * - For a target v over the atoms, w = E·v; v is in the row space of B iff
 *   w vanishes past the rank, and then c with c[pivot of t] = w[t] solves Bᵀc = v.
 */
interface ReducedSystem {
  readonly rowCount: number;
  readonly atomCount: number;
  readonly rank: number;
  /** pivots[t] = the row of B (column of Bᵀ) pivoting on row t of R. */
  readonly pivots: readonly number[];
  /** E, atoms × atoms. */
  readonly transform: readonly (readonly Fraction[])[];
}

function reduceSystem(atoms: readonly (readonly number[])[], rowCount: number): ReducedSystem {
  const atomCount = atoms.length;
  const matrix: Fraction[][] = atoms.map((rows, a) => {
    const line = new Array<Fraction>(rowCount + atomCount).fill(ZERO);
    for (const i of rows) line[i] = ONE;
    line[rowCount + a] = ONE;
    return line;
  });
  const pivots = rref(matrix, rowCount);
  return {
    rowCount,
    atomCount,
    rank: pivots.length,
    pivots,
    transform: matrix.map((line) => line.slice(rowCount)),
  };
}

/** c with cᵀB = vᵀ (one particular solution), or null when v is not in the row space of B. */
function solveForRowCombination(system: ReducedSystem, v: readonly Fraction[]): Fraction[] | null {
  return solveFromImage(system, system.transform.map((line) => dot(line, v)));
}

/** {@link solveForRowCombination} for v = e_a: then E·v is column a of E, O(A) instead of O(A²). */
function solveForAtom(system: ReducedSystem, a: number): Fraction[] | null {
  return solveFromImage(system, system.transform.map((line) => line[a]));
}

function solveFromImage(system: ReducedSystem, w: readonly Fraction[]): Fraction[] | null {
  for (let t = system.rank; t < system.atomCount; t++) if (!isZero(w[t])) return null;
  const c = new Array<Fraction>(system.rowCount).fill(ZERO);
  for (let t = 0; t < system.rank; t++) c[system.pivots[t]] = w[t];
  return c;
}

interface Circuit {
  /** Sorted atom indexes. */
  readonly atoms: number[];
  /** A row-space vector (over all atoms) whose support is exactly `atoms`. */
  readonly vector: Fraction[];
}

/**
 * The minimal supports of multiplicity 1..k − 1 in the row space of B
 * (circuits of the rows of the null-space basis Z, restricted to small atoms).
 */
function searchIsolatable(
  system: ReducedSystem,
  multiplicities: readonly number[],
  k: number,
  limit: number,
  budget: number = k - 1,
): { circuits: Circuit[]; complete: boolean; candidates: number[] } {
  const { atomCount, rank } = system;
  const nullity = atomCount - rank;
  // zRow(a): row a of Z (atoms × nullity), i.e. entry a of each null-space vector.
  const zRow = (a: number) => system.transform.slice(rank).map((line) => line[a]);
  const small = multiplicities.map((m, a) => (m < k ? a : -1)).filter((a) => a >= 0);
  if (small.length === 0) return { circuits: [], complete: true, candidates: [] };

  // R' = {v on the small atoms : Z_smallᵀ v = 0}; its support bounds every leak's support.
  let candidates: number[];
  if (nullity === 0) {
    candidates = small;
  } else {
    const m = Array.from({ length: nullity }, (_, j) => small.map((a) => system.transform[rank + j][a]));
    const pivots = rref(m, small.length);
    if (pivots.length === small.length) return { circuits: [], complete: true, candidates: [] };
    const isPivot = new Set(pivots);
    const free = small.map((_, s) => s).filter((s) => !isPivot.has(s));
    const inSupport = new Set(free);
    pivots.forEach((p, t) => {
      if (free.some((f) => !isZero(m[t][f]))) inSupport.add(p);
    });
    candidates = small.filter((_, s) => inSupport.has(s));
  }
  candidates.sort((a, b) => multiplicities[a] - multiplicities[b] || a - b);

  const circuits: Circuit[] = [];
  let examined = 0;
  let complete = true;
  const chosen: number[] = [];

  const isDependent = (set: readonly number[]): boolean => {
    if (nullity === 0) return true;
    const rowsOfZ = set.map((a) => zRow(a).slice());
    return rref(rowsOfZ, nullity).length < set.length;
  };
  const containsCircuit = (set: readonly number[]) =>
    circuits.some((c) => c.atoms.every((a) => set.includes(a)));

  const visit = (start: number, size: number, used: number): boolean => {
    if (chosen.length === size) {
      examined += 1;
      if (examined > limit) {
        complete = false;
        return false;
      }
      if (!containsCircuit(chosen) && isDependent(chosen)) {
        const atomsOf = [...chosen].sort((a, b) => a - b);
        circuits.push({ atoms: atomsOf, vector: circuitVector(system, atomsOf, zRow, nullity) });
      }
      return true;
    }
    for (let i = start; i < candidates.length; i++) {
      const a = candidates[i];
      // Sorted by multiplicity: once one atom does not fit, none after it does.
      if (used + multiplicities[a] > budget) break;
      chosen.push(a);
      const go = visit(i + 1, size, used + multiplicities[a]);
      chosen.pop();
      if (!go) return false;
    }
    return true;
  };
  for (let size = 1; size <= Math.min(budget, candidates.length); size++) {
    if (!visit(0, size, 0)) break;
  }
  return { circuits, complete, candidates };
}

/** The row-space vector supported exactly on a circuit: the one-dimensional null space of Z_Sᵀ. */
function circuitVector(
  system: ReducedSystem,
  set: readonly number[],
  zRow: (a: number) => Fraction[],
  nullity: number,
): Fraction[] {
  const vector = new Array<Fraction>(system.atomCount).fill(ZERO);
  if (nullity === 0) {
    vector[set[0]] = ONE; // every singleton is a circuit, so the set is a singleton
    return vector;
  }
  const columns = set.map((a) => zRow(a));
  const m = Array.from({ length: nullity }, (_, j) => columns.map((col) => col[j]));
  const pivots = rref(m, set.length);
  const isPivot = new Set(pivots);
  const free = set.map((_, s) => s).find((s) => !isPivot.has(s))!;
  vector[set[free]] = ONE;
  pivots.forEach((p, t) => {
    vector[set[p]] = neg(m[t][free]);
  });
  return vector;
}

// ---------------------------------------------------------------------------
// Exact rationals

/** p/q in lowest terms with q > 0. */
interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

const ZERO: Fraction = Object.freeze({ num: 0n, den: 1n });
const ONE: Fraction = Object.freeze({ num: 1n, den: 1n });

function integer(n: number): Fraction {
  return { num: BigInt(n), den: 1n };
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function fraction(num: bigint, den: bigint): Fraction {
  if (den === 0n) throw new RangeError(`${FN}: internal error, division by zero`);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (num === 0n) return ZERO;
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

function isZero(a: Fraction): boolean {
  return a.num === 0n;
}

function neg(a: Fraction): Fraction {
  return a.num === 0n ? ZERO : { num: -a.num, den: a.den };
}

function add(a: Fraction, b: Fraction): Fraction {
  if (a.num === 0n) return b;
  if (b.num === 0n) return a;
  if (a.den === 1n && b.den === 1n) return { num: a.num + b.num, den: 1n };
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den);
}

function sub(a: Fraction, b: Fraction): Fraction {
  return add(a, neg(b));
}

function mul(a: Fraction, b: Fraction): Fraction {
  if (a.num === 0n || b.num === 0n) return ZERO;
  if (a.den === 1n && b.den === 1n) return { num: a.num * b.num, den: 1n };
  return fraction(a.num * b.num, a.den * b.den);
}

function div(a: Fraction, b: Fraction): Fraction {
  if (b.num === 0n) throw new RangeError(`${FN}: internal error, division by zero`);
  return mul(a, { num: b.num < 0n ? -b.den : b.den, den: b.num < 0n ? -b.num : b.num });
}

function dot(a: readonly Fraction[], b: readonly Fraction[]): Fraction {
  let s = ZERO;
  for (let i = 0; i < a.length; i++) if (!isZero(a[i]) && !isZero(b[i])) s = add(s, mul(a[i], b[i]));
  return s;
}

/**
 * Reduce `matrix` in place to reduced row echelon form, choosing pivots only
 * in its first `pivotColumns` columns (the rest are carried along, as in
 * [A | I]). Returns the pivot column of each nonzero row, in order.
 */
function rref(matrix: Fraction[][], pivotColumns: number): number[] {
  const pivots: number[] = [];
  const height = matrix.length;
  let r = 0;
  for (let col = 0; col < pivotColumns && r < height; col++) {
    let p = r;
    while (p < height && isZero(matrix[p][col])) p++;
    if (p === height) continue;
    [matrix[r], matrix[p]] = [matrix[p], matrix[r]];
    const pivotRow = matrix[r];
    const scale = pivotRow[col];
    if (!(scale.num === 1n && scale.den === 1n)) {
      for (let j = 0; j < pivotRow.length; j++) if (!isZero(pivotRow[j])) pivotRow[j] = div(pivotRow[j], scale);
    }
    const nonzero: number[] = [];
    for (let j = 0; j < pivotRow.length; j++) if (!isZero(pivotRow[j])) nonzero.push(j);
    for (let i = 0; i < height; i++) {
      if (i === r) continue;
      const factor = matrix[i][col];
      if (isZero(factor)) continue;
      const line = matrix[i];
      for (const j of nonzero) line[j] = sub(line[j], mul(factor, pivotRow[j]));
    }
    pivots.push(col);
    r++;
  }
  return pivots;
}

// ---------------------------------------------------------------------------
// Findings

function finding(f: {
  kind: AuditFindingKind;
  measure: Measure | null;
  statistic: AuditFinding['statistic'];
  groups: readonly string[];
  size: number;
  cells: readonly string[];
  message: string;
}): AuditFinding {
  return Object.freeze({
    ...f,
    groups: Object.freeze([...new Set(f.groups)].sort(compareIds)),
    cells: Object.freeze([...new Set(f.cells)].sort(compareIds)),
  });
}

function findingKey(f: AuditFinding): string {
  return [f.kind, f.measure ?? '', f.statistic ?? '', f.cells.join(','), f.groups.join(','), f.size, f.message].join('\u0000');
}

function dedupe(findings: readonly AuditFinding[]): AuditFinding[] {
  const byKey = new Map<string, AuditFinding>();
  for (const f of findings) if (!byKey.has(findingKey(f))) byKey.set(findingKey(f), f);
  return [...byKey.values()];
}

function compareFindings(a: AuditFinding, b: AuditFinding): number {
  const measureRank = (m: Measure | null) => (m === null ? MEASURES.length : MEASURES.indexOf(m));
  const statisticRank = (s: AuditFinding['statistic']) => (s === 'sum' ? 0 : s === 'levels' ? 1 : s === 'change' ? 2 : 3);
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    measureRank(a.measure) - measureRank(b.measure) ||
    statisticRank(a.statistic) - statisticRank(b.statistic) ||
    compareIds(a.cells.join(','), b.cells.join(',')) ||
    compareIds(a.groups.join(','), b.groups.join(',')) ||
    a.size - b.size ||
    compareIds(a.message, b.message)
  );
}

/** "cell org" or "cells org, t2". */
function cellsPhrase(cells: readonly string[]): string {
  return `${cells.length === 1 ? 'cell' : 'cells'} ${cells.join(', ')}`;
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
