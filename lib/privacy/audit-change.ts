import { studentTQuantile } from '@/lib/stats/distributions';

import type { AuditFinding, AuditReport } from './audit';
import type { ChangeCell, PublishedChangeCell } from './change';
import { compareIds } from './compare-ids';
import { MEASURE_LABELS, MEASURES, type Measure } from './measures';
import {
  PRIMES,
  eliminateSparse,
  leftNullVector,
  mulMod,
  reduceEchelon,
  verifyLeftNullVector,
  type SparseVector,
} from './modular';
import { MIN_K, ORG_GROUP, isPublishedCell, type AggregateCell, type MeasureScore } from './types';

/**
 * The auditor for within-person change (ARCHITECTURE §4 rule 10 applied to §5's paired
 * changes). A change cell links two cycles: Σ over the pairs of (this score − last
 * score). Chained with the cycles' own cells it can isolate, say, one newcomer's score
 * minus one leaver's, one person's own change, or, four cycles later, one person's
 * score. This audits the whole chain of cycles linked by published change cells.
 */

/** One response in one of the linked cycles. `person` links the same person across cycles. */
export interface LinkedRespondent {
  /** An opaque number for the person, the same in every linked cycle; never a user id or key. */
  readonly person: number;
  readonly teamId: string | null;
  /** Can see results now or could then (their answers are known to the insider). The same in every cycle. */
  readonly isViewer: boolean;
  /**
   * Counted in the cycle's published cells and change cells. Set it only when that is
   * certain: a response that was counted but is marked uncounted is modelled as a
   * person who is no longer in the data (conservative); the reverse is not safe.
   */
  readonly isCounted: boolean;
  readonly scores: Readonly<Partial<Record<Measure, MeasureScore>>>;
}

export interface LinkedCycle {
  readonly id: string;
  /** The minimum group size the cycle was published under (`cycles.published_k`); absent = the input's k. */
  readonly k?: number;
  /** Everything published about the cycle's scores, as stored (n included). */
  readonly cells: readonly AggregateCell[];
  /** The cycle's responses as they exist now (erased people are gone). */
  readonly respondents: readonly LinkedRespondent[];
}

export interface ChangeAuditInput {
  /** Today's minimum group size; the audit uses the largest of this and every cycle's k. */
  readonly k: number;
  /**
   * The linked cycles in publication order, oldest first: every cycle reachable from the
   * newest through published change cells, each of which must link a cycle to the one
   * published just before it.
   */
  readonly cycles: readonly LinkedCycle[];
  /** Every change cell published (or about to be) between consecutive cycles of `cycles`. */
  readonly changes: readonly ChangeCell[];
  /** Search nodes per measure before the audit gives up and fails closed (default 200,000). */
  readonly searchLimit?: number;
}

const FN = 'auditChanges';
const NO_TEAM_LABEL = '(no team)';
const SEARCH_LIMIT = 200_000;
/** Components up to this many atoms are always searched, so findings name their smallest groups. */
const SMALL_COMPONENT = 16;
const TOLERANCE = 0.05 + 1e-9;
/** Fail-closed kinds first, then the one more suppression can fix, then rule 9 (as in audit.ts). */
const KIND_ORDER: readonly AuditFinding['kind'][] = ['inconsistent', 'precision', 'small-group', 'homogeneity'];

