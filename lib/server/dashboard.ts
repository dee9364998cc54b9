import 'server-only';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycleAggregates, cycleChanges, cycleParticipation, cycles, instrumentPacks, organizations, teams } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { BRIEF_VR, PROQOL5, parsePack } from '@/lib/instruments';
import {
  MEASURES,
  MEASURE_LABELS,
  ORG_GROUP,
  aggregateCellSchema,
  changeCellSchema,
  summarizeParticipation,
  type AggregateCell,
  type ChangeCell,
  type Measure,
} from '@/lib/privacy';
import { loadParticipationRows } from './publication';

/**
 * Director-facing numbers. Everything here is read from what the privacy layer
 * published at close (cycle_aggregates, cycle_participation), or computed by the
 * privacy layer from those cells (comparisons) — never from response rows.
 */

export interface GroupRef {
  id: string;
  name: string;
}

export type CellDto = AggregateCell & {
  groupName: string;
  cycleDate: string;
  /** The level of the mean by the measure's cut points (for colouring), or null. */
  meanLevel: 'low' | 'moderate' | 'high' | null;
};

export interface ClosedCycleDto {
  id: string;
  opensAt: string;
  closesAt: string;
  vrInstrument: string;
  k: number | null;
}

export interface ParticipationDto {
  group: string;
  groupName: string;
  invited: number;
  participated: number;
  rate: number | null;
}

/**
 * A group's within-person change for one measure at the latest close (published at close
 * by the privacy layer): among the people who answered both that cycle and the one before.
 */
export interface ChangeDto {
  group: string;
  measure: Measure;
  cell: ChangeCell;
}

export interface DashboardDto {
  orgName: string;
  k: number;
  teams: GroupRef[];
  openCycle: { id: string; opensAt: string; closesAt: string; participation: ParticipationDto[] } | null;
  closedCycles: ClosedCycleDto[];
  latest: { cycle: ClosedCycleDto; cells: CellDto[]; participation: ParticipationDto[]; changes: ChangeDto[] } | null;
  /** All published cells, oldest cycle first, for trend charts. */
  trend: CellDto[];
}

const cutPoints: Record<'cs' | 'bo' | 'sts', { lowMax: number; highMin: number }> = {
  cs: PROQOL5.subscales.compassionSatisfaction!.levels!,
  bo: PROQOL5.subscales.burnout!.levels!,
  sts: PROQOL5.subscales.secondaryTraumaticStress!.levels!,
};

function levelOf(value: number, c: { lowMax: number; highMin: number } | undefined | null) {
  if (!c) return null;
  return value <= c.lowMax ? 'low' : value >= c.highMin ? 'high' : 'moderate';
}

async function vrCutPoints(db: DbOrTx, orgId: string, vrIds: string[]) {
  const map = new Map<string, { lowMax: number; highMin: number } | null>();
  map.set(BRIEF_VR.id, Object.values(BRIEF_VR.subscales)[0]!.levels ?? null);
  const packIds = vrIds.filter((v) => v !== BRIEF_VR.id);
  if (packIds.length) {
    const rows = await db
      .select({ id: instrumentPacks.id, definition: instrumentPacks.definition })
      .from(instrumentPacks)
      .where(and(eq(instrumentPacks.orgId, orgId), inArray(instrumentPacks.id, packIds)));
    for (const r of rows) {
      const parsed = parsePack(r.definition);
      map.set(r.id, parsed.ok ? (Object.values(parsed.pack.subscales)[0]?.levels ?? null) : null);
    }
  }
  return map;
}

/** How a group is named to directors: the agency, a team, or a team deleted since. */
function groupLabel(names: ReadonlyMap<string, string>, group: string): string {
  return group === ORG_GROUP ? 'Whole agency' : (names.get(group) ?? 'Former team');
}

export async function listTeamRefs(db: DbOrTx, orgId: string): Promise<GroupRef[]> {
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.name));
  return rows;
}

