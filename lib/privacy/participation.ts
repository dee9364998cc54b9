import { compareIds } from './compare-ids';
import { assertMinimumGroupSize } from './suppression';
import { ORG_GROUP, type TeamRef } from './types';

/** One invited staff member of a cycle, with no identity: only their team and whether they took part. */
export interface ParticipationRow {
  /** The member's team, or null when they have none (counted in the agency row only). */
  readonly groupId: string | null;
  readonly hasParticipated: boolean;
}

/** Participation in one cycle for one group. */
export interface ParticipationCell {
  /** Team id, or "org" for the agency. */
  readonly group: string;
  readonly cycle: string;
  readonly invited: number;
  readonly participated: number;
  /** participated / invited, or null when nobody was invited. */
  readonly rate: number | null;
  /**
   * True when at least k have taken part, so the group's results can be
   * published at close (unless complementary suppression hides them). Lets
   * the page say "results for this team need at least 5 responses".
   */
  readonly hasReachedMinimum: boolean;
}

/**
 * Count invited and participating staff per team and for the agency, with the
 * participation rate, for the director's view while a cycle is open.
 *
 * Why these counts are shown even below k: they are not answers. A count of,
 * say, 2 of 8 says that two people have submitted, not who or what they said;
 * no score, level or other answer is derived from it. ARCHITECTURE §4 lets
 * directors see count and rate per team while a cycle is open, and the same
 * counts would anyway be implied by the published n at close. What this does
 * not protect against is a director noticing the count change right after a
 * given person says they have finished; that reveals participation, never
 * content, and is accepted by the product spec. Scores stay unpublished
 * until close and then go through {@link buildCycleAggregates}.
 *
 * Rows must come from `participations`, never joined to `responses`.
 * Output: agency row first, then teams by id; frozen. Independent of row order.
 * Rows whose team is not in `teams` count toward the agency only.
 *
 * Cost: O(R + T log T).
 *
 * @example
 * summarizeParticipation({ k: 5, cycleId: 'c1', teams: [{ id: 't1' }],
 *   members: [{ groupId: 't1', hasParticipated: true }, { groupId: 't1', hasParticipated: false }] });
 * // [{ group: 'org', cycle: 'c1', invited: 2, participated: 1, rate: 0.5, hasReachedMinimum: false },
 * //  { group: 't1',  cycle: 'c1', invited: 2, participated: 1, rate: 0.5, hasReachedMinimum: false }]
 */
export function summarizeParticipation(input: {
  readonly k: number;
  readonly cycleId: string;
  readonly teams: readonly TeamRef[];
  readonly members: readonly ParticipationRow[];
}): readonly ParticipationCell[] {
  const fn = 'summarizeParticipation';
  const { k, cycleId, teams, members } = input;
  assertMinimumGroupSize(k, fn);
  if (typeof cycleId !== 'string' || cycleId.length === 0) {
    throw new TypeError(`${fn}: cycleId must be a non-empty string`);
  }

  const tallies = new Map<string, { invited: number; participated: number }>();
  for (const id of teams.map((t) => t.id).sort(compareIds)) {
    if (id === ORG_GROUP) throw new Error(`${fn}: a team id may not be "${ORG_GROUP}"`);
    if (tallies.has(id)) throw new Error(`${fn}: duplicate team id "${id}"`);
    tallies.set(id, { invited: 0, participated: 0 });
  }
  const org = { invited: 0, participated: 0 };
  for (const member of members) {
    const team = member.groupId === null ? undefined : tallies.get(member.groupId);
    for (const tally of team ? [org, team] : [org]) {
      tally.invited += 1;
      if (member.hasParticipated) tally.participated += 1;
    }
  }

  const cell = (group: string, t: { invited: number; participated: number }): ParticipationCell =>
    Object.freeze({
      group,
      cycle: cycleId,
      invited: t.invited,
      participated: t.participated,
      rate: t.invited === 0 ? null : t.participated / t.invited,
      hasReachedMinimum: t.participated >= k,
    });
  return Object.freeze([cell(ORG_GROUP, org), ...[...tallies].map(([id, t]) => cell(id, t))]);
}