/**
 * Audit a chain of linked cycles and the within-person changes between them.
 *
 * Threat model as in `audit.ts`: the insider sees every published cell and change cell
 * of the chain and knows every viewer's answers.
 *
 * Variables, per measure: one score per person per cycle, for counted non-viewers with a
 * score ("columns"). Every published cell is a sum over one cycle's columns; every
 * published change cell is Σ(later − earlier) over its pairs, the people counted in two
 * consecutive cycles and reported under their later team. The matrix B has one row per
 * published number and entries 0, ±1; identical columns are merged into atoms (an atom
 * holds distinct people of one cycle). A statistic about a set of columns is derivable
 * iff it is a vector of B's row space, and it concerns the distinct PEOPLE of its support,
 * which can be fewer than its columns (one person's own change, or their score four
 * cycles on: rows are not limited to a window). A finding is a row-space vector whose
 * support holds 1..k − 1 people, k the largest of today's and each cycle's k.
 *
 * People no longer in the data ("phantoms"). Earlier cycles are rebuilt from the
 * responses that exist now, but their stored cells still count people who have since
 * erased their data (and people who have since become viewers, whose answers the
 * auditor can no longer be sure were counted). Per stored cell the deficit is
 *   n − (counted respondents of the cell in the rebuild),
 * and per stored change cell nPairs − (counted pairs rebuilt). A negative deficit, or
 * one that breaks the containments of the data (a missing pair's later score is missing
 * from its team's cell and from the agency's; its earlier score from the earlier
 * agency cell), is `inconsistent`: fail closed. Phantoms are modelled conservatively:
 * - In a mixed statistic (some present people and some phantoms) the phantoms count as
 *   NO people: the finding is judged on the present people alone, as if the phantoms'
 *   scores were known. Fewer counted people can only add findings, never remove one, so
 *   this is safe whoever the phantoms are: erased people, viewers (whose answers are
 *   known), or a person who erased and came back (then the phantom is one of the present
 *   people, and counting it as an extra person would understate the leak). This is
 *   stricter than counting all phantoms as one person, and costs little: phantoms only
 *   exist after an erasure or a promotion.
 * - A statistic with phantoms only counts as ONE person (they may all be one erased
 *   person). It exists iff some phantom column is not in the column space of the present
 *   people's columns (then a combination cancelling every present person keeps it). A
 *   phantom's column is one of finitely many types, fixed by its team, whether it was
 *   paired with the cycle before, and with which team in the cycle after; every type
 *   the deficits allow (each row it would be in has a deficit ≥ 1, and the per-group
 *   differences such as "in the cell but not paired" are ≥ 1) is tested. Testing whole
 *   columns, not one phantom per row, matters: an erased person who was in a published
 *   pair splits into four unrelated phantoms otherwise, whose difference looks like a
 *   leak that is not one, and every later close would withhold its changes.
 *
 * Method, per measure: B over the present people's atoms (phantoms eliminated as known,
 * per the first point) is reduced mod a prime p < 2³¹ (`modular.ts`), pivoting first on
 * atoms with ≥ k people, which can be in no finding. The rows left span
 * R' = {row-space vectors supported on small atoms}; R' = 0 means no finding. Otherwise
 * R' in reduced echelon form splits into components (rows with disjoint supports; every
 * minimal support lies in one), and each component is searched for supports of 1..k − 1
 * people (a large component with fewer than k people in all is a finding by itself, and
 * is reported row by row without a search): a depth-first search grows a set T from each
 * atom (the smallest atom of the support it looks for), adding atoms only where the parity
 * checks H of R' force it (a check touching T once must touch a minimal support through
 * T again) or, when T is closed but independent, through a check it shares with T, and
 * stops at a dependent T. It is complete; past `searchLimit` nodes it stops with a
 * finding of size 0 that says the audit could not finish (fail closed).
 *
 * Why the modular search is exact. Mod p, a rank can only be lower than over ℚ, which
 * could hide a row-space vector. Every row the elimination zeroes gives a left null
 * vector mod p; each is lifted to rationals (rational reconstruction) and checked
 * exactly in BigInt on the integer B. When all lift, they are rows − rank_p independent
 * exact null vectors, so rank_ℚ(B) ≤ rank_p(B) ≤ rank_ℚ(B): the ranks agree. Then for any
 * set T of small atoms: no modular finding means rank_p(B without T) = rank_p(B), and
 * rank_ℚ(B without T) ≥ rank_p(B without T) = rank_ℚ(B), so no rational row-space vector
 * lives on T either. "No leak" is therefore proved, not probable. A modular finding can
 * in principle be spurious (p divides a minor of B without T): that only hides more.
 * The phantom test uses the same exact null vectors, so it is exact too. If the lift
 * fails with the first prime the second is tried; if both fail the measure fails closed.
 *
 * The other published statistics need no search of their own; counts are indicator sums
 * over the same supports. Second moments, proved here because they look like a way in
 * (third review): cells' SDs give Σx² over a cell, change SDs Σ(x' − x)² over a link's
 * pairs = Σx'² + Σx² − 2Σx'x. Their unknowns are each person's squares s(i,t) = x(i,t)²
 * and, per pair, the cross product c(i,t) = x(i,t)·x(i,t+1), so the matrix B₂ has the
 * rows of B with change rows carrying +1, +1, −2 instead of +1, −1. Take a combination of
 * B₂'s rows (λ on cycle t's rows, μ on change rows of link t→t+1) and give B the
 * combination λ' = (−1)ᵗλ, μ' = (−1)ᵗ⁺¹μ: B's coefficient on x(i,t) is (−1)ᵗ times B₂'s on
 * s(i,t), so the two have the same support on squares. (1) If that support is not empty,
 * B's vector concerns a subset of the people of B₂'s: a small B₂ finding is a small B
 * finding. (2) If it is empty, B's combination is zero, so its cycle-row part equals minus
 * its change-row part; for each person i with a nonzero cross term, at the first link t
 * where i's net μ is nonzero, the change part's coefficient on x(i,t) is −μ'ₜ ≠ 0, so that
 * part is a nonzero row-space vector of B on the people of the cross terms: again a B
 * finding if they are fewer than k. So a chain with no finding in B has none in B₂:
 * Σx'x over fewer than k people is never derivable. Driver releases are outside these
 * systems: they publish slopes, CIs and R² of models over ≥ max(30, 10 × predictors)
 * people (never a mean, sum or intercept), rounded to 3 significant digits, released only
 * with ≥ k people new to every earlier release (rule 7). Level breakdowns are per cycle (`audit.ts`). One family is new: a
 * derivable group of pairs whose changes are all equal (an SD of 0) shows each change;
 * the derivable pair groups of a link are its shown cells and the agency's pairs outside
 * the shown teams, and each is checked (`homogeneity`).
 *
 * It also checks each cell and change cell against the data: deficits as above, the mean
 * within 0.05 when nothing is missing, empty cells empty; each change cell's rounding
 * (rule 8) and that it links a cycle to the one before it in `cycles`. A chain that does
 * not fit (a change from a cycle that is not the previous one, as after a backdated
 * cycle, duplicates, a person whose viewer status differs between cycles) is reported as
 * `inconsistent`, never thrown, so the close withholds its change cells.
 *
 * Cost, per measure: building atoms O(R + P) for R responses and P published rows; the
 * sparse elimination, about O(P·w²) for band width w (the rows of a few adjacent
 * cycles); one exact BigInt check per null vector; the search, near-linear in practice
 * and capped. Measured (scripts/bench/audit-chain.ts): all four measures of 24 monthly
 * cycles of a 300-person, 10-team agency in about 45 ms, 48 cycles in about 120 ms.
 * Results are reused per measure while the same chain is audited again (see memoFor).
 *
 * Throws RangeError only for a k that is not an integer ≥ 3 (a caller's bug).
 *
 * @example
 * // k = 5, one team. Cycle 1: G (5 people) + x; cycle 2: G + x + N (5 newcomers);
 * // cycle 3: G + M (5 newcomers); cycle 4: G. Changes published over G + x, G, G.
 * // x's cycle-2 score = (S₁ + C₁₂) − (S₄ − C₃₄ − C₂₃): each three-cycle window is clean.
 * auditChanges({ k: 5, cycles: [c1, c2, c3, c4], changes }).findings[0];
 * // { kind: 'small-group', measure: 'bo', statistic: 'change', size: 1, … }
 */
