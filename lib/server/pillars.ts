import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycleAggregates, cycleChanges, cycles, organizations, responses } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import type { PillarChangeView, PillarViewCell } from '@/lib/dashboard/pillars';
import type { PillarMeanPoint } from '@/lib/recommendations/pillar-help';
import { ORG_CHECK, ORG_CHECK_PILLARS, PILLAR_NAMES, type PillarCode } from '@/lib/instruments';
import {
  ORG_GROUP,
  PILLAR_ALPHA_MEASURE,
  PILLAR_MEASURES,
  pillarAlphasSchema,
  pillarCellSchema,
  pillarChangeCellSchema,
  type PillarAlpha,
} from '@/lib/privacy';
import { listClosedCycles, listTeamRefs, type ClosedCycleDto } from './dashboard';
import { respondentKeyFor } from './respondent-key';

/**
 * Reads of the organizational check (issue 15). Director-facing numbers come only from
 * the pillar cells published at close (cycle_aggregates, measures org_lm … org_hw); the
 * staff member's own answers come from their own response, found by their respondent key.
 */

/**
 * Published pillar cells of the agency's closed cycles, validated on read, with names and
 * dates. Directors and admins only (the caller authorizes; `member` scopes the agency).
 */
export async function getPublishedPillarCells(
  db: DbOrTx,
  member: OrgMember,
  options: { groupIds?: string[]; closed?: ClosedCycleDto[] } = {},
): Promise<PillarViewCell[]> {
  // Defence in depth: staff see the agency's pillar means only beside their own answers (getMyOrgCheck).
  if (member.role === 'staff') return [];
  const [closed, teamRefs] = await Promise.all([options.closed ?? listClosedCycles(db, member.orgId), listTeamRefs(db, member.orgId)]);
  if (!closed.length) return [];
  const byId = new Map(closed.map((c) => [c.id, c]));
  const conditions = [
    eq(cycleAggregates.orgId, member.orgId),
    inArray(cycleAggregates.cycleId, closed.map((c) => c.id)),
    inArray(cycleAggregates.measure, [...PILLAR_MEASURES]),
  ];
  if (options.groupIds) conditions.push(inArray(cycleAggregates.groupId, options.groupIds));
  const rows = await db.select({ cell: cycleAggregates.cell }).from(cycleAggregates).where(and(...conditions));
  const names = new Map(teamRefs.map((t) => [t.id, t.name]));
  return rows.flatMap(({ cell: raw }) => {
    const cell = pillarCellSchema.parse(raw);
    const cycle = byId.get(cell.cycle);
    if (!cycle) return [];
    return [
      {
        group: cell.group,
        groupName: cell.group === ORG_GROUP ? 'Whole agency' : (names.get(cell.group) ?? 'Former team'),
        cycle: cell.cycle,
        cycleDate: cycle.opensAt,
        measure: cell.measure,
        n: cell.n,
        mean: cell.mean,
        ci95: cell.ci95,
        suppressed: cell.suppressed,
      },
    ];
  });
}

/** A published pillar change cell with the dates of both checks. */
export type PillarChangeDto = PillarChangeView & { cycleDate: string };

/**
 * Published within-person pillar change cells (`cycle_changes`, measures org_lm … org_hw)
 * of the agency's closed cycles, validated on read, with the dates of both checks. Callers
 * authorize a director or admin (staff get nothing here, as for the pillar cells);
 * `orgId` scopes the query.
 */
