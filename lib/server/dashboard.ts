import 'server-only';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycleAggregates, cycleChanges, cycleParticipation, cycles, instrumentPacks, organizations, teams } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { cellsOnScale, type ViewCell } from '@/lib/dashboard/view';
import { BRIEF_VR, parsePack, type InstrumentDefinition } from '@/lib/instruments';
import { getMeasure, getMeasures, levelOf, type MeasureKey, type MeasureSpec } from '@/lib/measures';
import {
  MEASURES,
  MEASURE_LABELS,
  ORG_GROUP,
  aggregateCellSchema,
  changeCellSchema,
  summarizeParticipation,
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

/** A published cell with names attached: the one cell type of lib/privacy, extended in lib/dashboard. */
export type CellDto = ViewCell;

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
  /** Each measure as the latest closed cycle measured it (VR: an installed pack's range and cut points), from lib/measures. */
  measures: Readonly<Record<MeasureKey, MeasureSpec>>;
}

/**
 * The VR definitions of the given instrument ids (the brief check or this agency's packs).
 * A pack that no longer validates maps to null: its cells then have no level.
 */
async function vrDefinitions(db: DbOrTx, orgId: string, vrIds: readonly string[]) {
  const map = new Map<string, InstrumentDefinition | null>([[BRIEF_VR.id, BRIEF_VR]]);
  const packIds = vrIds.filter((v) => v !== BRIEF_VR.id);
  if (packIds.length) {
    const rows = await db
      .select({ id: instrumentPacks.id, definition: instrumentPacks.definition })
      .from(instrumentPacks)
      .where(and(eq(instrumentPacks.orgId, orgId), inArray(instrumentPacks.id, packIds)));
    for (const r of rows) {
      const parsed = parsePack(r.definition);
      map.set(r.id, parsed.ok ? parsed.pack : null);
    }
  }
  return map;
}

/** The spec of `measure` in a cycle that used the VR instrument `vrInstrument`; null for an unreadable pack. */
function specIn(defs: ReadonlyMap<string, InstrumentDefinition | null>, measure: MeasureKey, vrInstrument: string): MeasureSpec | null {
  if (measure !== 'vr') return getMeasure(measure);
  const def = defs.get(vrInstrument);
  return def ? getMeasure('vr', def) : null;
}

/** Each measure as the given cycle measured it (lib/measures); the built-in specs when there is no cycle. */
export async function getCycleMeasures(db: DbOrTx, orgId: string, cycle: ClosedCycleDto | undefined): Promise<Readonly<Record<MeasureKey, MeasureSpec>>> {
  if (!cycle) return getMeasures();
  const def = (await vrDefinitions(db, orgId, [cycle.vrInstrument])).get(cycle.vrInstrument);
  return getMeasures(def ?? undefined);
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
  // The four measures only by default: the organizational check's pillar rows (issue 15) have their own reader.
  conditions.push(inArray(cycleAggregates.measure, query.measures ?? [...MEASURES]));
  const rows = await db.select({ cell: cycleAggregates.cell }).from(cycleAggregates).where(and(...conditions));
  const names = new Map(teamRefs.map((t) => [t.id, t.name]));
  const vrDefs = await vrDefinitions(db, orgId, [...new Set(closed.map((c) => c.vrInstrument))]);
  const order = new Map(closed.map((c, i) => [c.id, i]));
  const cells: CellDto[] = [];
  for (const row of rows) {
    const cell = aggregateCellSchema.parse(row.cell);
    const cycle = cycleById.get(cell.cycle);
    if (!cycle) continue;
    const spec = specIn(vrDefs, cell.measure, cycle.vrInstrument);
    cells.push({
      ...cell,
      groupName: groupLabel(names, cell.group),
      cycleDate: cycle.opensAt,
      meanLevel: cell.mean !== null && spec ? levelOf(spec, cell.mean) : null,
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
        // The four measures; pillar changes of the organizational check are read by lib/server/pillars.ts.
    .where(and(eq(cycleChanges.orgId, orgId), inArray(cycleChanges.cycleId, [...cycleIds]), inArray(cycleChanges.measure, [...MEASURES])));
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
  const last = closed[closed.length - 1];
  // One chart never joins two scales: VR cells of cycles that used another VR instrument
  // than the latest cycle are left out of the trend (the heatmap shows the latest cycle only).
  const trend = cellsOnScale(await getPublishedCells(db, orgId, {}, { closed, teams: teamRefs }), 'vr', (id) => {
    return closed.find((c) => c.id === id)?.vrInstrument === last?.vrInstrument;
  });
  let latest: DashboardDto['latest'] = null;
  if (last) {
    const cells = trend.filter((c) => c.cycle === last.id);
    const [participation, changes] = await Promise.all([
      publishedParticipation(db, orgId, last.id, names),
      getPublishedChanges(db, orgId, [last.id]),
    ]);
    latest = { cycle: last, cells, participation, changes };
  }
  const measures = await getCycleMeasures(db, orgId, last);
  return { orgName: org.name, k: org.k, teams: teamRefs, openCycle, closedCycles: closed, latest, trend, measures };
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
