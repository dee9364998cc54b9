import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { cycleParticipation, cycleSchedules, cycles, organizations, type CycleInstruments } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { isOrgCheckSetting, type OrgCheckSetting } from '@/lib/cycles/org-check-due';
import { nextOpening } from '@/lib/cycles/schedule';
import { AppError } from '@/lib/errors';
import { placementFor } from '@/lib/jobs/placement';
import { writeAudit } from './audit';
import { isUniqueViolation } from './db-errors';
import { publishDriverResults } from './drivers';
import { getUsableVrDefinition } from './packs';
import { loadParticipationRows, publishCycleAggregates } from './publication';

const DAY_MS = 86_400_000;

export interface ScheduleDto {
  enabled: boolean;
  cadence: 'monthly' | 'bimonthly' | 'quarterly';
  openDay: number;
  durationDays: number;
  vrInstrument: string;
  includeSelfCare: boolean;
  /** How often cycles include the brief organizational check (issue 15). */
  orgCheck: OrgCheckSetting;
  reminderDaysBeforeClose: number;
  nextOpening: string | null;
}

const defaultSchedule = {
  enabled: false,
  cadence: 'monthly' as const,
  openDay: 1,
  durationDays: 14,
  vrInstrument: 'brief-vr',
  includeSelfCare: true,
  orgCheck: 'twice_yearly',
  reminderDaysBeforeClose: 3,
};

export async function getSchedule(db: DbOrTx, orgId: string, now = new Date()): Promise<ScheduleDto> {
  const [row] = await db.select().from(cycleSchedules).where(eq(cycleSchedules.orgId, orgId)).limit(1);
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)).limit(1);
  const s = row ?? { ...defaultSchedule };
  return {
    enabled: s.enabled,
    cadence: s.cadence,
    openDay: s.openDay,
    durationDays: s.durationDays,
    vrInstrument: s.vrInstrument,
    includeSelfCare: s.includeSelfCare,
    orgCheck: isOrgCheckSetting(s.orgCheck) ? s.orgCheck : 'twice_yearly',
    reminderDaysBeforeClose: s.reminderDaysBeforeClose,
    nextOpening: s.enabled ? nextOpening(s, now, placementFor(orgId, org?.timeZone ?? 'UTC')).toISOString() : null,
  };
}

export async function updateSchedule(
  db: Db,
  admin: OrgMember,
  input: Omit<ScheduleDto, 'nextOpening' | 'orgCheck'> & { orgCheck?: OrgCheckSetting },
): Promise<void> {
  await getUsableVrDefinition(db, admin.orgId, input.vrInstrument);
  await db.transaction(async (tx) => {
    const values = { ...input, orgId: admin.orgId, updatedAt: new Date() };
    await tx.insert(cycleSchedules).values(values).onConflictDoUpdate({ target: cycleSchedules.orgId, set: values });
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: 'schedule.update',
      targetType: 'organization',
      targetId: admin.orgId,
      detail: { enabled: input.enabled, cadence: input.cadence, openDay: input.openDay, durationDays: input.durationDays, orgCheck: input.orgCheck ?? null },
    });
  });
}

export const CYCLE_ALREADY_OPEN = 'A check-in cycle is already open. Close it before opening another.';

export async function openOneOffCycle(
  db: Db,
  member: OrgMember,
  input: { durationDays: number; vrInstrument: string; includeSelfCare: boolean; includeOrgCheck?: boolean },
  now = new Date(),
): Promise<string> {
  await getUsableVrDefinition(db, member.orgId, input.vrInstrument);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(cycles)
        .values({
          orgId: member.orgId,
          opensAt: now,
          closesAt: new Date(now.getTime() + input.durationDays * DAY_MS),
          instruments: { vr: input.vrInstrument, selfCare: input.includeSelfCare, orgCheck: input.includeOrgCheck === true },
        })
        .returning({ id: cycles.id });
      await writeAudit(tx, {
        orgId: member.orgId,
        actorUserId: member.userId,
        action: 'cycle.open',
        targetType: 'cycle',
        targetId: row!.id,
        detail: { durationDays: input.durationDays },
      });
      return row!.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', CYCLE_ALREADY_OPEN);
    throw err;
  }
}