export function auditChanges(input: ChangeAuditInput): AuditReport {
  const { cycles, changes } = input;
  if (!Number.isInteger(input.k) || input.k < MIN_K) {
    throw new RangeError(`${FN}: minimum group size k must be an integer ≥ ${MIN_K}, got ${String(input.k)}`);
  }
  const structural = checkChain(cycles, changes);
  if (structural.length > 0) return report(structural);
  const k = Math.max(input.k, ...cycles.map((c) => c.k ?? input.k));
  const limit = input.searchLimit ?? SEARCH_LIMIT;
  const results = memoFor(cycles);
  const findings: AuditFinding[] = [];
  for (const measure of MEASURES) {
    const ofMeasure = changes.filter((c) => c.measure === measure);
    const key = JSON.stringify([k, limit, measure, ofMeasure]);
    let result = results.get(key);
    if (result === undefined) results.set(key, (result = auditMeasure(k, measure, cycles, ofMeasure, limit)));
    findings.push(...result);
  }
  return report(findings);
}

/**
 * Per-measure results for one chain. The publication planner audits the same linked
 * cycles again after each extra suppression, which changes one measure's change cells;
 * the other measures' audits are reused. An entry is used only while every cycle,
 * its cells and its respondents are the same objects with the same lengths (inputs are
 * read-only; a caller that edits them in place between calls must pass new arrays).
 */
const memo = new WeakMap<readonly LinkedCycle[], { fingerprint: readonly unknown[]; results: Map<string, readonly AuditFinding[]> }>();

function memoFor(cycles: readonly LinkedCycle[]): Map<string, readonly AuditFinding[]> {
  const fingerprint = cycles.flatMap((c) => [c, c.id, c.k, c.cells, c.cells.length, c.respondents, c.respondents.length]);
  const entry = memo.get(cycles);
  if (entry && entry.fingerprint.length === fingerprint.length && entry.fingerprint.every((x, i) => x === fingerprint[i])) {
    return entry.results;
  }
  const results = new Map<string, readonly AuditFinding[]>();
  memo.set(cycles, { fingerprint, results });
  return results;
}

function report(findings: AuditFinding[]): AuditReport {
  const byKey = new Map<string, AuditFinding>();
  for (const f of findings) {
    const key = [f.kind, f.measure, f.statistic, f.groups.join(','), f.size, f.cells.join(','), f.message].join('\u0000');
    if (!byKey.has(key)) byKey.set(key, f);
  }
  const sorted = [...byKey.values()].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.measure === null ? 4 : MEASURES.indexOf(a.measure)) - (b.measure === null ? 4 : MEASURES.indexOf(b.measure)) ||
      a.size - b.size ||
      compareIds(a.message, b.message),
  );
  return Object.freeze({ ok: sorted.length === 0, findings: Object.freeze(sorted) });
}

function finding(f: Omit<AuditFinding, 'groups' | 'cells'> & { groups: readonly string[]; cells: readonly string[] }): AuditFinding {
  return Object.freeze({
    ...f,
    groups: Object.freeze([...new Set(f.groups)].sort(compareIds)),
    cells: Object.freeze([...new Set(f.cells)].sort(compareIds)),
  });
}

function inconsistent(measure: Measure | null, cells: readonly string[], message: string): AuditFinding {
  return finding({ kind: 'inconsistent', measure, statistic: 'change', groups: [], size: 0, cells, message });
}

const isStatusUnknown = (r: LinkedRespondent) => r.isCounted && !r.isViewer;

// ---------------------------------------------------------------------------
// The chain's shape