export async function listClosedCycles(db: DbOrTx, orgId: string): Promise<ClosedCycleDto[]> {
  const rows = await db
    .select({ id: cycles.id, opensAt: cycles.opensAt, closesAt: cycles.closesAt, instruments: cycles.instruments, k: cycles.publishedK })
    .from(cycles)
    .where(and(eq(cycles.orgId, orgId), eq(cycles.status, 'closed'), isNotNull(cycles.publishedAt)))
    .orderBy(asc(cycles.opensAt));
  return rows.map((r) => ({
    id: r.id,
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt.toISOString(),
    vrInstrument: r.instruments.vr,
    k: r.k,
  }));
}

export interface CellQuery {
  cycleIds?: string[];
  groupIds?: string[];
  measures?: Measure[];
}

/** Published cells, validated on read, with group names and the cycle date attached. */
export async function getPublishedCells(
  db: DbOrTx,
  orgId: string,
  query: CellQuery = {},
  /** Closed cycles and teams the caller already loaded, so they are not queried again. */
  known: { closed?: ClosedCycleDto[]; teams?: GroupRef[] } = {},
): Promise<CellDto[]> {
  const [closed, teamRefs] = await Promise.all([known.closed ?? listClosedCycles(db, orgId), known.teams ?? listTeamRefs(db, orgId)]);
  const cycleById = new Map(closed.map((c) => [c.id, c]));
  const wantedCycles = query.cycleIds ?? closed.map((c) => c.id);
  if (!wantedCycles.length) return [];
  const conditions = [eq(cycleAggregates.orgId, orgId), inArray(cycleAggregates.cycleId, wantedCycles)];
  if (query.groupIds) conditions.push(inArray(cycleAggregates.groupId, query.groupIds));
  if (query.measures) conditions.push(inArray(cycleAggregates.measure, query.measures));
  const rows = await db.select({ cell: cycleAggregates.cell }).from(cycleAggregates).where(and(...conditions));
  const names = new Map(teamRefs.map((t) => [t.id, t.name]));
  const vrCuts = await vrCutPoints(db, orgId, [...new Set(closed.map((c) => c.vrInstrument))]);
  const order = new Map(closed.map((c, i) => [c.id, i]));
  const cells: CellDto[] = [];
  for (const row of rows) {
    const cell = aggregateCellSchema.parse(row.cell);
    const cycle = cycleById.get(cell.cycle);
    if (!cycle) continue;
    const cuts = cell.measure === 'vr' ? vrCuts.get(cycle.vrInstrument) : cutPoints[cell.measure];
    cells.push({
      ...cell,
      groupName: groupLabel(names, cell.group),
      cycleDate: cycle.opensAt,
      meanLevel: cell.mean !== null ? levelOf(cell.mean, cuts) : null,
    });
  }
  const groupRank = (g: string) => (g === ORG_GROUP ? '' : (names.get(g) ?? g));
  return cells.sort(
    (a, b) =>
      (order.get(a.cycle)! - order.get(b.cycle)!) ||
      groupRank(a.group).localeCompare(groupRank(b.group)) ||
      MEASURES.indexOf(a.measure) - MEASURES.indexOf(b.measure),
  );
}

async function publishedParticipation(db: DbOrTx, orgId: string, cycleId: string, names: Map<string, string>): Promise<ParticipationDto[]> {
  const rows = await db
    .select()
    .from(cycleParticipation)
    .where(and(eq(cycleParticipation.orgId, orgId), eq(cycleParticipation.cycleId, cycleId)));
  return rows
    .map((r) => ({
      group: r.groupId,
      groupName: groupLabel(names, r.groupId),
      invited: r.invited,
      participated: r.participated,
      rate: r.invited > 0 ? r.participated / r.invited : null,
    }))
    .sort((a, b) => (a.group === ORG_GROUP ? -1 : b.group === ORG_GROUP ? 1 : a.groupName.localeCompare(b.groupName)));
}

