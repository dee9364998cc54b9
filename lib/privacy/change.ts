import { benjaminiYekutieli } from '@/lib/stats/tests';
import { studentTQuantile, studentTTwoSidedPValue } from '@/lib/stats/distributions';

import { compareIds } from './compare-ids';
import { WHOLE_POINT_SD_BELOW, roundPublished } from './levels';
import { MEASURE_LABELS, MEASURES, type Measure } from './measures';
import { assertMinimumGroupSize, COMPLEMENTARY_REASON, fewerThanKReason } from './suppression';
import { ORG_GROUP, isPublishedCell, type AggregateCell, type MeasureScore, type TeamRef } from './types';

/**
 * Within-person change (ARCHITECTURE §5): how a measure moved among the people who
 * answered both this cycle and the previous one, published as a group statistic under
 * the privacy rules of §4, with a paired 95% CI. It replaces comparing two cycles'
 * means as if they were independent samples (most respondents are the same people).
 */

/** Significance level for change flags: the FDR across every change cell of one publication. */
export const CHANGE_FDR = 0.05;

/**
 * The fewest pairs a change cell may describe, whatever k is: {@link WHOLE_POINT_SD_BELOW}.
 * Below it, a change's mean and SD together with the same people's two cycle cells can
 * pin their exact (before, after) scores, which none of the three pins alone (insider
 * review, test (7) of `change-insider-review.integration.test.ts`: at k = 3, cells of
 * mean 30.0 SD 6 and 29.7 SD 9 and a change of −0.3 SD 2 leave one set of three pairs).
 * From 5 pairs the cells' SDs carry a decimal and the enumeration no longer closes.
 */
export const CHANGE_MIN_PAIRS = WHOLE_POINT_SD_BELOW;

/** One person who answered both cycles, with no identity: only their current team and scores. */
export interface PairedResponse {
  /** Team at this cycle's submission (the group the change is reported under). */
  readonly groupId: string;
  /** A director or admin, now or then: never counted (rule 6). */
  readonly isViewer?: boolean;
  readonly previous: Readonly<Partial<Record<Measure, MeasureScore>>>;
  readonly current: Readonly<Partial<Record<Measure, MeasureScore>>>;
}

interface ChangeKey {
  /** Team id, or {@link ORG_GROUP}. */
  readonly group: string;
  readonly cycle: string;
  readonly previousCycle: string;
  readonly measure: Measure;
}

/**
 * A published within-person change: n pairs, mean and SD of the change (current minus
 * previous), its paired t-based 95% CI, all rounded to one decimal (rule 8); `pValue`
 * is computed from those rounded numbers, so it carries no extra precision; `qValue`
 * is the Benjamini–Yekutieli adjustment over every change cell of the publication, and
 * `flagged` is q < {@link CHANGE_FDR}.
 */
export interface PublishedChangeCell extends ChangeKey {
  readonly nPairs: number;
  readonly meanChange: number;
  readonly sdChange: number;
  readonly ci95: readonly [number, number];
  readonly pValue: number | null;
  readonly qValue: number | null;
  readonly flagged: boolean;
  readonly suppressed: null;
}

/** A hidden change cell: a reason and no numbers. */
export interface SuppressedChangeCell extends ChangeKey {
  readonly nPairs: null;
  readonly meanChange: null;
  readonly sdChange: null;
  readonly ci95: null;
  readonly pValue: null;
  readonly qValue: null;
  readonly flagged: false;
  readonly suppressed: string;
}

export type ChangeCell = PublishedChangeCell | SuppressedChangeCell;

/** Reason when the group's own results are hidden this cycle. */
export const CHANGE_GROUP_HIDDEN_REASON = "hidden because the group's results are hidden in this cycle or the previous one";
/** Reason when everyone's change is the same (an SD of 0 would show each one). */
export const IDENTICAL_CHANGES_REASON = 'hidden so that individual changes cannot be worked out';

export interface ChangeCellsInput {
  readonly k: number;
  readonly cycleId: string;
  readonly previousCycleId: string;
  readonly teams: readonly TeamRef[];
  /** Everyone who answered both cycles (viewers flagged; they are left out). */
  readonly pairs: readonly PairedResponse[];
  /** This cycle's cells as they will be published (the planner's output). */
  readonly currentCells: readonly AggregateCell[];
  /**
   * The previous cycle's cells as published. A group hidden there (say, everyone gave one
   * score) stays hidden: its change with this cycle's mean would bring its old mean back.
   */
  readonly previousCells?: readonly AggregateCell[];
}

