import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { cycles, organizations, reminders } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { writeAudit } from '@/lib/server/audit';
import { queueMails } from '@/lib/server/mail';
import { listNonParticipants } from '@/lib/server/publication';

/**
 * Queues one reminder for every eligible member of the agency who has not checked in to the
 * open cycle and has not been reminded for it yet. In one transaction: the (cycle, person)
 * rows of `reminders` are claimed (its primary key keeps it to one reminder per person per
 * cycle, whoever asks and however often) and their mails are queued with them, so a claimed
 * reminder always has its mail and a crash loses neither. Returns how many were queued.
 */
export async function queueCycleReminders(db: Db, orgId: string, cycleId: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const [cycle] = await tx
      .select({ closesAt: cycles.closesAt, status: cycles.status, orgName: organizations.name })
      .from(cycles)
      .innerJoin(organizations, eq(organizations.id, cycles.orgId))
      .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, orgId)))
      .limit(1);
    if (!cycle || cycle.status !== 'open' || now.getTime() >= cycle.closesAt.getTime()) return 0;
    const people = await listNonParticipants(tx, orgId, cycleId);
    if (!people.length) return 0;
    const claimedIds = new Set<string>();
    for (let i = 0; i < people.length; i += 1000) {
      const claimed = await tx
        .insert(reminders)
        .values(people.slice(i, i + 1000).map((p) => ({ orgId, cycleId, userId: p.userId, sentAt: now })))
        .onConflictDoNothing()
        .returning({ userId: reminders.userId });
      for (const r of claimed) claimedIds.add(r.userId);
    }
    const closes = cycle.closesAt.toLocaleDateString('en', { dateStyle: 'full', timeZone: 'UTC' });
    const link = `${getEnv().appUrl}/orgs/${orgId}/checkin`;
    return queueMails(
      tx,
      people
        .filter((p) => claimedIds.has(p.userId))
        .map((p) => ({
          orgId,
          kind: 'reminder' as const,
          to: p.email,
          subject: `Your ${cycle.orgName} check-in closes ${closes}`,
          body: [
            `Hello ${p.name},`,
            ``,
            `Your agency's wellbeing check-in on Sustain is open until ${closes}. It takes about 10 minutes.`,
            `Your answers are confidential: only you see your results. Your agency sees anonymized totals for groups.`,
            ``,
            `Check in: ${link}`,
            ``,
            `This is the only reminder you will get for this check-in.`,
          ].join('\n'),
        })),
      now,
    );
  });
}

export interface RemindNowResult {
  /** People newly queued for a reminder by this request. */
  queued: number;
  /** Eligible people who had not checked in but were already reminded for this cycle. */
  alreadyReminded: number;
}

/**
 * "Remind now" on an open cycle, for program directors and admins (the caller authorized
 * `member` for that role). Counts only, never names. A second press queues nobody twice.
 */
export async function remindNow(db: Db, member: OrgMember, cycleId: string, now = new Date()): Promise<RemindNowResult> {
  const [cycle] = await db
    .select({ status: cycles.status, closesAt: cycles.closesAt })
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, member.orgId)))
    .limit(1);
  if (!cycle) throw new AppError('NOT_FOUND', 'That cycle does not exist.');
  if (cycle.status !== 'open' || now.getTime() >= cycle.closesAt.getTime())
    throw new AppError('CONFLICT', 'This cycle is closed, so there is no one to remind.');
  const queued = await queueCycleReminders(db, member.orgId, cycleId, now);
  const alreadyReminded = await db.transaction(async (tx) => {
    await writeAudit(tx, {
      orgId: member.orgId,
      actorUserId: member.userId,
      action: 'cycle.remind_now',
      targetType: 'cycle',
      targetId: cycleId,
      detail: { queued },
    });
    const people = await listNonParticipants(tx, member.orgId, cycleId);
    if (!people.length) return 0;
    const reminded = await tx
      .select({ userId: reminders.userId })
      .from(reminders)
      .where(and(eq(reminders.cycleId, cycleId), inArray(reminders.userId, people.map((p) => p.userId))));
    return reminded.length - queued;
  });
  return { queued, alreadyReminded: Math.max(0, alreadyReminded) };
}