/** While a cycle is open, directors see participation only: counts and rates per team, from the privacy layer. */
export async function getLiveParticipation(
  db: DbOrTx,
  orgId: string,
  cycleId: string,
  k: number,
  teamRefs: GroupRef[],
): Promise<ParticipationDto[]> {
  const teamIds = new Set(teamRefs.map((t) => t.id));
  const members = await loadParticipationRows(db, orgId, cycleId, teamIds);
  const cells = summarizeParticipation({ k, cycleId, teams: teamRefs.map((t) => ({ id: t.id })), members });
  const names = new Map(teamRefs.map((t) => [t.id, t.name]));
  return cells.map((c) => ({
    group: c.group,
    groupName: groupLabel(names, c.group),
    invited: c.invited,
    participated: c.participated,
    rate: c.rate,
  }));
}

/** Published within-person change cells of the given cycles, validated on read. */
export async function getPublishedChanges(db: DbOrTx, orgId: string, cycleIds: readonly string[]): Promise<ChangeDto[]> {
  if (!cycleIds.length) return [];
  const rows = await db
    .select({ cell: cycleChanges.cell })
    .from(cycleChanges)
    .where(and(eq(cycleChanges.orgId, orgId), inArray(cycleChanges.cycleId, [...cycleIds])));
  return rows
    .map((r) => changeCellSchema.parse(r.cell))
    .map((cell) => ({ group: cell.group, measure: cell.measure, cell }))
    .sort((a, b) => (a.group === b.group ? MEASURES.indexOf(a.measure) - MEASURES.indexOf(b.measure) : a.group === ORG_GROUP ? -1 : b.group === ORG_GROUP ? 1 : a.group.localeCompare(b.group)));
}

export async function getDashboard(db: DbOrTx, member: OrgMember): Promise<DashboardDto> {
  const orgId = member.orgId;
  const [orgRow, teamRefs, closed, openRows] = await Promise.all([
    db.select({ name: organizations.name, k: organizations.minGroupSize }).from(organizations).where(eq(organizations.id, orgId)).limit(1),
    listTeamRefs(db, orgId),
    listClosedCycles(db, orgId),
    db
      .select({ id: cycles.id, opensAt: cycles.opensAt, closesAt: cycles.closesAt })
      .from(cycles)
      .where(and(eq(cycles.orgId, orgId), eq(cycles.status, 'open')))
      .limit(1),
  ]);
  const org = orgRow[0];
  if (!org) throw new AppError('NOT_FOUND', 'Not found.');
  const names = new Map(teamRefs.map((t) => [t.id, t.name]));
  const open = openRows[0];
  const openCycle = open
    ? {
        id: open.id,
        opensAt: open.opensAt.toISOString(),
        closesAt: open.closesAt.toISOString(),
        participation: await getLiveParticipation(db, orgId, open.id, org.k, teamRefs),
      }
    : null;
  const trend = await getPublishedCells(db, orgId, {}, { closed, teams: teamRefs });
  const last = closed[closed.length - 1];
  let latest: DashboardDto['latest'] = null;
  if (last) {
    const cells = trend.filter((c) => c.cycle === last.id);
    const [participation, changes] = await Promise.all([
      publishedParticipation(db, orgId, last.id, names),
      getPublishedChanges(db, orgId, [last.id]),
    ]);
    latest = { cycle: last, cells, participation, changes };
  }
  return { orgName: org.name, k: org.k, teams: teamRefs, openCycle, closedCycles: closed, latest, trend };
}

/**
 * Agency-level published results for staff, only when the agency allows it (default off).
 * Never team-level: staff could otherwise compare their own scores with a small team's.
 */
export async function getAgencyResultsForStaff(db: DbOrTx, member: OrgMember) {
  const [org] = await db
    .select({ allowed: organizations.staffSeeAgencyResults })
    .from(organizations)
    .where(eq(organizations.id, member.orgId))
    .limit(1);
  if (!org?.allowed) return null;
  const closed = await listClosedCycles(db, member.orgId);
  const last = closed[closed.length - 1];
  if (!last) return null;
  const cells = await getPublishedCells(db, member.orgId, { cycleIds: [last.id], groupIds: [ORG_GROUP] }, { closed });
  return {
    cycleDate: last.opensAt,
    cells: cells.map((c) => ({ measure: c.measure, label: MEASURE_LABELS[c.measure], mean: c.mean, ci95: c.ci95, n: c.n, suppressed: c.suppressed })),
  };
}