function checkChain(cycles: readonly LinkedCycle[], changes: readonly ChangeCell[]): AuditFinding[] {
  const out: AuditFinding[] = [];
  if (!Array.isArray(cycles) || !Array.isArray(changes)) {
    return [inconsistent(null, [], 'The linked cycles or change cells are missing, so the chain cannot be checked.')];
  }
  const index = new Map<string, number>();
  const status = new Map<number, boolean>();
  cycles.forEach((cycle, i) => {
    if (typeof cycle?.id !== 'string' || cycle.id.length === 0 || index.has(cycle.id)) {
      out.push(inconsistent(null, [], `Linked cycle ${i} has a missing or repeated id.`));
      return;
    }
    index.set(cycle.id, i);
    if (cycle.k !== undefined && !(Number.isInteger(cycle.k) && cycle.k >= MIN_K)) {
      out.push(inconsistent(null, [cycle.id], `Cycle ${cycle.id} has an invalid k ${String(cycle.k)}.`));
    }
    const cellKeys = new Set<string>();
    for (const cell of cycle.cells) {
      const key = `${cell.group}\u0000${cell.measure}`;
      if (cell.cycle !== cycle.id || cellKeys.has(key)) {
        out.push(inconsistent(cell.measure, [`${cell.group}@${cycle.id}`], `Cycle ${cycle.id} has a cell from another cycle or a repeated cell.`));
      }
      cellKeys.add(key);
    }
    const people = new Set<number>();
    for (const r of cycle.respondents) {
      if (people.has(r.person)) out.push(inconsistent(null, [cycle.id], `Cycle ${cycle.id} has two responses from one person.`));
      people.add(r.person);
      const unknown = isStatusUnknown(r);
      if (status.has(r.person) && status.get(r.person) !== unknown) {
        out.push(inconsistent(null, [cycle.id], 'A person is counted as a non-viewer in one linked cycle and not in another.'));
      }
      status.set(r.person, unknown);
    }
  });
  const changeKeys = new Set<string>();
  for (const c of changes) {
    const where = `${c.group}@${c.previousCycle}→${c.cycle}`;
    const later = index.get(c.cycle);
    const earlier = index.get(c.previousCycle);
    if (later === undefined || earlier === undefined || later !== earlier + 1) {
      out.push(
        inconsistent(
          c.measure,
          [where],
          `The change ${where} does not link a cycle to the one published just before it in the chain (for example after a backdated cycle), so the chain cannot be checked.`,
        ),
      );
    }
    const key = `${c.group}\u0000${c.measure}\u0000${c.cycle}`;
    if (changeKeys.has(key)) out.push(inconsistent(c.measure, [where], `The change ${where} is published twice.`));
    changeKeys.add(key);
  }
  return out;
}

// ---------------------------------------------------------------------------
// One measure

interface Present {
  readonly person: number;
  readonly teamId: string | null;
  readonly value: number;
  /** A counted non-viewer: an unknown to the insider. */
  readonly isUnknown: boolean;
}

/** A published row: a cell of one cycle or a change cell of one link. */
interface Row {
  readonly label: string;
  /** Stored n (or nPairs) minus the counted responses (pairs) rebuilt from the data now. */
  readonly deficit: number;
}

interface Atom {
  /** Signed row incidence, sorted by row. */
  readonly entries: readonly (readonly [number, number])[];
  readonly columns: { person: number; cycle: number; label: string }[];
  readonly people: number[];
}

