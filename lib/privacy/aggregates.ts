import { compareIds } from './compare-ids';
import { publishedMoments, withholdLevelBreakdowns } from './levels';
import { LEVELS, MEASURES, type Level, type Measure } from './measures';
import { summarizeSample } from './summary';
import { COMPLEMENTARY_REASON, assertMinimumGroupSize, planSuppression, type MeasureReasons, type PartCounts } from './suppression';
import {
  ORG_GROUP,
  type AggregateCell,
  type EmptyCell,
  type LevelCounts,
  type PublishedCell,
  type ScoredResponse,
  type SuppressedCell,
  type TeamRef,
} from './types';

/** Input to {@link buildCycleAggregates}. */
export interface CycleAggregatesInput {
  /** The organization's minimum reporting group size, an integer ≥ 3. */
  readonly k: number;
  readonly cycleId: string;
  /** The teams of the organization; each becomes a part of the agency partition. */
  readonly teams: readonly TeamRef[];
  /** Every scored response of the cycle. All must carry `cycleId`. */
  readonly responses: readonly ScoredResponse[];
}

/**
 * Compute the aggregates published when a cycle closes: one cell per measure
 * for the agency (group {@link ORG_GROUP}) and for each team, already
 * suppressed, ready to store verbatim in `cycle_aggregates`.
 *
 * Why this shape (ARCHITECTURE §4):
 * - It is the only producer of numbers about other people. Each cell is
 *   either published (n ≥ k: n, mean, SD, 95% CI, level counts), empty
 *   (n = 0) or suppressed (a reason, no numbers at all); see
 *   {@link planSuppression} for the minimum-group and complementary rules.
 * - Release at close: the result is a pure, deterministic function of the
 *   multiset of responses, so the same closed cycle always yields the same
 *   cells. The cells hold no raw scores, so nothing downstream can recompute
 *   or "refresh" them; the database layer stores them once and never
 *   republishes (a before/after difference would reveal a deleted response).
 * - Known answers (rule 6): responses with `isViewer` (program directors and
 *   admins, who see results) never enter any number. Counting them anywhere
 *   would let the insider subtract their own answers; leaving them out means
 *   every count in rules 1 and 2 is a count of people who cannot see results.
 * - Responses whose `groupId` is not one of `teams` (for example staff with
 *   no team) count in the agency total but belong to no published cell, so
 *   they are treated as hidden when checking complementary suppression.
 * - Precision (rule 8): mean, SD and CI bounds are rounded to one decimal.
 * - No homogeneity (rule 9): level breakdowns are withheld by
 *   {@link withholdLevelBreakdowns}, with their reason; the mean and CI stay.
 * - The agency and its teams form the only partition published per cycle.
 *   Publishing a second partition of the same responses (say, by role)
 *   would need joint suppression across both and is not supported.
 *
 * Output order: agency cells first, then teams by id (code-unit order); within
 * a group, measures in {@link MEASURES} order. The cells and the array are
 * frozen. Independent of the order of `responses` and `teams`; inputs are
 * never modified.
 *
 * Throws when k is not an integer ≥ 3, a response belongs to another cycle,
 * team ids repeat or equal "org", or a score is malformed (non-finite value,
 * unknown level, or a level without a value).
 *
 * Cost: O(R · M + C log C) for R responses, M measures, C scores per cell.
 *
 * @example
 * // k = 5, one team "t1" whose five responses score burnout 20, 25, 30, 35, 40:
 * // the "org" and "t1" burnout cells are both
 * // { n: 5, mean: 30, sd: 7.9, ci95: [20.2, 39.8], levelCounts: null,
 * //   levelsWithheld: 'level breakdown withheld: …', suppressed: null }
 * // (the breakdown low 1 / moderate 4 is withheld: one person is low, and 1 < k).
 */
export function buildCycleAggregates(input: CycleAggregatesInput): readonly AggregateCell[] {
  const fn = 'buildCycleAggregates';
  const { k, cycleId, teams, responses } = input;
  assertMinimumGroupSize(k, fn);
  if (typeof cycleId !== 'string' || cycleId.length === 0) {
    throw new TypeError(`${fn}: cycleId must be a non-empty string`);
  }

  const teamIds = teams.map((t) => t.id).sort(compareIds);
  const buckets = new Map<string, GroupBucket>();
  for (const id of teamIds) {
    if (typeof id !== 'string' || id.length === 0) throw new TypeError(`${fn}: team ids must be non-empty strings`);
    if (id === ORG_GROUP) throw new Error(`${fn}: a team id may not be "${ORG_GROUP}"`);
    if (buckets.has(id)) throw new Error(`${fn}: duplicate team id "${id}"`);
    buckets.set(id, newBucket());
  }
  const org = newBucket();
  const unassigned = newBucket();

  responses.forEach((response, index) => {
    if (response.cycleId !== cycleId) {
      throw new Error(`${fn}: response ${index} belongs to cycle "${String(response.cycleId)}", not "${cycleId}"`);
    }
    // Rule 6: a viewer's answers are known to the insider, so they never count.
    if (response.isViewer === true) return;
    const team = buckets.get(response.groupId) ?? unassigned;
    org.responses += 1;
    team.responses += 1;
    for (const measure of MEASURES) {
      const score = readScore(response, measure, index, fn);
      if (score === null) continue;
      for (const bucket of [org, team]) {
        bucket.values[measure].push(score.value);
        if (score.level !== null) bucket.levels[measure][score.level] += 1;
      }
    }
  });

  const plan = planSuppression({
    k,
    parts: teamIds.map((id) => countsOf(id, buckets.get(id)!)),
    unassigned: countsOf('', unassigned),
  });

  const cells: AggregateCell[] = [];
  pushGroupCells(cells, ORG_GROUP, cycleId, org, plan.total);
  for (const id of teamIds) pushGroupCells(cells, id, cycleId, buckets.get(id)!, plan.parts.get(id)!);
  return withholdLevelBreakdowns(cells, k);
}