/**
 * Plan one cycle's within-person change cells, per group (agency and teams) and measure.
 *
 * Rules, over people who cannot see results (viewers are left out, rule 6):
 * 1. A change cell needs at least max(k, {@link CHANGE_MIN_PAIRS}) pairs with the measure
 *    scored in both cycles.
 * 2. It is shown only where the group's own cell is shown in both cycles (when the previous
 *    cycle's cells are given): a change and one mean give the other mean back.
 * 3. Complementary suppression across the teams, as for cells: the agency's pairs minus
 *    the pairs of the shown teams must be 0 or at least that same minimum.
 * What the change adds beyond the two cycles' cells (for example, this cycle's total minus
 * the change minus last cycle's total describes the newcomers and leavers together) is
 * decided exactly by the auditor over the linked cycles (`audit-change.ts`), and
 * {@link planChangePublication} hides more where it finds a small group. A fixed
 * "newcomers 0 or ≥ k" rule here would be stricter than needed (2 newcomers and 3 leavers
 * are 5 people) and would hide most team changes in an agency with normal turnover.
 *
 * Numbers: the mean and sample SD of the per-person changes, the paired t interval
 * mean ± t(0.975, n − 1)·sd/√n (e.g. Moore, McCabe & Craig, §7.1, matched pairs), all
 * rounded to one decimal; the two-sided p of t = mean/(sd/√n) from the rounded values
 * (null when the rounded SD is 0); q-values by Benjamini–Yekutieli across every change cell
 * of the publication, hidden ones as p = 1 ({@link withFamilyQ}; groups overlap and measures are correlated, so no positive-dependence
 * assumption is made).
 *
 * Output order: agency first, then teams by id; measures in {@link MEASURES} order. Frozen.
 * Cost: O(P·M + C log C).
 */
export function buildChangeCells(
  input: ChangeCellsInput,
  /** The floor under k; only the auditor's own tests lower it, to build cells of 3 or 4 pairs to audit. */
  floor: number = CHANGE_MIN_PAIRS,
): readonly ChangeCell[] {
  const fn = 'buildChangeCells';
  const { k, cycleId, previousCycleId, teams, pairs, currentCells } = input;
  assertMinimumGroupSize(k, fn);
  const minPairs = Math.max(k, floor);
  if (!cycleId || !previousCycleId || cycleId === previousCycleId) {
    throw new Error(`${fn}: needs two different cycle ids`);
  }
  const teamIds = teams.map((t) => t.id).sort(compareIds);
  const teamSet = new Set(teamIds);
  const current = new Map(currentCells.map((c) => [`${c.group}\u0000${c.measure}`, c]));
  const previous = input.previousCells ? new Map(input.previousCells.map((c) => [`${c.group}\u0000${c.measure}`, c])) : null;

  const planned: { group: string; measure: Measure; diffs: number[]; reason: string | null }[] = [];
  for (const measure of MEASURES) {
    const byGroup = new Map<string, number[]>([[ORG_GROUP, []], ...teamIds.map((id) => [id, []] as [string, number[]])]);
    for (const p of pairs) {
      if (p.isViewer === true) continue;
      const before = p.previous[measure]?.value;
      const after = p.current[measure]?.value;
      if (typeof before !== 'number' || typeof after !== 'number') continue;
      const d = after - before;
      byGroup.get(ORG_GROUP)!.push(d);
      if (teamSet.has(p.groupId)) byGroup.get(p.groupId)!.push(d);
    }
    const rows = [ORG_GROUP, ...teamIds].map((group) => {
      const diffs = byGroup.get(group)!;
      const cell = current.get(`${group}\u0000${measure}`);
      let reason: string | null = null;
      const before = previous?.get(`${group}\u0000${measure}`);
      if (!cell || !isPublishedCell(cell) || (previous && (!before || !isPublishedCell(before)))) reason = CHANGE_GROUP_HIDDEN_REASON;
      else if (diffs.length < minPairs) reason = fewerThanKReason(minPairs).replace('responses', 'people who answered both cycles');
      return { group, measure, diffs, reason };
    });
    // Rule 4: complementary suppression among the teams' change cells.
    const org = rows[0]!;
    if (org.reason === null) {
      const teamRows = rows.slice(1).sort((a, b) => a.diffs.length - b.diffs.length || compareIds(a.group, b.group));
      let hidden = org.diffs.length - teamRows.filter((r) => r.reason === null).reduce((s, r) => s + r.diffs.length, 0);
      for (const r of teamRows) {
        if (!isSmall(hidden, minPairs)) break;
        if (r.reason !== null || r.diffs.length === 0) continue;
        r.reason = COMPLEMENTARY_REASON;
        hidden += r.diffs.length;
      }
      if (isSmall(hidden, minPairs)) org.reason = COMPLEMENTARY_REASON;
    }
    planned.push(...rows);
  }

  const summaries = planned.map((r) => {
    if (r.reason !== null) return null;
    const s = summarizeChange(r.diffs);
    // Everyone changed by the same amount: the cell would show each person's change.
    if (s.sd === 0) {
      r.reason = IDENTICAL_CHANGES_REASON;
      return null;
    }
    return s;
  });
  const cells = planned.map((r, i): ChangeCell => {
    const s = summaries[i];
    const key = { group: r.group, cycle: cycleId, previousCycle: previousCycleId, measure: r.measure };
    if (!s) {
      return Object.freeze({
        ...key, nPairs: null, meanChange: null, sdChange: null, ci95: null, pValue: null, qValue: null, flagged: false,
        suppressed: r.reason!,
      });
    }
    return Object.freeze({
      ...key,
      nPairs: s.n,
      meanChange: s.mean,
      sdChange: s.sd,
      ci95: Object.freeze([s.ci95[0], s.ci95[1]] as const),
      pValue: s.pValue,
      qValue: null,
      flagged: false,
      suppressed: null,
    });
  });
  // Agency first, then teams by id; measures in order.
  const order = new Map([ORG_GROUP, ...teamIds].map((g, i) => [g, i]));
  cells.sort((a, b) => order.get(a.group)! - order.get(b.group)! || MEASURES.indexOf(a.measure) - MEASURES.indexOf(b.measure));
  return withFamilyQ(cells);
}

