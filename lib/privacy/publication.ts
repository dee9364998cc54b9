import { IDENTICAL_ANSWERS_REASON, buildCycleAggregates, type CycleAggregatesInput } from './aggregates';
import { auditPublication, type AuditFinding, type AuditRespondent, type AuditReport } from './audit';
import { auditChanges, type LinkedCycle } from './audit-change';
import { buildChangeCells, withFamilyQ, type ChangeCell, type ChangeCellsInput, type SuppressedChangeCell } from './change';
import { compareIds } from './compare-ids';
import { withholdLevelBreakdown } from './levels';
import type { ParticipationCell } from './participation';
import { COMPLEMENTARY_REASON } from './suppression';
import { ORG_GROUP, isPublishedCell, type AggregateCell, type PublishedCell, type SuppressedCell } from './types';

/** Reason on every cell of a cycle whose publication the auditor refused (fail closed). */
export const AUDIT_WITHHELD_REASON =
  'withheld: the disclosure check could not confirm that these results protect small groups';

/** Input to {@link planCyclePublication}: the cycle's responses, viewers included and flagged. */
export interface CyclePublicationInput extends CycleAggregatesInput {
  /** Participation counts that will be published with the cells. */
  readonly participation?: readonly ParticipationCell[];
}

/** What a cycle's close publishes, and what the auditor said. */
export interface CyclePublication {
  /** The cells to store, verbatim. */
  readonly cells: readonly AggregateCell[];
  /** The auditor's report on `cells` (ok unless `refused`). */
  readonly audit: AuditReport;
  /** Cells hidden or breakdowns withheld by the audit loop beyond the planner's own rules. */
  readonly extraWithheld: number;
  /** True when the auditor could not be satisfied and every cell was withheld. */
  readonly refused: boolean;
  /** The findings that were fixed or that caused the refusal; no scores in them. */
  readonly findings: readonly AuditFinding[];
}

/**
 * Plans one cycle's publication (ARCHITECTURE §4): the planner
 * ({@link buildCycleAggregates}: rules 1, 2, 6, 8, 9) proposes the cells, and the
 * independent auditor (rule 10, `audit.ts`) checks everything a viewer will read
 * (the cells and participation counts) against the responses, with the viewers'
 * own answers counted as known.
 *
 * When the auditor finds a derivable small group, this suppresses more and audits
 * again: for a small group in a measure's means, the shown team cell of that
 * measure with the fewest responses (then the agency cell); for a derivable level
 * breakdown, the smallest team breakdown shown (then the agency's). Each step only
 * removes numbers, so the loop ends. When the auditor reports an inconsistency or
 * a precision fault (the planner's output does not match the data), or cannot be
 * satisfied, the publication fails closed: every cell is withheld with
 * {@link AUDIT_WITHHELD_REASON}, and the caller logs why. The leak is never returned.
 *
 * Cost: at most one audit per cell, usually one in all.
 */
export function planCyclePublication(
  input: CyclePublicationInput,
  /** The planner; replaceable only so tests can show the auditor catching a faulty one. */
  plan: (input: CycleAggregatesInput) => readonly AggregateCell[] = buildCycleAggregates,
): CyclePublication {
  const teamIds = new Set(input.teams.map((t) => t.id));
  const respondents: AuditRespondent[] = input.responses.map((r) => ({
    teamId: teamIds.has(r.groupId) ? r.groupId : null,
    isViewer: r.isViewer === true,
    isCounted: r.isViewer !== true,
    scores: r.scores,
  }));
  const audit = (cells: readonly AggregateCell[]) =>
    auditPublication({ k: input.k, cells, participation: input.participation, respondents });

  let cells = plan(input);
  const fixed: AuditFinding[] = [];
  let extraWithheld = 0;
  for (let step = 0; step <= cells.length; step++) {
    const report = audit(cells);
    if (report.ok) return Object.freeze({ cells, audit: report, extraWithheld, refused: false, findings: Object.freeze(fixed) });
    const finding = report.findings[0]!;
    const next = finding.kind === 'small-group' || finding.kind === 'homogeneity' ? remedy(cells, finding, input.k) : null;
    if (next === null) return refuse(cells, report, [...fixed, ...report.findings], extraWithheld);
    fixed.push(finding);
    extraWithheld += 1;
    cells = next;
  }
  return refuse(cells, audit(cells), fixed, extraWithheld);
}

/** One more suppression aimed at `finding`, or null when nothing is left to hide. */
function remedy(cells: readonly AggregateCell[], finding: AuditFinding, k: number): readonly AggregateCell[] | null {
  const measure = finding.measure;
  if (measure === null) return null;
  if (finding.kind === 'homogeneity' && finding.statistic === 'sum') {
    // A group whose members all gave one score is derivable: hide its own cell when it is
    // one (an SD of 0), otherwise the smallest team cell used to derive it, then the agency.
    const used = cells.filter((c): c is PublishedCell => c.measure === measure && isPublishedCell(c) && finding.cells.includes(c.group));
    const own = finding.cells.length === 1 ? used[0] : undefined;
    const pick =
      own ?? used.filter((c) => c.group !== ORG_GROUP).sort((a, b) => a.n - b.n || compareIds(a.group, b.group))[0] ?? used[0];
    if (!pick) return null;
    return Object.freeze(cells.map((c) => (c === pick ? suppress(c, IDENTICAL_ANSWERS_REASON) : c)));
  }
  const levels = finding.statistic === 'levels';
  const candidates = cells.filter(
    (c): c is PublishedCell => c.measure === measure && isPublishedCell(c) && (!levels || c.levelCounts !== null),
  );
  const pick =
    candidates
      .filter((c) => c.group !== ORG_GROUP)
      .sort((a, b) => a.n - b.n || compareIds(a.group, b.group))[0] ?? candidates.find((c) => c.group === ORG_GROUP);
  if (!pick) return null;
  const replacement: AggregateCell = levels ? withholdLevelBreakdown(pick, k) : suppress(pick, COMPLEMENTARY_REASON);
  return Object.freeze(cells.map((c) => (c === pick ? replacement : c)));
}