export async function listPublishedPillarChanges(
  db: DbOrTx,
  orgId: string,
  closed: readonly ClosedCycleDto[],
  options: { groupIds?: string[] } = {},
): Promise<PillarChangeDto[]> {
  if (!closed.length) return [];
  const byId = new Map(closed.map((c) => [c.id, c]));
  const conditions = [
    eq(cycleChanges.orgId, orgId),
    inArray(cycleChanges.cycleId, closed.map((c) => c.id)),
    inArray(cycleChanges.measure, [...PILLAR_MEASURES]),
  ];
  if (options.groupIds) conditions.push(inArray(cycleChanges.groupId, options.groupIds));
  const rows = await db.select({ cell: cycleChanges.cell }).from(cycleChanges).where(and(...conditions));
  return rows.flatMap(({ cell: raw }) => {
    const c = pillarChangeCellSchema.parse(raw);
    const cycle = byId.get(c.cycle);
    const previous = byId.get(c.previousCycle);
    if (!cycle || !previous) return [];
    return [
      {
        group: c.group,
        cycle: c.cycle,
        cycleDate: cycle.opensAt,
        previousCycle: c.previousCycle,
        previousCycleDate: previous.opensAt,
        measure: c.measure,
        nPairs: c.nPairs,
        meanChange: c.meanChange,
        ci95: c.ci95,
        qValue: c.qValue,
        flagged: c.flagged,
        suppressed: c.suppressed,
      },
    ];
  });
}

/** The same for the dashboard: directors and admins only (defence in depth: staff get none). */
export async function getPublishedPillarChanges(
  db: DbOrTx,
  member: OrgMember,
  options: { groupIds?: string[]; closed?: ClosedCycleDto[] } = {},
): Promise<PillarChangeDto[]> {
  if (member.role === 'staff') return [];
  const closed = options.closed ?? (await listClosedCycles(db, member.orgId));
  return listPublishedPillarChanges(db, member.orgId, closed, { groupIds: options.groupIds });
}

/** Cronbach's alpha per pillar as published at the latest close that stored it (admins only), or null. */
export async function getLatestPillarAlphas(db: DbOrTx, member: OrgMember): Promise<{ cycleDate: string; alphas: PillarAlpha[] } | null> {
  if (member.role !== 'admin') return null;
  const closed = await listClosedCycles(db, member.orgId);
  if (!closed.length) return null;
  const rows = await db
    .select({ cycleId: cycleAggregates.cycleId, cell: cycleAggregates.cell })
    .from(cycleAggregates)
    .where(
      and(
        eq(cycleAggregates.orgId, member.orgId),
        eq(cycleAggregates.measure, PILLAR_ALPHA_MEASURE),
        inArray(cycleAggregates.cycleId, closed.map((c) => c.id)),
      ),
    );
  const latest = [...closed].reverse().find((c) => rows.some((r) => r.cycleId === c.id));
  if (!latest) return null;
  return { cycleDate: latest.opensAt, alphas: pillarAlphasSchema.parse(rows.find((r) => r.cycleId === latest.id)!.cell) };
}

/** Note for staff when the agency does not show agency results to staff. */
export const AGENCY_RESULTS_OFF_NOTE =
  'Your agency has chosen not to show agency-wide results to staff, so you see your own answers only.';

export interface MyOrgCheckDto {
  /**
   * Whether the agency's pillar means may be shown beside the caller's answers: always for
   * directors and admins (they see results anyway), for staff only when the agency allows
   * staff to see agency results (`organizations.staff_see_agency_results`, the setting the
   * wellbeing agency results use). When false, `pillars[].agency` is null for every pillar.
   */
  agencyShown: boolean;
  /** The caller's own answer per statement (null = skipped or "don't know"). */
  items: { id: number; text: string; pillar: PillarCode; answer: number | null }[];
  pillars: {
    code: PillarCode;
    name: string;
    /** The caller's own pillar score, or null with the reason. */
    mine: number | null;
    reason: string | null;
    /** The agency's published mean for this cycle (never a team's), or null while open / when hidden. */
    agency: { mean: number; ci95: [number, number]; n: number } | null;
    agencyNote: string;
  }[];
}

/**
 * The caller's own organizational-check answers for one cycle beside the agency's
 * published pillar means (agency only: a team's mean beside one's own answers would let a
 * staff member read a small team more closely). Staff see the agency's means only when
 * the agency allows staff to see agency results (as for the wellbeing agency results,
 * getAgencyResultsForStaff); otherwise only their own answers. Null when the caller's
 * response for the cycle has no organizational answers.
 */
