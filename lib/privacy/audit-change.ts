import { studentTQuantile } from '@/lib/stats/distributions';

import { findIsolatableSets, type AuditFinding, type AuditReport } from './audit';
import type { ChangeCell } from './change';
import { compareIds } from './compare-ids';
import { MEASURE_LABELS, MEASURES, type Measure } from './measures';
import { MIN_K, ORG_GROUP, isPublishedCell, type AggregateCell, type MeasureScore } from './types';

/**
 * The auditor for within-person change (ARCHITECTURE §4 rule 10 applied to §5's paired
 * changes). A change cell links two cycles: Σ over the pairs of (this score − last
 * score). Together with both cycles' cells it could isolate, say, one newcomer's score
 * minus one leaver's, or one person's own change. This audits the linked system.
 */

/** One response in one of the linked cycles. `person` links the same person across cycles. */
export interface LinkedRespondent {
  /** An opaque number for the person, the same in every linked cycle; never a user id or key. */
  readonly person: number;
  readonly teamId: string | null;
  readonly isViewer: boolean;
  readonly isCounted: boolean;
  readonly scores: Readonly<Partial<Record<Measure, MeasureScore>>>;
}

export interface LinkedCycle {
  readonly id: string;
  /** Everything published about the cycle's scores. */
  readonly cells: readonly AggregateCell[];
  readonly respondents: readonly LinkedRespondent[];
}

export interface ChangeAuditInput {
  readonly k: number;
  /** Consecutive cycles, oldest first (two or three). */
  readonly cycles: readonly LinkedCycle[];
  /** Published change cells between consecutive cycles of `cycles` (cell.previousCycle → cell.cycle). */
  readonly changes: readonly ChangeCell[];
}

const FN = 'auditChanges';

/**
 * Audit the linked cycles and their within-person changes.
 *
 * Method, per measure: the variables are one score per person per cycle (counted,
 * non-viewer, scored); viewers' scores are known and eliminated. Every published cell is
 * a sum over one cycle's variables; every change cell is Σ(later − earlier) over its
 * pairs. Negating the variables of every other cycle (and the rows that then come out
 * negative) makes every row a 0/1 sum without changing the row space, so the exact
 * small-support search of `audit.ts` applies. An atom (identical columns) holds scores
 * of distinct people from one cycle, but a set of atoms can hold two scores of the
 * same person (their own change), so the search runs up to 2(k − 1) scores and a set
 * is a finding when it covers 1..k − 1 distinct people.
 *
 * It also checks each change cell against the data: n pairs, and the mean within
 * 0.05 of the true mean change; and rule 8 (one decimal). Inconsistencies fail closed.
 *
 * Cost: as `audit.ts`, over (cycles × groups + changes) rows and at most
 * cycles × (groups + 1) atoms per measure.
 */
export function auditChanges(input: ChangeAuditInput): AuditReport {
  const { k, cycles, changes } = input;
  if (!Number.isInteger(k) || k < MIN_K) throw new RangeError(`${FN}: minimum group size k must be an integer ≥ ${MIN_K}, got ${String(k)}`);
  if (cycles.length < 2) throw new RangeError(`${FN}: needs at least two linked cycles`);
  const index = new Map(cycles.map((c, i) => [c.id, i]));
  for (const c of changes) {
    const later = index.get(c.cycle);
    const earlier = index.get(c.previousCycle);
    if (later === undefined || earlier === undefined || later !== earlier + 1) {
      throw new RangeError(`${FN}: change cell ${c.group}/${c.measure} does not link two consecutive given cycles`);
    }
  }

  const findings: AuditFinding[] = [];
  for (const measure of MEASURES) {
    findings.push(...auditMeasure(k, measure, cycles, changes.filter((c) => c.measure === measure)));
  }
  findings.sort((a, b) => a.kind.localeCompare(b.kind) || compareIds(a.measure ?? '', b.measure ?? '') || a.message.localeCompare(b.message));
  return Object.freeze({ ok: findings.length === 0, findings: Object.freeze(findings) });
}

interface Column {
  readonly person: number;
  readonly cycle: number;
  readonly teamId: string | null;
  readonly isViewer: boolean;
  readonly value: number;
}

