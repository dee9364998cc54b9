import { compareIds } from './compare-ids';
import { MEASURE_LABELS, MEASURES, type Measure } from './measures';
import { MIN_K } from './types';

/**
 * Suppression planning: which cells of a partition are hidden, and why.
 *
 * It works on counts only, so the rules can be checked exhaustively without
 * any scores. aggregates.ts then fills in the numbers for the cells this plan
 * leaves visible.
 */

/** Reason for a cell whose group has fewer than k responses. */
export function fewerThanKReason(k: number): string {
  return `fewer than ${k} responses`;
}

/**
 * Reason for a measure cell whose group has at least k responses overall but
 * fewer than k with this measure scored (the rest had too many items missing).
 */
export function fewerThanKForMeasureReason(k: number, measure: Measure): string {
  return `fewer than ${k} responses with a ${MEASURE_LABELS[measure]} score`;
}

/** Reason for a cell hidden only to protect another, smaller hidden cell (complementary suppression). */
export const COMPLEMENTARY_REASON = 'hidden so that a small group cannot be worked out from the total';

/** Response counts for one part of a partition (for example one team in one cycle). */
export interface PartCounts {
  readonly id: string;
  /** Responses in the part, whether or not every measure was scored. */
  readonly responses: number;
  /** Responses with a valid score, per measure. Each is at most `responses`. */
  readonly scored: Readonly<Record<Measure, number>>;
}

/** Responses that count in the total but belong to no published part (for example, staff with no team). */
export interface UnassignedCounts {
  readonly responses: number;
  readonly scored: Readonly<Record<Measure, number>>;
}

/** Per measure, null when the cell may be shown, otherwise the reason it is hidden. */
export type MeasureReasons = Readonly<Record<Measure, string | null>>;

/** The outcome of {@link planSuppression}. */
export interface SuppressionPlan {
  readonly total: MeasureReasons;
  /** One entry per part, keyed by part id. */
  readonly parts: ReadonlyMap<string, MeasureReasons>;
}

/**
 * Throws unless k is an integer ≥ 3 ({@link MIN_K}). `fn` names the caller in the message.
 */
export function assertMinimumGroupSize(k: number, fn: string): void {
  if (!Number.isInteger(k) || k < MIN_K) {
    throw new RangeError(`${fn}: minimum group size k must be an integer ≥ ${MIN_K}, got ${String(k)}`);
  }
}

/**
 * Decide which cells of one partition (a total plus its parts) are hidden.
 *
 * Rules (ARCHITECTURE §4):
 * 1. Minimum group: a cell with 1 ≤ n < k is hidden ("fewer than k responses").
 *    A cell with n = 0 is shown as n = 0: it describes no one.
 * 2. Complementary suppression: when the total is shown, the hidden parts
 *    (plus the never-published unassigned responses, which are hidden by
 *    definition) must together hold 0 or ≥ k responses. Otherwise the reader
 *    could subtract the shown parts from the total and recover a group of
 *    fewer than k. While the hidden sum is between 1 and k − 1, the shown part
 *    with the fewest responses (ties: the smaller id) is hidden too. One
 *    such part always suffices, because any shown non-empty part has ≥ k.
 * 3. The total itself is hidden when it holds fewer than k.
 *
 * The rules run twice:
 * - Phase 1, per group, on response counts. Whatever it hides is hidden for
 *   every measure, so the usual case (few missing scores) gives one
 *   consistent picture: a team is either shown or hidden.
 * - Phase 2, per measure, on scored counts, starting from phase 1. Missing
 *   scores can leave a shown team with, say, 2 burnout scores, or make the
 *   hidden teams' burnout scores sum to fewer than k even though their
 *   responses did not. Each measure is its own additive table (its total is
 *   the sum of its parts), so each must be safe on its own; phase 2 hides
 *   more cells of that measure only.
 * Cells hidden in phase 2 stay visible for the other measures. That is safe:
 * no sum links one measure's scores to another's, and response counts are
 * already visible to directors through participation.
 *
 * Cost: O(P log P · M) for P parts and M measures. Deterministic, and
 * independent of the order of `parts` (ties are broken by id).
 *
 * @example
 * // k = 5; teams A, B, C hold 3, 6 and 8 responses, all measures scored.
 * // A is hidden (3 < 5). Hidden sum 3 is between 1 and 4, so the next
 * // smallest, B (6), is hidden as well: hidden sum 9 ≥ 5. C and the total (17) are shown.
 */
