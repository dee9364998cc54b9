import { studentTQuantile } from '@/lib/stats/distributions';

import { compareIds } from './compare-ids';
import { MEASURES } from './measures';
import { assertMinimumGroupSize } from './suppression';
import { ORG_GROUP, isPublishedCell, type AggregateCell, type LevelCounts, type PublishedCell } from './types';

/**
 * Rule 9 (no homogeneity) and rule 8 (published precision) for one cycle's cells.
 */

/**
 * The one reason given for every withheld level breakdown. It is deliberately the
 * same whether a level held 1..k − 1 people, everyone was at one level, or the
 * breakdown protects another: a reason that said "everyone is at the same level"
 * would itself publish the level of everyone in the group.
 */
export function levelsWithheldReason(k: number): string {
  return `level breakdown withheld: it is shown only when each level holds none or at least ${k} people, and not everyone is at the same level`;
}

/**
 * True when a level breakdown may be published (rule 9): every level holds 0 or at
 * least k people, and no single level holds everyone. An empty breakdown (no one
 * has a level, e.g. an instrument pack without cut points) reveals nothing and passes.
 *
 * @example
 * isLevelBreakdownPublishable({ low: 0, moderate: 17, high: 0 }, 5); // false: everyone moderate
 * isLevelBreakdownPublishable({ low: 2, moderate: 15, high: 0 }, 5); // false: 2 people low
 * isLevelBreakdownPublishable({ low: 5, moderate: 12, high: 0 }, 5); // true
 */
export function isLevelBreakdownPublishable(counts: LevelCounts, k: number): boolean {
  const values = [counts.low, counts.moderate, counts.high];
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return true;
  return values.every((c) => c === 0 || c >= k) && values.every((c) => c < total);
}

/**
 * Round a published statistic to one decimal (rule 8). Returns +0 rather than −0.
 *
 * @example
 * roundPublished(29.25); // 29.3
 * roundPublished(7.905694150420948); // 7.9
 */
export function roundPublished(x: number): number {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? 0 : r;
}

/** Below this many people, a published SD is rounded to whole points (rule 8; see {@link publishedMoments}). */
export const WHOLE_POINT_SD_BELOW = 5;

/**
 * The moments a cell publishes (rule 8), from its exact mean and SD:
 * - the mean rounded to one decimal;
 * - the SD rounded to one decimal, or to whole points when n < {@link WHOLE_POINT_SD_BELOW}:
 *   with whole-number scores, a rounded mean and a one-decimal SD still give the exact
 *   set of scores for 43% of groups of 3 (enumerated over ProQOL sums 10–50 in review),
 *   a whole-point SD for about 2%;
 * - the 95% CI computed from those ROUNDED values, mean ± t(0.975, n − 1)·sd/√n, then
 *   rounded to one decimal, so its width adds no precision about the SD (a CI from the
 *   exact SD pins it down to ±0.02 at n = 3).
 * The auditor recomputes the CI from the published numbers and refuses any other.
 *
 * @example
 * publishedMoments(5, 30, 7.905694150420948); // { mean: 30, sd: 7.9, ci95: [20.2, 39.8] }
 * publishedMoments(3, 32.667, 5.7735);        // { mean: 32.7, sd: 6, ci95: [17.8, 47.6] }
 */
export function publishedMoments(n: number, mean: number, sd: number): { mean: number; sd: number; ci95: [number, number] } {
  const m = roundPublished(mean);
  const s = n < WHOLE_POINT_SD_BELOW ? roundWhole(sd) : roundPublished(sd);
  const half = studentTQuantile(0.975, n - 1) * (s / Math.sqrt(n));
  return { mean: m, sd: s, ci95: [roundPublished(m - half), roundPublished(m + half)] };
}

function roundWhole(x: number): number {
  const r = Math.round(x);
  return r === 0 ? 0 : r;
}

/**
 * Withhold level breakdowns that rule 9 forbids, on the cells of ONE cycle (the
 * agency cell {@link ORG_GROUP} and its teams, a laminar partition), per measure:
 *
 * 1. A published cell's own breakdown is withheld when it fails
 *    {@link isLevelBreakdownPublishable}.
 * 2. Complementary withholding: when the agency breakdown is shown, the residual
 *    "agency minus every team breakdown shown" is itself a group whose breakdown
 *    anyone can compute (hidden teams and staff without a team). While it holds
 *    anyone and fails rule 9, the shown team breakdown with the fewest people (ties:
 *    smaller id) is withheld too, adding it to the residual; if no team is left, the
 *    agency breakdown is withheld. Withholding only ever removes numbers.
 *
 * The result holds every cell of the input in the same order, frozen; cells whose
 * breakdown is withheld get `levelCounts: null` and {@link levelsWithheldReason}.
 * Because unions of disjoint groups that pass rule 9 also pass it, checking the
 * shown cells and the one residual covers every group derivable from the output.
 *
 * Cost: O(C log C) for C cells. Inputs are not modified.
 */
export function withholdLevelBreakdowns(cells: readonly AggregateCell[], k: number): readonly AggregateCell[] {
  assertMinimumGroupSize(k, 'withholdLevelBreakdowns');
  const withheld = new Set<AggregateCell>();
  for (const measure of MEASURES) {
    const shown = cells.filter((c): c is PublishedCell => c.measure === measure && isPublishedCell(c) && c.levelCounts !== null);
    for (const cell of shown) if (!isLevelBreakdownPublishable(cell.levelCounts!, k)) withheld.add(cell);
    const org = shown.find((c) => c.group === ORG_GROUP);
    if (!org || withheld.has(org)) continue;
    const teams = shown
      .filter((c) => c.group !== ORG_GROUP && !withheld.has(c))
      .sort((a, b) => levelTotal(a.levelCounts!) - levelTotal(b.levelCounts!) || compareIds(a.group, b.group));
    const residual = { ...org.levelCounts! };
    for (const t of teams) subtract(residual, t.levelCounts!);
    for (const t of teams) {
      if (levelTotal(residual) === 0 || isLevelBreakdownPublishable(residual, k)) break;
      withheld.add(t);
      add(residual, t.levelCounts!);
    }
    if (levelTotal(residual) > 0 && !isLevelBreakdownPublishable(residual, k)) withheld.add(org);
  }
  return Object.freeze(
    cells.map((c) =>
      withheld.has(c) ? Object.freeze({ ...(c as PublishedCell), levelCounts: null, levelsWithheld: levelsWithheldReason(k) }) : c,
    ),
  );
}

/** Withhold one more breakdown (used by the publication's audit loop). */
export function withholdLevelBreakdown(cell: PublishedCell, k: number): PublishedCell {
  return Object.freeze({ ...cell, levelCounts: null, levelsWithheld: levelsWithheldReason(k) });
}

function levelTotal(c: LevelCounts): number {
  return c.low + c.moderate + c.high;
}

function subtract(into: { low: number; moderate: number; high: number }, c: LevelCounts): void {
  into.low -= c.low;
  into.moderate -= c.moderate;
  into.high -= c.high;
}

function add(into: { low: number; moderate: number; high: number }, c: LevelCounts): void {
  into.low += c.low;
  into.moderate += c.moderate;
  into.high += c.high;
}
