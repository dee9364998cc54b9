import type { Level, Measure } from './measures';

/**
 * The smallest minimum group size any organization may choose. Below 3, a
 * published mean and SD let one member of the group recover the other's score
 * exactly, so the privacy layer refuses to run.
 */
export const MIN_K = 3;

/** The `group` of the agency-wide cell in a partition. Team ids must never equal it. */
export const ORG_GROUP = 'org';

/**
 * A team as the privacy layer needs it. Only `id` is used: `name` is accepted
 * so callers can pass team rows as they are, but names are joined at read
 * time and never stored in cells, so renaming a team leaves published
 * aggregates untouched.
 */
export interface TeamRef {
  readonly id: string;
  readonly name?: string;
}

/** One measure's score on one response. `value` is null when the subscale was not scored. */
export interface MeasureScore {
  readonly value: number | null;
  readonly level: Level | null;
}

/**
 * One scored response, as the privacy layer sees it.
 *
 * It deliberately has no user id and no respondent key: the aggregation can
 * only count and summarize, never link a number back to a person. `groupId` is
 * the respondent's team at submission; a response whose group is not one of
 * the partition's parts still counts in the agency total (see aggregates.ts).
 * A missing measure key means the same as `{ value: null, level: null }`.
 */
export interface ScoredResponse {
  readonly groupId: string;
  /**
   * True when the respondent can see results (a program director or admin), now or
   * when they answered. Their answers are known to the insider (rule 6), so the
   * planner leaves the response out of every published number; the auditor still
   * receives it as a known value. Absent means false.
   */
  readonly isViewer?: boolean;
  readonly cycleId: string;
  readonly scores: Readonly<Partial<Record<Measure, MeasureScore>>>;
}

/** Responses at each level among a cell's responses. May sum to less than n when a score has no level. */
export interface LevelCounts {
  readonly low: number;
  readonly moderate: number;
  readonly high: number;
}

interface CellKey {
  /** Team id, or {@link ORG_GROUP} for the agency. */
  readonly group: string;
  readonly cycle: string;
  readonly measure: Measure;
}

/**
 * A cell with at least k responses.
 * - `mean`, `sd` and the t-based 95% confidence interval `ci95` are rounded to one
 *   decimal (rule 8): exact moments of a small group can pin down every score.
 * - `levelCounts` is null when the level breakdown is withheld (rule 9), and
 *   `levelsWithheld` then says why; the mean and CI stay.
 */
export interface PublishedCell extends CellKey {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95: readonly [number, number];
  readonly levelCounts: LevelCounts | null;
  readonly levelsWithheld: string | null;
  readonly suppressed: null;
}

/**
 * A cell with no responses for its measure. Showing n = 0 reveals nothing
 * about anyone (there is no one in it), and it lets the page say "no
 * responses" instead of "hidden". It has no mean, SD or interval because
 * there is nothing to summarize.
 */
export interface EmptyCell extends CellKey {
  readonly n: 0;
  readonly mean: null;
  readonly sd: null;
  readonly ci95: null;
  readonly levelCounts: { readonly low: 0; readonly moderate: 0; readonly high: 0 };
  readonly levelsWithheld: null;
  readonly suppressed: null;
}

/**
 * A suppressed cell: a value with a reason, never a missing key, and never any
 * number, not even n, so nothing about the small group can be read or
 * subtracted out of it.
 */
export interface SuppressedCell extends CellKey {
  readonly n: null;
  readonly mean: null;
  readonly sd: null;
  readonly ci95: null;
  readonly levelCounts: null;
  readonly levelsWithheld: null;
  readonly suppressed: string;
}

/** One stored aggregate: group × cycle × measure. */
export type AggregateCell = PublishedCell | EmptyCell | SuppressedCell;

/** True when the cell carries statistics (n ≥ k). */
export function isPublishedCell(cell: AggregateCell): cell is PublishedCell {
  return cell.suppressed === null && cell.n !== 0;
}

/** True when the cell is hidden for privacy. */
export function isSuppressedCell(cell: AggregateCell): cell is SuppressedCell {
  return cell.suppressed !== null;
}