export function planSuppression(input: {
  readonly k: number;
  readonly parts: readonly PartCounts[];
  readonly unassigned?: UnassignedCounts;
}): SuppressionPlan {
  const { k, parts } = input;
  assertMinimumGroupSize(k, 'planSuppression');
  const unassigned = input.unassigned ?? { responses: 0, scored: zeroByMeasure() };

  const ids = new Set<string>();
  for (const part of parts) {
    if (ids.has(part.id)) throw new Error(`planSuppression: duplicate part id "${part.id}"`);
    ids.add(part.id);
    assertCounts(part, `part "${part.id}"`);
  }
  assertCounts(unassigned, 'unassigned responses');

  // Sorting once by (responses, id) fixes the tie-break and makes the plan independent of input order.
  const ordered = [...parts].sort((a, b) => a.responses - b.responses || compareIds(a.id, b.id));

  const totalResponses = ordered.reduce((sum, p) => sum + p.responses, unassigned.responses);
  const totalHiddenReason = isSmall(totalResponses, k) ? fewerThanKReason(k) : null;

  // Phase 1: per group, on response counts, applied to all measures.
  const groupReason = new Map<string, string>();
  for (const part of ordered) {
    if (isSmall(part.responses, k)) groupReason.set(part.id, fewerThanKReason(k));
  }
  if (totalHiddenReason === null) {
    complement(ordered, groupReason, (p) => p.responses, unassigned.responses, k);
  }

  // Phase 2: per measure, on scored counts.
  const total = {} as Record<Measure, string | null>;
  const byPart = new Map<string, Record<Measure, string | null>>();
  for (const part of ordered) byPart.set(part.id, {} as Record<Measure, string | null>);

  for (const measure of MEASURES) {
    const scoredTotal = ordered.reduce((sum, p) => sum + p.scored[measure], unassigned.scored[measure]);
    const totalReason =
      totalHiddenReason ?? (isSmall(scoredTotal, k) ? fewerThanKForMeasureReason(k, measure) : null);
    total[measure] = totalReason;

    const reason = new Map<string, string>(groupReason);
    for (const part of ordered) {
      if (!reason.has(part.id) && isSmall(part.scored[measure], k)) {
        reason.set(part.id, fewerThanKForMeasureReason(k, measure));
      }
    }
    if (totalReason === null) {
      // Among equal scored counts, prefer the part phase 1 would have picked, for consistency.
      const byScored = [...ordered].sort((a, b) => a.scored[measure] - b.scored[measure]);
      complement(byScored, reason, (p) => p.scored[measure], unassigned.scored[measure], k);
    }
    for (const part of ordered) byPart.get(part.id)![measure] = reason.get(part.id) ?? null;
  }

  return { total, parts: byPart };
}

/**
 * Hide the smallest shown non-empty parts, in `ordered` order, until the hidden
 * parts plus `alwaysHidden` hold 0 or ≥ k. Mutates `reason` (a local map).
 */
function complement(
  ordered: readonly PartCounts[],
  reason: Map<string, string>,
  count: (part: PartCounts) => number,
  alwaysHidden: number,
  k: number,
): void {
  let hidden = ordered.reduce((sum, p) => sum + (reason.has(p.id) ? count(p) : 0), alwaysHidden);
  for (const part of ordered) {
    if (!isSmall(hidden, k)) return;
    if (reason.has(part.id) || count(part) === 0) continue;
    reason.set(part.id, COMPLEMENTARY_REASON);
    hidden += count(part);
  }
  // Unreachable while the total is shown: then every non-empty part hidden means hidden = total ≥ k.
  if (isSmall(hidden, k)) throw new Error('planSuppression: complementary suppression could not reach k');
}

/** 1 ≤ n < k: a group small enough that showing it could expose individuals. */
function isSmall(n: number, k: number): boolean {
  return n >= 1 && n < k;
}


function zeroByMeasure(): Record<Measure, number> {
  return { cs: 0, bo: 0, sts: 0, vr: 0 };
}

function assertCounts(counts: UnassignedCounts, what: string): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 0;
  if (!ok(counts.responses)) {
    throw new RangeError(`planSuppression: ${what} has an invalid response count ${String(counts.responses)}`);
  }
  for (const measure of MEASURES) {
    const n = counts.scored[measure];
    if (!ok(n) || n > counts.responses) {
      throw new RangeError(
        `planSuppression: ${what} has an invalid ${measure} count ${String(n)} (responses ${counts.responses})`,
      );
    }
  }
}