function auditMeasure(
  k: number,
  measure: Measure,
  cycles: readonly LinkedCycle[],
  changes: readonly ChangeCell[],
  limit: number,
): AuditFinding[] {
  const label = MEASURE_LABELS[measure];
  const faults: AuditFinding[] = [];
  const findings: AuditFinding[] = [];

  // Counted responses with a score, per cycle, by person.
  const present = cycles.map((cycle) => {
    const byPerson = new Map<number, Present>();
    for (const r of cycle.respondents) {
      const value = r.scores[measure]?.value;
      if (!r.isCounted || typeof value !== 'number') continue;
      byPerson.set(r.person, { person: r.person, teamId: r.teamId, value, isUnknown: !r.isViewer });
    }
    return byPerson;
  });
  // Count and sum per group (agency and teams): of each cycle's counted scores, and of each
  // link's counted pairs (under the later team). One pass each, not one per cell.
  const tally = (into: Map<string, { count: number; sum: number }>, group: string, value: number) => {
    const t = into.get(group);
    if (t) {
      t.count += 1;
      t.sum += value;
    } else into.set(group, { count: 1, sum: value });
  };
  const cellTallies = present.map((byPerson) => {
    const t = new Map<string, { count: number; sum: number }>();
    for (const p of byPerson.values()) {
      tally(t, ORG_GROUP, p.value);
      if (p.teamId !== null) tally(t, p.teamId, p.value);
    }
    return t;
  });
  const pairTallies = present.map((byPerson, i) => {
    const t = new Map<string, { count: number; sum: number }>();
    if (i === 0) return t;
    for (const [person, after] of byPerson) {
      const before = present[i - 1]!.get(person);
      if (!before) continue;
      tally(t, ORG_GROUP, after.value - before.value);
      if (after.teamId !== null) tally(t, after.teamId, after.value - before.value);
    }
    return t;
  });
  const index = new Map(cycles.map((c, i) => [c.id, i]));

  const rows: Row[] = [];
  // cellRows[i]: group → row index of cycle i's published cells; linkRows[i]: of changes (i − 1 → i).
  const cellRows = cycles.map(() => new Map<string, number>());
  const linkRows = cycles.map(() => new Map<string, number>());

  cycles.forEach((cycle, i) => {
    for (const cell of cycle.cells) {
      if (cell.measure !== measure) continue;
      const where = `${cell.group}@${cycle.id}`;
      const members = cellTallies[i]!.get(cell.group) ?? { count: 0, sum: 0 };
      if (cell.suppressed !== null) {
        if (cell.n !== null || cell.mean !== null) faults.push(inconsistent(measure, [where], `The suppressed ${label} cell ${where} carries numbers.`));
        continue;
      }
      if (!isPublishedCell(cell)) {
        if (members.count > 0) faults.push(inconsistent(measure, [where], `The ${label} cell ${where} says n = 0 but the group has counted responses.`));
        continue;
      }
      const deficit = cell.n - members.count;
      if (deficit < 0 || (deficit === 0 && !meanMatches(members, cell.mean))) {
        faults.push(inconsistent(measure, [where], `The ${label} cell ${where} does not match the responses it summarizes.`));
        continue;
      }
      cellRows[i]!.set(cell.group, rows.length);
      rows.push({ label: where, deficit });
    }
  });

  for (const change of changes) {
    const later = index.get(change.cycle)!;
    const where = `${change.group}@${change.previousCycle}→${change.cycle}`;
    if (change.suppressed !== null) continue;
    if (!isPrecise(change)) {
      findings.push(
        finding({
          kind: 'precision', measure, statistic: 'change', groups: [], size: 0, cells: [where],
          message: `The ${label} change ${where} is not rounded as rule 8 requires, its CI does not follow from its rounded mean and SD, or its SD is 0.`,
        }),
      );
    }
    const pairs = pairTallies[later]!.get(change.group) ?? { count: 0, sum: 0 };
    const deficit = change.nPairs - pairs.count;
    if (deficit < 0 || (deficit === 0 && !meanMatches(pairs, change.meanChange))) {
      faults.push(inconsistent(measure, [where], `The ${label} change ${where} does not match the responses it summarizes.`));
      continue;
    }
    linkRows[later]!.set(change.group, rows.length);
    rows.push({ label: where, deficit });
  }

  // Containments a whole missing person obeys (erasure removes all of a person's responses).
  for (let i = 1; i < cycles.length; i++) {
    for (const [group, r] of linkRows[i]!) {
      const sameCell = cellRows[i]!.get(group);
      if (sameCell !== undefined && rows[r]!.deficit > rows[sameCell]!.deficit) {
        faults.push(inconsistent(measure, [rows[r]!.label, rows[sameCell]!.label], `The ${label} change ${rows[r]!.label} misses more pairs than its group's cell misses responses.`));
      }
    }
    const orgLink = linkRows[i]!.get(ORG_GROUP);
    const orgBefore = cellRows[i - 1]!.get(ORG_GROUP);
    if (orgLink !== undefined && orgBefore !== undefined && rows[orgLink]!.deficit > rows[orgBefore]!.deficit) {
      faults.push(inconsistent(measure, [rows[orgLink]!.label, rows[orgBefore]!.label], `The ${label} change ${rows[orgLink]!.label} misses more pairs than the earlier agency cell misses responses.`));
    }
  }
  if (faults.length > 0) return [...faults, ...findings];
  if (rows.length === 0) return findings;

  // Columns of the present unknowns, merged into atoms by their signed row incidence. A
  // column's incidence depends only on its cycle, team, whether it pairs back, and the team
  // it pairs forward into, so columns are first grouped by that, and the incidence is
  // built once per group.
  const atomsByKey = new Map<string, Atom>();
  cycles.forEach((_, i) => {
    const byType = new Map<string | null, Map<boolean, Map<string | null | undefined, Present[]>>>();
    for (const p of present[i]!.values()) {
      if (!p.isUnknown) continue;
      const isBack = i > 0 && present[i - 1]!.has(p.person);
      const next = i + 1 < cycles.length ? present[i + 1]!.get(p.person) : undefined;
      // undefined: no forward pair; null: paired forward with no team.
      const fwdTeam = next === undefined ? undefined : next.teamId;
      let a = byType.get(p.teamId);
      if (!a) byType.set(p.teamId, (a = new Map()));
      let b = a.get(isBack);
      if (!b) a.set(isBack, (b = new Map()));
      const list = b.get(fwdTeam);
      if (list) list.push(p);
      else b.set(fwdTeam, [p]);
    }
    for (const [teamId, a] of byType) {
      for (const [isBack, b] of a) {
        for (const [fwdTeam, members] of b) {
          const entries: [number, number][] = [];
          const add = (r: number | undefined, sign: number) => {
            if (r !== undefined) entries.push([r, sign]);
          };
          add(cellRows[i]!.get(ORG_GROUP), 1);
          if (teamId !== null) add(cellRows[i]!.get(teamId), 1);
          if (isBack) {
            add(linkRows[i]!.get(ORG_GROUP), 1);
            if (teamId !== null) add(linkRows[i]!.get(teamId), 1);
          }
          if (fwdTeam !== undefined) {
            add(linkRows[i + 1]!.get(ORG_GROUP), -1);
            if (fwdTeam !== null) add(linkRows[i + 1]!.get(fwdTeam), -1);
          }
          if (entries.length === 0) continue;
          entries.sort((x, y) => x[0] - y[0]);
          const key = entries.map(([r, sign]) => (sign > 0 ? r : -r - 1)).join(',');
          let atom = atomsByKey.get(key);
          if (!atom) atomsByKey.set(key, (atom = { entries, columns: [], people: [] }));
          const label = teamId ?? NO_TEAM_LABEL;
          for (const m of members) atom.columns.push({ person: m.person, cycle: i, label });
        }
      }
    }
  });
  const atoms = [...atomsByKey.values()];
  for (const atom of atoms) {
    // One column per person per cycle, so an atom of one cycle has distinct people.
    const cyclesOf = new Set(atom.columns.map((c) => c.cycle));
    atom.people.push(...(cyclesOf.size === 1 ? atom.columns.map((c) => c.person) : new Set(atom.columns.map((c) => c.person))));
  }
  // Atoms were created cycle by cycle, so their indexes follow the chain: pivoting in this
  // order keeps the elimination banded.
  const order = atoms.map((_, a) => a);
  const large = order.filter((a) => atoms[a]!.people.length >= k);
  const small = order.filter((a) => atoms[a]!.people.length < k);

  const integerRows: [number, number][][] = rows.map(() => []);
  atoms.forEach((atom, a) => {
    for (const [r, s] of atom.entries) integerRows[r]!.push([a, s]);
  });

  const allCells = rows.map((r) => r.label);
  const budget = k - 1;
  let certified: { p: number; nullVectors: Map<number, bigint>[]; reduced: SparseVector[]; pivots: number[] } | null = null;
  for (const p of PRIMES) {
    const elimination = eliminateSparse(integerRows, [large, small], p);
    const nullVectors: Map<number, bigint>[] = [];
    let isExact = true;
    for (const z of elimination.zeroRows) {
      const lifted = verifyLeftNullVector(elimination.transforms[z]!, integerRows, p);
      if (lifted === null) {
        isExact = false;
        break;
      }
      nullVectors.push(lifted);
    }
    if (!isExact) continue;
    const phase = elimination.phases[1]!;
    certified = { p, nullVectors, reduced: reduceEchelon(elimination.rows, phase, p), pivots: phase.map((q) => q.column) };
    break;
  }
  if (certified === null) {
    return [
      finding({
        kind: 'small-group', measure, statistic: 'change', groups: [], size: 0, cells: allCells,
        message: `The audit of the ${label} changes could not be verified exactly, so a statistic about fewer than k = ${k} people cannot be ruled out.`,
      }),
    ];
  }

  // Present people: minimal supports of R' with 1..k − 1 people.
  const search = searchSmallSupports(certified.reduced, certified.pivots, (a) => atoms[a]!.people, budget, certified.p, limit);
  for (const support of search.supports) {
    const people = new Set(support.flatMap((a) => atoms[a]!.people));
    const groups = support.flatMap((a) => atoms[a]!.columns.map((c) => c.label));
    const cells = support.flatMap((a) => atoms[a]!.entries.map(([r]) => rows[r]!.label));
    findings.push(
      finding({
        kind: 'small-group', measure, statistic: 'change', groups, size: people.size, cells,
        message:
          `From the published ${label} results and changes (${cells.length === 1 ? 'cell' : 'cells'} ${[...new Set(cells)].sort(compareIds).join(', ')}), ` +
          `a viewer can work out a statistic about ${people.size} non-viewer ${people.size === 1 ? 'person' : 'people'} ` +
          `(${[...new Set(groups)].sort(compareIds).join(', ')}), fewer than k = ${k}.`,
      }),
    );
  }
  if (!search.complete) {
    findings.push(
      finding({
        kind: 'small-group', measure, statistic: 'change', groups: [], size: 0, cells: allCells,
        message: `The audit of the ${label} changes could not finish (more than ${limit.toLocaleString('en-US')} steps), so a statistic about fewer than k = ${k} people cannot be ruled out.`,
      }),
    );
  }

  // Phantoms: a type of missing column outside the present people's column space.
  for (const type of phantomTypes(cycles.length, rows, cellRows, linkRows)) {
    const exposed = certified.nullVectors.some((c) => {
      let s = 0n;
      for (const [r, sign] of type.entries) {
        const v = c.get(r);
        if (v !== undefined) s += sign > 0 ? v : -v;
      }
      return s !== 0n;
    });
    if (!exposed) continue;
    const cells = type.entries.map(([r]) => rows[r]!.label);
    findings.push(
      finding({
        kind: 'small-group', measure, statistic: 'change', groups: type.groups, size: 1, cells,
        message:
          `From the published ${label} results and changes (cells ${[...new Set(cells)].sort(compareIds).join(', ')}), a viewer can work out a statistic ` +
          `about people who are counted in them but whose responses are no longer in the data (for example after an erasure).`,
      }),
    );
  }

  // Rule 9 for changes: a derivable group of pairs whose changes are all equal.
  for (let i = 1; i < cycles.length; i++) {
    const orgRow = linkRows[i]!.get(ORG_GROUP);
    if (orgRow === undefined) continue;
    const shownTeams = new Set([...linkRows[i]!.keys()].filter((g) => g !== ORG_GROUP));
    const rest: number[] = [];
    for (const [person, after] of present[i]!) {
      const before = present[i - 1]!.get(person);
      if (!before || !after.isUnknown || (after.teamId !== null && shownTeams.has(after.teamId))) continue;
      rest.push(after.value - before.value);
    }
    if (rest.length >= 2 && rest.every((d) => d === rest[0])) {
      findings.push(
        finding({
          kind: 'homogeneity', measure, statistic: 'change', groups: [NO_TEAM_LABEL], size: rest.length, cells: [rows[orgRow]!.label],
          message: `From the published ${label} changes of ${cycles[i]!.id}, a viewer can work out the change of ${rest.length} people outside the shown teams, who all changed by the same amount, and so each one's change.`,
        }),
      );
    }
  }
  return findings;
}