function auditMeasure(k: number, measure: Measure, cycles: readonly LinkedCycle[], changes: readonly ChangeCell[]): AuditFinding[] {
  const label = MEASURE_LABELS[measure];
  const findings: AuditFinding[] = [];
  // Columns: one per counted, scored response per cycle.
  const columns: Column[] = [];
  const byCyclePerson = cycles.map(() => new Map<number, Column>());
  cycles.forEach((cycle, ci) => {
    for (const r of cycle.respondents) {
      const value = r.scores[measure]?.value;
      if (!r.isCounted || typeof value !== 'number') continue;
      const col = { person: r.person, cycle: ci, teamId: r.teamId, isViewer: r.isViewer, value };
      columns.push(col);
      byCyclePerson[ci]!.set(r.person, col);
    }
  });

  // Rows: published cells of each cycle, then the published change cells.
  const rows: { label: string; members: Set<Column> }[] = [];
  cycles.forEach((cycle, ci) => {
    for (const cell of cycle.cells) {
      if (cell.measure !== measure || !isPublishedCell(cell)) continue;
      const members = new Set(columns.filter((c) => c.cycle === ci && (cell.group === ORG_GROUP || c.teamId === cell.group)));
      rows.push({ label: `${cell.group}@${cycle.id}`, members });
    }
  });
  for (const change of changes) {
    if (change.suppressed !== null) continue;
    const later = cycles.findIndex((c) => c.id === change.cycle);
    const members = new Set<Column>();
    const diffs: number[] = [];
    let viewerPairs = 0;
    for (const [person, after] of byCyclePerson[later]!) {
      const before = byCyclePerson[later - 1]!.get(person);
      if (!before || (change.group !== ORG_GROUP && after.teamId !== change.group)) continue;
      if (after.isViewer || before.isViewer) {
        viewerPairs += 1;
        continue;
      }
      members.add(after);
      members.add(before);
      diffs.push(after.value - before.value);
    }
    const where = `${change.group}@${change.previousCycle}→${change.cycle}`;
    const tenth = (x: number) => Math.abs(x * 10 - Math.round(x * 10)) < 1e-9;
    const half = change.nPairs >= 2 ? studentTQuantile(0.975, change.nPairs - 1) * (change.sdChange / Math.sqrt(change.nPairs)) : 0;
    const precise =
      [change.meanChange, change.ci95[0], change.ci95[1]].every(tenth) &&
      (change.nPairs < 5 ? Number.isInteger(change.sdChange) : tenth(change.sdChange)) &&
      Math.abs(Math.round((change.meanChange - half) * 10) / 10 - change.ci95[0]) < 1e-9 &&
      Math.abs(Math.round((change.meanChange + half) * 10) / 10 - change.ci95[1]) < 1e-9 &&
      change.sdChange > 0;
    const mean = diffs.length ? diffs.reduce((s, d) => s + d, 0) / diffs.length : Number.NaN;
    if (!precise) {
      findings.push(
        fault('precision', measure, where, `The ${label} change ${where} is not rounded as rule 8 requires, its CI does not follow from its rounded mean and SD, or its SD is 0.`),
      );
    }
    if (viewerPairs > 0 || diffs.length !== change.nPairs || !(Math.abs(mean - change.meanChange) <= 0.05 + 1e-9)) {
      findings.push(fault('inconsistent', measure, where, `The ${label} change ${where} does not match the responses it summarizes.`));
      continue;
    }
    rows.push({ label: where, members });
  }
  if (rows.length === 0) return findings;

  // Atoms of non-viewer columns; viewer columns are known and drop out.
  const patterns = new Map<string, { rows: number[]; columns: Column[] }>();
  for (const col of columns) {
    if (col.isViewer) continue;
    const memberOf = rows.flatMap((r, i) => (r.members.has(col) ? [i] : []));
    if (memberOf.length === 0) continue;
    const key = memberOf.join(',');
    const atom = patterns.get(key) ?? { rows: memberOf, columns: [] };
    atom.columns.push(col);
    patterns.set(key, atom);
  }
  const atoms = [...patterns.values()];
  if (atoms.length === 0) return findings;
  const { sets, complete } = findIsolatableSets({
    rowCount: rows.length,
    atoms: atoms.map((a) => a.rows),
    multiplicities: atoms.map((a) => a.columns.length),
    k,
    budget: 2 * (k - 1),
  });
  for (const set of sets) {
    const people = new Set(set.flatMap((a) => atoms[a]!.columns.map((c) => c.person)));
    if (people.size === 0 || people.size >= k) continue;
    const groups = [...new Set(set.flatMap((a) => atoms[a]!.columns.map((c) => c.teamId ?? '(no team)')))].sort(compareIds);
    findings.push(
      Object.freeze({
        kind: 'small-group' as const,
        measure,
        statistic: 'change' as const,
        groups: Object.freeze(groups),
        size: people.size,
        cells: Object.freeze(rows.map((r) => r.label).sort(compareIds)),
        message: `From the published ${label} results and changes, a viewer can work out a statistic about ${people.size} non-viewer ${people.size === 1 ? 'person' : 'people'} (${groups.join(', ')}), fewer than k = ${k}.`,
      }),
    );
  }
  if (!complete) {
    findings.push(
      Object.freeze({
        kind: 'small-group' as const,
        measure,
        statistic: 'change' as const,
        groups: Object.freeze([]),
        size: 0,
        cells: Object.freeze(rows.map((r) => r.label).sort(compareIds)),
        message: `The audit of the ${label} changes could not finish, so a statistic about fewer than k = ${k} people cannot be ruled out.`,
      }),
    );
  }
  return findings;
}

function fault(kind: 'precision' | 'inconsistent', measure: Measure, where: string, message: string): AuditFinding {
  return Object.freeze({ kind, measure, statistic: 'change' as const, groups: Object.freeze([]), size: 0, cells: Object.freeze([where]), message });
}