function suppress(cell: AggregateCell, reason: string): SuppressedCell {
  return Object.freeze({
    group: cell.group,
    cycle: cell.cycle,
    measure: cell.measure,
    n: null,
    mean: null,
    sd: null,
    ci95: null,
    levelCounts: null,
    levelsWithheld: null,
    suppressed: reason,
  });
}

function refuse(
  cells: readonly AggregateCell[],
  report: AuditReport,
  findings: readonly AuditFinding[],
  extraWithheld: number,
): CyclePublication {
  return Object.freeze({
    cells: Object.freeze(cells.map((c) => suppress(c, AUDIT_WITHHELD_REASON))),
    audit: report,
    extraWithheld,
    refused: true,
    findings: Object.freeze([...findings]),
  });
}

/** Input to {@link planChangePublication}. */
export interface ChangePublicationInput extends ChangeCellsInput {
  /** The linked cycles as published (oldest first, ending with this cycle), for the auditor. */
  readonly linkedCycles: readonly LinkedCycle[];
  /** Change cells already published between earlier linked cycles (the previous close's). */
  readonly earlierChanges: readonly ChangeCell[];
}

/** What a close publishes about within-person change, and what the auditor said. */
export interface ChangePublication {
  readonly cells: readonly ChangeCell[];
  readonly audit: AuditReport;
  readonly extraWithheld: number;
  readonly refused: boolean;
  readonly findings: readonly AuditFinding[];
}

/**
 * Plans a cycle's within-person change cells ({@link buildChangeCells}) and audits them
 * with both linked cycles and the previous close's changes (`audit-change.ts`). A
 * derivable small group hides a shown change cell of that measure (a team whose people
 * the finding involves first, smallest first, then any team, then the agency) and audits
 * again; an inconsistency withholds every change cell.
 * Hiding change cells always ends the loop: without them, the cycles share no variables.
 */
export function planChangePublication(input: ChangePublicationInput): ChangePublication {
  // The previous cycle's published cells, so a group hidden there stays hidden (third review).
  let cells = buildChangeCells({ ...input, previousCells: input.previousCells ?? input.linkedCycles.at(-2)?.cells });
  const fixed: AuditFinding[] = [];
  let extraWithheld = 0;
  const audit = (current: readonly ChangeCell[]) =>
    auditChanges({ k: input.k, cycles: input.linkedCycles, changes: [...input.earlierChanges, ...current] });
  for (let step = 0; step <= cells.length; step++) {
    const report = audit(cells);
    if (report.ok) {
      // q over the cells finally shown, so no hidden change's p reaches a shown q (review 8b).
      return Object.freeze({ cells: withFamilyQ(cells), audit: report, extraWithheld, refused: false, findings: Object.freeze(fixed) });
    }
    const finding = report.findings[0]!;
    const candidates =
      finding.kind === 'small-group' && finding.measure !== null
        ? cells.filter((c) => c.measure === finding.measure && c.suppressed === null)
        : [];
    // Prefer the change of a team whose people the finding involves, then any team, then the agency.
    const bySize = (a: ChangeCell, b: ChangeCell) => a.nPairs! - b.nPairs! || compareIds(a.group, b.group);
    const teams = candidates.filter((c) => c.group !== ORG_GROUP).sort(bySize);
    const pick = teams.find((c) => finding.groups.includes(c.group)) ?? teams[0] ?? candidates[0];
    if (!pick) return refuseChanges(cells, report, [...fixed, ...report.findings], extraWithheld);
    fixed.push(finding);
    extraWithheld += 1;
    cells = Object.freeze(cells.map((c) => (c === pick ? suppressChange(c, COMPLEMENTARY_REASON) : c)));
  }
  return refuseChanges(cells, audit(cells), fixed, extraWithheld);
}

function suppressChange(cell: ChangeCell, reason: string): SuppressedChangeCell {
  return Object.freeze({
    group: cell.group, cycle: cell.cycle, previousCycle: cell.previousCycle, measure: cell.measure,
    nPairs: null, meanChange: null, sdChange: null, ci95: null, pValue: null, qValue: null, flagged: false,
    suppressed: reason,
  });
}

function refuseChanges(
  cells: readonly ChangeCell[],
  report: AuditReport,
  findings: readonly AuditFinding[],
  extraWithheld: number,
): ChangePublication {
  return Object.freeze({
    cells: Object.freeze(cells.map((c) => suppressChange(c, AUDIT_WITHHELD_REASON))),
    audit: report,
    extraWithheld,
    refused: true,
    findings: Object.freeze([...findings]),
  });
}
