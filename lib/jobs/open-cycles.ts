import 'server-only';
import { and, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycleSchedules, cycles, organizations } from '@/db/schema';
import { dueWindow } from '@/lib/cycles/schedule';
import { shouldIncludeOrgCheck } from '@/lib/server/org-check';
import { placementFor } from './placement';

/**
 * Opens the scheduled cycle of every agency (or of `orgId`) whose window is open at `now`,
 * in the agency's time zone with its offset. Idempotent: the unique indexes on (agency,
 * period) and on one open cycle per agency decide, with ON CONFLICT DO NOTHING; agencies
 * that already have a cycle open or one for the period are skipped before any insert.
 */
export async function openDueCycles(db: DbOrTx, now: Date, orgId?: string): Promise<number> {
  const schedules = await db
    .select({
      orgId: cycleSchedules.orgId,
      cadence: cycleSchedules.cadence,
      openDay: cycleSchedules.openDay,
      durationDays: cycleSchedules.durationDays,
      vrInstrument: cycleSchedules.vrInstrument,
      includeSelfCare: cycleSchedules.includeSelfCare,
      orgCheck: cycleSchedules.orgCheck,
      timeZone: organizations.timeZone,
    })
    .from(cycleSchedules)
    .innerJoin(organizations, eq(organizations.id, cycleSchedules.orgId))
    .where(orgId ? and(eq(cycleSchedules.enabled, true), eq(cycleSchedules.orgId, orgId)) : eq(cycleSchedules.enabled, true));
  const due = schedules.flatMap((s) => {
    const window = dueWindow(s, now, placementFor(s.orgId, s.timeZone));
    return window ? [{ s, window }] : [];
  });
  if (!due.length) return 0;
  const keys = [...new Set(due.map((d) => d.window.scheduleKey))];
  const taken = await db
    .select({ orgId: cycles.orgId, scheduleKey: cycles.scheduleKey, status: cycles.status })
    .from(cycles)
    .where(
      and(
        inArray(cycles.orgId, due.map((d) => d.s.orgId)),
        // An open cycle of any kind blocks; a cycle for the period (open or closed) is done.
        or(eq(cycles.status, 'open'), inArray(cycles.scheduleKey, keys)),
      ),
    );
  const busy = new Set(taken.flatMap((t) => [t.status === 'open' ? `${t.orgId}|*` : '', `${t.orgId}|${t.scheduleKey}`]));
  let opened = 0;
  for (const { s, window } of due) {
    if (busy.has(`${s.orgId}|*`) || busy.has(`${s.orgId}|${window.scheduleKey}`)) continue;
    const orgCheck = await shouldIncludeOrgCheck(db, s.orgId, s.orgCheck, window.opensAt);
    const inserted = await db
      .insert(cycles)
      .values({
        orgId: s.orgId,
        opensAt: window.opensAt,
        closesAt: window.closesAt,
        scheduleKey: window.scheduleKey,
        instruments: { vr: s.vrInstrument, selfCare: s.includeSelfCare, orgCheck },
      })
      .onConflictDoNothing()
      .returning({ id: cycles.id });
    opened += inserted.length;
  }
  return opened;
}