/**
 * Closes a cycle and publishes its aggregates, in one transaction. This is the single
 * place where a cycle ends, whether by schedule or by hand. Idempotent: the conditional
 * UPDATE lets exactly one caller close it; others get false.
 */
export async function closeCycle(
  db: Db,
  orgId: string,
  cycleId: string,
  options: { now?: Date; actorUserId?: string | null } = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [closed] = await tx
      .update(cycles)
      .set({ status: 'closed', closedAt: now })
      .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, orgId), eq(cycles.status, 'open')))
      .returning({ id: cycles.id });
    if (!closed) return false;
    await publishCycleAggregates(tx, orgId, cycleId, now);
    await publishDriverResults(tx, orgId, cycleId, now);
    await writeAudit(tx, {
      orgId,
      actorUserId: options.actorUserId ?? null,
      action: options.actorUserId ? 'cycle.close_early' : 'cycle.close_scheduled',
      targetType: 'cycle',
      targetId: cycleId,
    });
    return true;
  });
}

export async function closeCycleEarly(db: Db, member: OrgMember, cycleId: string, now = new Date()): Promise<void> {
  const [exists] = await db
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, member.orgId)))
    .limit(1);
  if (!exists) throw new AppError('NOT_FOUND', 'That cycle does not exist.');
  const closed = await closeCycle(db, member.orgId, cycleId, { now, actorUserId: member.userId });
  if (!closed) throw new AppError('CONFLICT', 'This cycle is already closed.');
}

export interface CycleSummaryDto {
  id: string;
  opensAt: string;
  closesAt: string;
  status: 'open' | 'closed';
  scheduled: boolean;
  vrInstrument: string;
  selfCare: boolean;
  invited: number | null;
  participated: number | null;
}

/** Cycles with participation counts: live for the open cycle, as published for closed ones. */
export async function listCycles(db: DbOrTx, orgId: string): Promise<CycleSummaryDto[]> {
  const rows = await db
    .select()
    .from(cycles)
    .where(eq(cycles.orgId, orgId))
    .orderBy(desc(cycles.opensAt));
  const published = await db
    .select({ cycleId: cycleParticipation.cycleId, invited: cycleParticipation.invited, participated: cycleParticipation.participated })
    .from(cycleParticipation)
    .where(and(eq(cycleParticipation.orgId, orgId), eq(cycleParticipation.groupId, 'org')));
  const byCycle = new Map(published.map((p) => [p.cycleId, p]));
  const open = rows.find((r) => r.status === 'open');
  const live = open ? await countLiveParticipation(db, orgId, open.id) : null;
  return rows.map((r) => {
    const p = r.status === 'open' ? live : byCycle.get(r.id);
    return {
      id: r.id,
      opensAt: r.opensAt.toISOString(),
      closesAt: r.closesAt.toISOString(),
      status: r.status,
      scheduled: r.scheduleKey !== null,
      vrInstrument: r.instruments.vr,
      selfCare: r.instruments.selfCare,
      invited: p?.invited ?? null,
      participated: p?.participated ?? null,
    };
  });
}

async function countLiveParticipation(db: DbOrTx, orgId: string, cycleId: string) {
  const rows = await loadParticipationRows(db, orgId, cycleId, new Set());
  return { invited: rows.length, participated: rows.filter((r) => r.hasParticipated).length };
}

export interface OpenCycle {
  id: string;
  opensAt: Date;
  closesAt: Date;
  instruments: CycleInstruments;
}

export async function getOpenCycle(db: DbOrTx, orgId: string): Promise<OpenCycle | null> {
  const [row] = await db
    .select({ id: cycles.id, opensAt: cycles.opensAt, closesAt: cycles.closesAt, instruments: cycles.instruments })
    .from(cycles)
    .where(and(eq(cycles.orgId, orgId), eq(cycles.status, 'open')))
    .limit(1);
  return row ?? null;
}