interface GroupBucket {
  responses: number;
  values: Record<Measure, number[]>;
  levels: Record<Measure, Record<Level, number>>;
}

function newBucket(): GroupBucket {
  const values = {} as Record<Measure, number[]>;
  const levels = {} as Record<Measure, Record<Level, number>>;
  for (const m of MEASURES) {
    values[m] = [];
    levels[m] = { low: 0, moderate: 0, high: 0 };
  }
  return { responses: 0, values, levels };
}

function countsOf(id: string, bucket: GroupBucket): PartCounts {
  const scored = {} as Record<Measure, number>;
  for (const m of MEASURES) scored[m] = bucket.values[m].length;
  return { id, responses: bucket.responses, scored };
}

/** The score if valid, null if missing; throws on malformed input rather than guessing. */
function readScore(
  response: ScoredResponse,
  measure: Measure,
  index: number,
  fn: string,
): { value: number; level: Level | null } | null {
  const scores = response.scores as Readonly<Record<string, unknown>> | null | undefined;
  if (typeof scores !== 'object' || scores === null) throw new TypeError(`${fn}: response ${index} has no scores object`);
  const score = scores[measure] as { value?: unknown; level?: unknown } | undefined | null;
  if (score === undefined || score === null) return null;
  const { value, level } = score;
  if (level !== null && !(LEVELS as readonly unknown[]).includes(level)) {
    throw new TypeError(`${fn}: response ${index} has an unknown ${measure} level ${String(level)}`);
  }
  if (value === null) {
    if (level !== null) throw new TypeError(`${fn}: response ${index} has a ${measure} level but no value`);
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${fn}: response ${index} has a non-finite ${measure} value ${String(value)}`);
  }
  return { value, level: level as Level | null };
}

/**
 * Reason for a cell whose scores are all (practically) the same: showing it would show
 * each one. Deliberately the same words as complementary suppression, so the reason does
 * not itself say that everyone answered alike.
 */
export const IDENTICAL_ANSWERS_REASON = COMPLEMENTARY_REASON;

function pushGroupCells(
  cells: AggregateCell[],
  group: string,
  cycle: string,
  bucket: GroupBucket,
  reasons: MeasureReasons,
): void {
  for (const measure of MEASURES) {
    const reason = reasons[measure];
    const values = bucket.values[measure];
    if (reason !== null) {
      const cell: SuppressedCell = {
        group, cycle, measure,
        n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null,
        suppressed: reason,
      };
      cells.push(Object.freeze(cell));
    } else if (values.length === 0) {
      const cell: EmptyCell = {
        group, cycle, measure,
        n: 0, mean: null, sd: null, ci95: null,
        levelCounts: Object.freeze({ low: 0, moderate: 0, high: 0 } as const),
        levelsWithheld: null,
        suppressed: null,
      };
      cells.push(Object.freeze(cell));
    } else {
      const exact = summarizeSample(values);
      const { n } = exact;
      const { mean, sd, ci95 } = publishedMoments(n, exact.mean, exact.sd);
      if (sd === 0) {
        // Everyone in the group gave (practically) the same score: mean, SD 0 and a
        // zero-width CI would publish each person's exact score, so the cell is hidden.
        const cell: SuppressedCell = {
          group, cycle, measure,
          n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null,
          suppressed: IDENTICAL_ANSWERS_REASON,
        };
        cells.push(Object.freeze(cell));
        continue;
      }
      const levels = bucket.levels[measure];
      const levelCounts: LevelCounts = Object.freeze({ low: levels.low, moderate: levels.moderate, high: levels.high });
      // Rule 8: rounded once, here; the CI comes from the rounded moments.
      const cell: PublishedCell = {
        group, cycle, measure,
        n,
        mean,
        sd,
        ci95: Object.freeze([ci95[0], ci95[1]] as const),
        levelCounts,
        levelsWithheld: null,
        suppressed: null,
      };
      cells.push(Object.freeze(cell));
    }
  }
}