export async function getMyOrgCheck(db: DbOrTx, member: OrgMember, cycleId: string): Promise<MyOrgCheckDto | null> {
  const key = respondentKeyFor(member.userId, member.orgId);
  const [mine] = await db
    .select({ answers: responses.answers, scores: responses.scores, status: cycles.status, publishedAt: cycles.publishedAt })
    .from(responses)
    .innerJoin(cycles, and(eq(cycles.id, responses.cycleId), eq(cycles.orgId, responses.orgId)))
    .where(and(eq(responses.orgId, member.orgId), eq(responses.cycleId, cycleId), eq(responses.respondentKey, key)))
    .limit(1);
  const answers = mine?.answers.orgCheck;
  if (!mine || !answers) return null;
  let agencyShown = member.role !== 'staff';
  if (!agencyShown) {
    const [org] = await db
      .select({ allowed: organizations.staffSeeAgencyResults })
      .from(organizations)
      .where(eq(organizations.id, member.orgId))
      .limit(1);
    agencyShown = org?.allowed === true;
  }
  const agencyCells = mine.publishedAt && agencyShown
    ? await db
        .select({ cell: cycleAggregates.cell })
        .from(cycleAggregates)
        .where(
          and(
            eq(cycleAggregates.orgId, member.orgId),
            eq(cycleAggregates.cycleId, cycleId),
            eq(cycleAggregates.groupId, ORG_GROUP),
            inArray(cycleAggregates.measure, [...PILLAR_MEASURES]),
          ),
        )
    : [];
  const cells = agencyCells.map((r) => pillarCellSchema.parse(r.cell));
  const pillarOf = new Map<number, PillarCode>(ORG_CHECK_PILLARS.flatMap((p) => p.items.map((id) => [id, p.code] as [number, PillarCode])));
  return {
    agencyShown,
    items: ORG_CHECK.items.map((i) => ({ id: i.id, text: i.text, pillar: pillarOf.get(i.id)!, answer: answers[String(i.id)] ?? null })),
    pillars: ORG_CHECK_PILLARS.map((p) => {
      const own = mine.scores.orgPillars?.[p.code];
      const cell = cells.find((c) => c.measure === p.code);
      const shown = cell && cell.suppressed === null && cell.mean !== null && cell.ci95 !== null && cell.n !== null && cell.n > 0;
      return {
        code: p.code,
        name: PILLAR_NAMES[p.code],
        mine: own?.value ?? null,
        reason: own?.value == null ? (own?.reason ?? 'Not answered.') : null,
        agency: shown ? { mean: cell.mean!, ci95: [cell.ci95![0], cell.ci95![1]], n: cell.n! } : null,
        agencyNote: !agencyShown
          ? AGENCY_RESULTS_OFF_NOTE
          : !mine.publishedAt
          ? 'The agency average is published when the cycle closes.'
          : shown
            ? ''
            : (cell?.suppressed ?? 'No agency average was published.'),
      };
    }),
  };
}

/**
 * The agency's shown pillar means in every closed cycle (agency cell only), for "did it
 * help?". Callers authorize the director or admin; `orgId` scopes the query.
 */
export async function listAgencyPillarMeans(db: DbOrTx, orgId: string, closed: readonly ClosedCycleDto[]): Promise<PillarMeanPoint[]> {
  if (!closed.length) return [];
  const byId = new Map(closed.map((c) => [c.id, c]));
  const rows = await db
    .select({ cell: cycleAggregates.cell })
    .from(cycleAggregates)
    .where(
      and(
        eq(cycleAggregates.orgId, orgId),
        eq(cycleAggregates.groupId, ORG_GROUP),
        inArray(cycleAggregates.cycleId, closed.map((c) => c.id)),
        inArray(cycleAggregates.measure, [...PILLAR_MEASURES]),
      ),
    );
  return rows.flatMap(({ cell: raw }) => {
    const cell = pillarCellSchema.parse(raw);
    const cycle = byId.get(cell.cycle);
    if (!cycle || cell.suppressed !== null || cell.mean === null || cell.ci95 === null || !cell.n) return [];
    return [{ cycle: cell.cycle, cycleDate: cycle.opensAt, pillar: cell.measure, mean: cell.mean, ci95: cell.ci95, n: cell.n }];
  });
}