function meanMatches({ count, sum }: { count: number; sum: number }, published: number): boolean {
  return count > 0 && Math.abs(sum / count - published) <= TOLERANCE;
}

/** t(0.975, df), memoized: the same few degrees of freedom recur at every close. */
const tQuantiles = new Map<number, number>();
function t975(df: number): number {
  let t = tQuantiles.get(df);
  if (t === undefined) tQuantiles.set(df, (t = studentTQuantile(0.975, df)));
  return t;
}

/** Rule 8 on a change cell: one decimal, whole-point SD below 5 pairs, the CI from the rounded values, SD > 0. */
function isPrecise(change: PublishedChangeCell): boolean {
  const tenth = (x: number) => Math.abs(x * 10 - Math.round(x * 10)) < 1e-9;
  const half = change.nPairs >= 2 ? t975(change.nPairs - 1) * (change.sdChange / Math.sqrt(change.nPairs)) : 0;
  return (
    [change.meanChange, change.ci95[0], change.ci95[1]].every(tenth) &&
    (change.nPairs < 5 ? Number.isInteger(change.sdChange) : tenth(change.sdChange)) &&
    Math.abs(Math.round((change.meanChange - half) * 10) / 10 - change.ci95[0]) < 1e-9 &&
    Math.abs(Math.round((change.meanChange + half) * 10) / 10 - change.ci95[1]) < 1e-9 &&
    change.sdChange > 0
  );
}