/**
 * Sets `qValue` and `flagged` by Benjamini–Yekutieli over the family of every change cell
 * of the publication (each group × measure, shown or hidden), fixed before the data are
 * seen. A hidden cell, or one without a p, enters as p = 1: it is never rejected and its
 * real p never reaches a shown q (BY takes a minimum over ranks, so a q over the hidden
 * cells' real p-values could carry one, and the hidden change's mean could then be
 * enumerated from it: insider review, test (8b)). Using the whole family rather than the
 * cells the auditor happened to leave shown keeps the family independent of suppression
 * and is conservative (raising p-values to 1 keeps BY's FDR bound). Call it again whenever
 * a cell is hidden. Hidden cells keep no numbers. Returns a new frozen array in the same order.
 */
export function withFamilyQ<C extends FamilyCell>(cells: readonly C[]): readonly C[] {
  const q = benjaminiYekutieli(cells.map((c) => (c.suppressed === null && c.pValue !== null ? c.pValue : 1)));
  return Object.freeze(
    cells.map((c, i): C => {
      if (c.suppressed !== null) return c;
      const qValue = c.pValue === null ? null : q[i]!;
      return Object.freeze({ ...c, qValue, flagged: qValue !== null && qValue < CHANGE_FDR });
    }),
  );
}

/** What {@link withFamilyQ} reads and sets: any change cell, whatever its measure key (pillar change cells too). */
export interface FamilyCell {
  readonly suppressed: string | null;
  readonly pValue: number | null;
  readonly qValue: number | null;
  readonly flagged: boolean;
}

/**
 * Mean, SD, paired CI and p of per-person changes, rounded as published. The CI and p
 * are computed from the rounded mean and SD, so they add no precision of their own.
 */
function summarizeChange(diffs: readonly number[]): { n: number; mean: number; sd: number; ci95: [number, number]; pValue: number | null } {
  const n = diffs.length;
  const sorted = [...diffs].sort((a, b) => a - b);
  const exactMean = sorted.reduce((s, x) => s + x, 0) / n;
  const exactSd = Math.sqrt(sorted.reduce((s, x) => s + (x - exactMean) ** 2, 0) / (n - 1));
  // Rule 8 as for cells: one decimal, the SD in whole points below 5 pairs, the CI from these.
  const mean = roundPublished(exactMean);
  const sd = n < WHOLE_POINT_SD_BELOW ? Math.round(exactSd) || 0 : roundPublished(exactSd);
  const half = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  const pValue = sd === 0 ? null : studentTTwoSidedPValue(mean / (sd / Math.sqrt(n)), n - 1);
  return { n, mean, sd, ci95: [roundPublished(mean - half), roundPublished(mean + half)], pValue };
}

function isSmall(n: number, k: number): boolean {
  return n >= 1 && n < k;
}

/** "burnout rose 2.1 points among the 18 people who answered both cycles (95% CI 0.9 to 3.3)". */
export function describeChange(cell: PublishedChangeCell): string {
  const label = MEASURE_LABELS[cell.measure];
  const verb = cell.meanChange > 0 ? 'rose' : cell.meanChange < 0 ? 'fell' : 'did not change';
  const size = cell.meanChange === 0 ? '' : ` ${Math.abs(cell.meanChange).toFixed(1)} points`;
  const fmt = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(1)}` : x.toFixed(1));
  return `${label} ${verb}${size} among the ${cell.nPairs} people who answered both cycles (95% CI ${fmt(cell.ci95[0])} to ${fmt(cell.ci95[1])})`;
}