// ---------------------------------------------------------------------------
// Phantom types

const OTHER = '\u0000other';
const NONE = '\u0000none';

/**
 * Every column a missing person could have in cycle i that the deficits allow: team t
 * (a team with a published cell or change at i, or OTHER: none of them), paired back or
 * not, paired forward into team t' (or OTHER) or not. Necessary conditions only, so the
 * set is a superset of the true types: conservative.
 */
function phantomTypes(
  cycleCount: number,
  rows: readonly Row[],
  cellRows: readonly ReadonlyMap<string, number>[],
  linkRows: readonly ReadonlyMap<string, number>[],
): { entries: [number, number][]; groups: string[] }[] {
  const out: { entries: [number, number][]; groups: string[] }[] = [];
  const deficit = (r: number | undefined) => (r === undefined ? undefined : rows[r]!.deficit);
  const teamsOf = (m: ReadonlyMap<string, number>) => [...m.keys()].filter((g) => g !== ORG_GROUP);
  const restOf = (m: ReadonlyMap<string, number>) => {
    const org = deficit(m.get(ORG_GROUP));
    return org === undefined ? undefined : org - teamsOf(m).reduce((s, g) => s + rows[m.get(g)!]!.deficit, 0);
  };
  const isPossible = (d: number | undefined) => d === undefined || d >= 1;
  const empty = new Map<string, number>();
  for (let i = 0; i < cycleCount; i++) {
    const cells = cellRows[i]!;
    const back = i > 0 ? linkRows[i]! : empty;
    const fwd = i + 1 < cycleCount ? linkRows[i + 1]! : empty;
    const dOrg = deficit(cells.get(ORG_GROUP));
    if (dOrg === 0) continue; // nobody is missing from this cycle
    const teams = [...new Set([...teamsOf(cells), ...teamsOf(back)]), OTHER];
    const backChoices = back.size > 0 ? [false, true] : [false];
    const fwdChoices = fwd.size > 0 ? [NONE, ...teamsOf(fwd), OTHER] : [NONE];
    for (const t of teams) {
      const dCell = t === OTHER ? restOf(cells) : deficit(cells.get(t));
      if (!isPossible(dOrg) || !isPossible(dCell)) continue;
      for (const isBack of backChoices) {
        const dBackOrg = deficit(back.get(ORG_GROUP));
        const dBack = t === OTHER ? restOf(back) : deficit(back.get(t));
        if (isBack) {
          if (!isPossible(dBackOrg) || !isPossible(dBack)) continue;
        } else {
          if (t !== OTHER && dCell !== undefined && dBack !== undefined && !isPossible(dCell - dBack)) continue;
          if (dOrg !== undefined && dBackOrg !== undefined && !isPossible(dOrg - dBackOrg)) continue;
        }
        for (const f of fwdChoices) {
          const dFwdOrg = deficit(fwd.get(ORG_GROUP));
          if (f === NONE) {
            if (dOrg !== undefined && dFwdOrg !== undefined && !isPossible(dOrg - dFwdOrg)) continue;
          } else {
            const dFwd = f === OTHER ? restOf(fwd) : deficit(fwd.get(f));
            if (!isPossible(dFwdOrg) || !isPossible(dFwd)) continue;
          }
          const entries: [number, number][] = [];
          const add = (r: number | undefined, sign: number) => {
            if (r !== undefined) entries.push([r, sign]);
          };
          add(cells.get(ORG_GROUP), 1);
          if (t !== OTHER) add(cells.get(t), 1);
          if (isBack) {
            add(back.get(ORG_GROUP), 1);
            if (t !== OTHER) add(back.get(t), 1);
          }
          if (f !== NONE) {
            add(fwd.get(ORG_GROUP), -1);
            if (f !== OTHER) add(fwd.get(f), -1);
          }
          if (entries.length === 0) continue;
          const label = (g: string) => (g === OTHER || g === NONE ? NO_TEAM_LABEL : g);
          out.push({ entries, groups: f === NONE ? [label(t)] : [label(t), label(f)] });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Small supports of R'

/**
 * Supports of 1..budget people among the vectors of R' (given in reduced echelon form:
 * `reduced[t]` has 1 at atom `pivots[t]` and 0 at the other pivots). Each support
 * returned is the support of a vector of R' (not necessarily minimal, but within the
 * budget); every minimal support within the budget is contained in one returned, or
 * `complete` is false.
 */
function searchSmallSupports(
  reduced: readonly SparseVector[],
  pivots: readonly number[],
  peopleOf: (atom: number) => readonly number[],
  budget: number,
  p: number,
  limit: number,
): { supports: number[][]; complete: boolean } {
  const supports = new Map<string, number[]>();
  const record = (atoms: readonly number[]) => {
    const sorted = [...atoms].sort((a, b) => a - b);
    supports.set(sorted.join(','), sorted);
  };
  if (reduced.length === 0) return { supports: [], complete: true };

  // Components: rows whose supports overlap, transitively.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const up = parent.get(y)!;
      parent.set(y, root);
      y = up;
    }
    return root;
  };
  for (const row of reduced) {
    let first: number | undefined;
    for (const a of row.keys()) {
      if (!parent.has(a)) parent.set(a, a);
      if (first === undefined) first = a;
      else {
        const [x, y] = [find(first), find(a)];
        if (x !== y) parent.set(x, y);
      }
    }
  }
  const components = new Map<number, number[]>();
  reduced.forEach((row, t) => {
    const root = find(row.keys().next().value!);
    const list = components.get(root) ?? [];
    list.push(t);
    components.set(root, list);
  });

  let nodes = 0;
  for (const rowIds of components.values()) {
    const atoms = [...new Set(rowIds.flatMap((t) => [...reduced[t]!.keys()]))].sort((a, b) => a - b);
    const everyone = new Set(atoms.flatMap((a) => [...peopleOf(a)]));
    if (everyone.size <= budget && atoms.length > SMALL_COMPONENT) {
      // Every vector here is about fewer than k people; each row is a minimal support
      // (not necessarily the one with fewest people, which only a search would name).
      for (const t of rowIds) record([...reduced[t]!.keys()]);
      continue;
    }
    const pivotRowOf = new Map<number, number>();
    for (const t of rowIds) pivotRowOf.set(pivots[t]!, t);
    // Parity checks of R' in this component: for each non-pivot j, e_j − Σ_t R[t][j]·e_{pivot t}.
    const rowsOfAtom = new Map<number, number[]>();
    for (const t of rowIds) for (const a of reduced[t]!.keys()) if (!pivotRowOf.has(a)) (rowsOfAtom.get(a) ?? rowsOfAtom.set(a, []).get(a)!).push(t);
    const checks: number[][] = [];
    const checksOf = new Map<number, number[]>(atoms.map((a) => [a, []]));
    for (const [j, ts] of rowsOfAtom) {
      const members = [j, ...ts.map((t) => pivots[t]!)];
      for (const a of members) checksOf.get(a)!.push(checks.length);
      checks.push(members);
    }

    /** A support inside T of a nonzero vector of R', or null. */
    const dependentSupport = (inT: ReadonlySet<number>): number[] | null => {
      const q = [...inT].filter((a) => pivotRowOf.has(a)).map((a) => pivotRowOf.get(a)!);
      if (q.length === 0) return null;
      const outside = [...new Set(q.flatMap((t) => [...reduced[t]!.keys()]))].filter((j) => !inT.has(j));
      const matrix = q.map((t) => outside.map((j) => reduced[t]!.get(j) ?? 0));
      const lambda = outside.length === 0 ? q.map((_, s) => (s === 0 ? 1 : 0)) : leftNullVector(matrix, p);
      if (lambda === null) return null;
      const v = new Map<number, number>();
      q.forEach((t, s) => {
        if (lambda[s] === 0) return;
        for (const [j, x] of reduced[t]!) v.set(j, ((v.get(j) ?? 0) + mulMod(lambda[s]!, x, p)) % p);
      });
      return [...v].filter(([, x]) => x !== 0).map(([j]) => j);
    };

    const seen = new Set<string>();
    for (const root of atoms) {
      const inT = new Set<number>([root]);
      const count = new Map<number, number>();
      const addPeople = (a: number, d: number) => {
        for (const person of peopleOf(a)) {
          const c = (count.get(person) ?? 0) + d;
          if (c === 0) count.delete(person);
          else count.set(person, c);
        }
      };
      const costWith = (a: number) => count.size + peopleOf(a).filter((x) => !count.has(x)).length;
      addPeople(root, 1);
      const visit = (): boolean => {
        const key = [...inT].sort((a, b) => a - b).join(',');
        if (seen.has(key)) return true;
        seen.add(key);
        if (++nodes > limit) return false;
        const support = dependentSupport(inT);
        if (support !== null) {
          record(support);
          return true;
        }
        const eligible = (a: number) => a > root && !inT.has(a) && costWith(a) <= budget;
        // A check touching T once must be touched again by any minimal support through T.
        let forced: number[] | null = null;
        for (const a of inT) {
          for (const h of checksOf.get(a)!) {
            let touching = 0;
            for (const b of checks[h]!) if (inT.has(b)) touching++;
            if (touching !== 1) continue;
            const options = checks[h]!.filter(eligible);
            if (forced === null || options.length < forced.length) forced = options;
          }
        }
        let options: number[];
        if (forced !== null) options = forced;
        else {
          // Closed but independent: a minimal support through T shares a check with T.
          const near = new Set<number>();
          for (const a of inT) for (const h of checksOf.get(a)!) for (const b of checks[h]!) if (eligible(b)) near.add(b);
          options = [...near].sort((a, b) => a - b);
        }
        for (const a of options) {
          inT.add(a);
          addPeople(a, 1);
          const go = visit();
          addPeople(a, -1);
          inT.delete(a);
          if (!go) return false;
        }
        return true;
      };
      if (!visit()) return { supports: [...supports.values()], complete: false };
    }
  }
  return { supports: [...supports.values()], complete: true };
}
