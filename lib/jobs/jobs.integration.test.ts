import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { auditLog, cycleSchedules, cycles, jobs, mailMessages, organizations, reminders } from '@/db/schema';
import { describeEachDriver, rowsOf } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import { agencyOffsetSeconds } from '@/lib/cycles/schedule';
import { resetEnvForTests } from '@/lib/env';
import { BRIEF_VR, PROQOL5, SELF_CARE } from '@/lib/instruments';
import { submitCheckIn } from '@/lib/server/checkins';
import { getOpenCycle, openOneOffCycle } from '@/lib/server/cycles';
import { enqueueDueWork, runTick } from '@/lib/server/scheduler';
import { idleState } from '@/lib/validation/form';
import { pruneOldRows } from './prune';
import { backoffMs, claimJobs, enqueueJobs, failJob, redactJobError } from './queue';
import { remindNow } from './reminders';
import { drainJobs, runClaimedJob } from './runner';
import { getJobsPanel } from './status';

const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUserId: async () => session.userId }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {}, refresh: () => {} }));

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const at = (iso: string) => new Date(iso);

const savedSmtpUrl = process.env.SMTP_URL;
beforeAll(() => {
  delete process.env.SMTP_URL; // reminders wait in the outbox: no mail.send jobs here
  resetEnvForTests();
});
afterAll(() => {
  if (savedSmtpUrl !== undefined) process.env.SMTP_URL = savedSmtpUrl;
  resetEnvForTests();
});

async function memberOf(db: Db, orgId: string, role: 'admin' | 'director' | 'staff', teamId: string | null = null): Promise<OrgMember> {
  const { user } = await makeMember(db, orgId, role, { teamId });
  return authorizeOrgRole(db, user.id, orgId, role);
}

const fill = (items: readonly { id: number }[], v: number) => Object.fromEntries(items.map((i) => [String(i.id), v]));
const payload = () => ({ proqol: fill(PROQOL5.items, 3), vr: fill(BRIEF_VR.items, 3), selfCare: fill(SELF_CARE.items, 2), profile: null });

const job = (dedupeKey: string, runAt: Date, maxAttempts = 3) => ({
  kind: 'prune' as const,
  dedupeKey,
  orgId: null,
  payload: {},
  runAt,
  maxAttempts,
});

describeEachDriver('jobs: the queue', (ctx) => {
  it('enqueue is idempotent by dedupe key; a claim takes each job once and only when due', async () => {
    const now = at('2026-05-01T12:00:00Z');
    expect(await enqueueJobs(ctx.db, [job('a', now), job('b', now), job('later', new Date(now.getTime() + MINUTE_MS))])).toBe(3);
    expect(await enqueueJobs(ctx.db, [job('a', now), job('b', now)])).toBe(0);
    const claims = await Promise.all([1, 2, 3].map((i) => claimJobs(ctx.db, { workerId: `w${i}`, limit: 5, now, leaseMs: 60_000 })));
    const claimed = claims.flat().map((j) => j.id);
    expect(claimed).toHaveLength(2); // 'later' is not due yet
    expect(new Set(claimed).size).toBe(2); // nobody got a job twice
    expect(await claimJobs(ctx.db, { workerId: 'w4', limit: 5, now, leaseMs: 60_000 })).toEqual([]);
  });

  it('a worker that dies mid-job loses nothing: the job is claimed again when its lease runs out, and runs once to completion', async () => {
    const now = at('2026-05-01T12:00:00Z');
    await enqueueJobs(ctx.db, [job('crash', now)]);
    const [first] = await claimJobs(ctx.db, { workerId: 'dead', limit: 1, now, leaseMs: 30_000 });
    expect(first!.attempts).toBe(1);
    // Still leased: nobody else may take it.
    expect(await claimJobs(ctx.db, { workerId: 'other', limit: 1, now: new Date(now.getTime() + 29_000), leaseMs: 30_000 })).toEqual([]);
    const later = new Date(now.getTime() + 31_000);
    const [second] = await claimJobs(ctx.db, { workerId: 'other', limit: 1, now: later, leaseMs: 30_000 });
    expect(second).toMatchObject({ id: first!.id, attempts: 2 });
    expect(await runClaimedJob(ctx.db, second!, { workerId: 'other', leaseMs: 30_000, now: () => later })).not.toBeNull();
    // The dead worker's late completion changes nothing (it no longer holds the claim).
    const { completeJob } = await import('./queue');
    await completeJob(ctx.db, first!, 'dead', later);
    const [row] = await ctx.db.select().from(jobs).where(eq(jobs.id, first!.id));
    expect(row).toMatchObject({ state: 'done', attempts: 2, lockedBy: null });
  });

  it('a job whose worker died on its last allowed attempt is marked failed by the next tick, not claimed forever', async () => {
    const now = at('2026-05-01T12:00:00Z');
    await enqueueJobs(ctx.db, [job('last-try', now, 1)]);
    await claimJobs(ctx.db, { workerId: 'dead', limit: 1, now, leaseMs: 30_000 });
    const later = new Date(now.getTime() + 31_000);
    expect(await claimJobs(ctx.db, { workerId: 'other', limit: 1, now: later, leaseMs: 30_000 })).toEqual([]);
    await enqueueDueWork(ctx.db, later);
    const [row] = await ctx.db.select().from(jobs).where(eq(jobs.dedupeKey, 'last-try'));
    expect(row).toMatchObject({ state: 'failed', attempts: 1, lastError: 'The worker stopped while running this job, on every attempt.' });
  });

  it('failures are retried with exponential backoff, then marked failed with a redacted error', async () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(30)).toBe(3_600_000);
    const now = at('2026-05-01T12:00:00Z');
    await enqueueJobs(ctx.db, [job('flaky', now, 2)]);
    const [a] = await claimJobs(ctx.db, { workerId: 'w', limit: 1, now, leaseMs: 60_000 });
    expect(await failJob(ctx.db, a!, 'w', new Error('550 mailbox rosa.diaz@example.test unavailable'), now)).toBe('retry');
    let [row] = await ctx.db.select().from(jobs).where(eq(jobs.id, a!.id));
    expect(row).toMatchObject({ state: 'queued', lastError: 'Error: 550 mailbox [address] unavailable' });
    expect(row!.runAt.getTime()).toBe(now.getTime() + 10_000);
    // Not before the backoff.
    expect(await claimJobs(ctx.db, { workerId: 'w', limit: 1, now: new Date(now.getTime() + 9_000), leaseMs: 60_000 })).toEqual([]);
    const [b] = await claimJobs(ctx.db, { workerId: 'w', limit: 1, now: new Date(now.getTime() + 10_000), leaseMs: 60_000 });
    expect(await failJob(ctx.db, b!, 'w', new Error('again'), now)).toBe('failed');
    [row] = await ctx.db.select().from(jobs).where(eq(jobs.id, a!.id));
    expect(row).toMatchObject({ state: 'failed', attempts: 2, lastError: 'Error: again' });
    expect(redactJobError('x'.repeat(1000))).toHaveLength(300);
  });

  it('drainJobs runs handler failures into retries and stops (an unknown kind fails, the loop ends)', async () => {
    const now = at('2026-05-01T12:00:00Z');
    await ctx.db.insert(jobs).values({ kind: 'nope', dedupeKey: 'nope', payload: {}, runAt: now, maxAttempts: 1 });
    await drainJobs(ctx.db, now);
    const [row] = await ctx.db.select().from(jobs).where(eq(jobs.dedupeKey, 'nope'));
    expect(row).toMatchObject({ state: 'failed', lastError: 'Error: No handler for job kind "nope"' });
  });
});

describeEachDriver('jobs: scheduler, time zones, prune', (ctx) => {
  it('a New York agency opens at local midnight plus its own offset, and closes 14 local days later through a close job', async () => {
    const org = await makeOrg(ctx.db, { timeZone: 'America/New_York' });
    await memberOf(ctx.db, org.id, 'staff');
    await ctx.db.insert(cycleSchedules).values({ orgId: org.id, enabled: true, cadence: 'monthly', openDay: 1, durationDays: 14 });
    const offsetMs = agencyOffsetSeconds(org.id) * 1000;
    // 1 March 2026 00:00 in New York is 05:00Z (EST); 15 March 00:00 is 04:00Z (EDT from 8 March).
    const opens = new Date(at('2026-03-01T05:00:00Z').getTime() + offsetMs);
    const closes = new Date(at('2026-03-15T04:00:00Z').getTime() + offsetMs);
    expect(await runTick(ctx.db, new Date(opens.getTime() - 1000))).toMatchObject({ opened: 0 });
    expect(await runTick(ctx.db, opens)).toMatchObject({ opened: 1 });
    expect(await getOpenCycle(ctx.db, org.id)).toMatchObject({ opensAt: opens, closesAt: closes });
    expect(await runTick(ctx.db, new Date(closes.getTime() - 1000))).toMatchObject({ closed: 0 });
    expect(await runTick(ctx.db, closes)).toMatchObject({ closed: 1 });
    const [closeJob] = await ctx.db.select().from(jobs).where(eq(jobs.kind, 'cycle.close'));
    expect(closeJob).toMatchObject({ orgId: org.id, state: 'done', attempts: 1 });
    const [cycle] = await ctx.db.select().from(cycles).where(eq(cycles.orgId, org.id));
    expect(cycle).toMatchObject({ status: 'closed', closedAt: closes, publicationSeq: 1 });
  });

  it('on Postgres, while another server holds the scheduler lock a tick enqueues nothing', async () => {
    if (ctx.driver !== 'postgres') return; // PGlite has one connection: there is no other server
    const org = await makeOrg(ctx.db);
    const director = await memberOf(ctx.db, org.id, 'director');
    const opens = at('2026-06-01T00:00:00Z');
    await openOneOffCycle(ctx.db, director, { durationDays: 7, vrInstrument: 'brief-vr', includeSelfCare: true }, opens);
    const due = new Date(opens.getTime() + 8 * DAY_MS);
    const other = postgres(ctx.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      await other.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(724311913)`;
        expect(await enqueueDueWork(ctx.db, due)).toEqual({ locked: false, opened: 0, enqueued: 0 });
      });
    } finally {
      await other.end({ timeout: 5 });
    }
    expect(await ctx.db.select().from(jobs)).toEqual([]);
    // Released: now one of five concurrent ticks enqueues the close and the prune, the others nothing.
    const reports = await Promise.all(Array.from({ length: 5 }, () => enqueueDueWork(ctx.db, due)));
    expect(reports.filter((r) => r.locked && r.enqueued > 0)).toHaveLength(1);
    expect(reports.reduce((a, r) => a + r.enqueued, 0)).toBe(2);
  });

  it('prune deletes audit and mail rows past each agency’s retention, and old finished jobs, and nothing newer', async () => {
    const now = at('2026-05-01T12:00:00Z');
    const shortOrg = await makeOrg(ctx.db, { auditRetentionDays: 30, mailRetentionDays: 7 });
    const defaultOrg = await makeOrg(ctx.db);
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
    for (const org of [shortOrg, defaultOrg]) {
      await ctx.db.insert(auditLog).values([
        { orgId: org.id, action: 'old', targetType: 't', createdAt: ago(31) },
        { orgId: org.id, action: 'older', targetType: 't', createdAt: ago(401) },
        { orgId: org.id, action: 'new', targetType: 't', createdAt: ago(1) },
      ]);
      await ctx.db.insert(mailMessages).values([
        { orgId: org.id, kind: 'reminder', toAddress: 'a@x.test', subject: 's', body: 'b', transport: 'outbox', createdAt: ago(8) },
        { orgId: org.id, kind: 'reminder', toAddress: 'b@x.test', subject: 's', body: 'b', transport: 'outbox', createdAt: ago(91) },
      ]);
    }
    await ctx.db.insert(jobs).values([
      { kind: 'prune', dedupeKey: 'done-old', payload: {}, state: 'done', finishedAt: ago(8) },
      { kind: 'prune', dedupeKey: 'done-new', payload: {}, state: 'done', finishedAt: ago(1) },
      { kind: 'prune', dedupeKey: 'failed-new', payload: {}, state: 'failed', finishedAt: ago(8) },
    ]);
    expect(await pruneOldRows(ctx.db, now)).toMatchObject({ auditRows: 3, mailRows: 3, jobs: 1 });
    const audit = await ctx.db.select({ orgId: auditLog.orgId, action: auditLog.action }).from(auditLog);
    expect(audit.filter((a) => a.orgId === shortOrg.id).map((a) => a.action)).toEqual(['new']);
    expect(audit.filter((a) => a.orgId === defaultOrg.id).map((a) => a.action).sort()).toEqual(['new', 'old']);
    const mail = await ctx.db.select({ orgId: mailMessages.orgId }).from(mailMessages);
    expect(mail.map((m) => m.orgId)).toEqual([defaultOrg.id]);
    expect((await ctx.db.select({ k: jobs.dedupeKey }).from(jobs)).map((j) => j.k).sort()).toEqual(['done-new', 'failed-new']);
    expect(await pruneOldRows(ctx.db, now)).toMatchObject({ auditRows: 0, mailRows: 0, jobs: 0 });
    // The hourly prune job does the same through the scheduler.
    await ctx.db.insert(auditLog).values({ orgId: shortOrg.id, action: 'stale', targetType: 't', createdAt: ago(45) });
    await runTick(ctx.db, now);
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'stale'))).toEqual([]);
    expect(await ctx.db.select({ state: jobs.state }).from(jobs).where(eq(jobs.kind, 'prune'))).toContainEqual({ state: 'done' });
  });
});

/** An agency with an open cycle: 3 staff who have not checked in, 1 who has, a director and an admin. */
async function agencyWithOpenCycle(db: Db) {
  const org = await makeOrg(db);
  const team = await makeTeam(db, org.id);
  const admin = await memberOf(db, org.id, 'admin');
  const director = await memberOf(db, org.id, 'director');
  const staff = [];
  for (let i = 0; i < 4; i++) staff.push(await memberOf(db, org.id, 'staff', team.id));
  const cycleId = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true });
  await submitCheckIn(db, staff[3]!, cycleId, payload());
  return { org, admin, director, staff, cycleId };
}

describeEachDriver('jobs: remind now', (ctx) => {
  it('queues one reminder per person who has not checked in, with counts only; a second press queues nobody', async () => {
    const { org, director, admin, cycleId } = await agencyWithOpenCycle(ctx.db);
    expect(await remindNow(ctx.db, director, cycleId)).toEqual({ queued: 3, alreadyReminded: 0 });
    expect(await remindNow(ctx.db, admin, cycleId)).toEqual({ queued: 0, alreadyReminded: 3 });
    expect(await ctx.db.select().from(reminders)).toHaveLength(3);
    expect(await ctx.db.select().from(mailMessages).where(eq(mailMessages.orgId, org.id))).toHaveLength(3);
    // The scheduled reminder later finds everyone already reminded.
    expect(await runTick(ctx.db, new Date(Date.now() + 12 * DAY_MS))).toMatchObject({ reminded: 0 });
    expect(await ctx.db.select().from(reminders)).toHaveLength(3);
    const [audit] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'cycle.remind_now'));
    expect(audit!.detail).toEqual({ queued: 3 });

    // Through the server action, the reply is a count, never a name or an address.
    session.userId = director.userId;
    const { remindNowAction } = await import('@/lib/actions/cycles');
    const form = new FormData();
    form.set('cycleId', cycleId);
    const state = await remindNowAction(org.id, idleState, form);
    expect(state).toMatchObject({ status: 'success' });
    expect(state.message).toMatch(/^No new reminders: everyone who has not checked in was already reminded for this cycle \(3 people\)\.$/);
  });

  it('is refused for staff, for another agency, and for a closed cycle; nothing is queued', async () => {
    const { org, staff, cycleId } = await agencyWithOpenCycle(ctx.db);
    const other = await makeOrg(ctx.db);
    const otherDirector = await memberOf(ctx.db, other.id, 'director');
    const { remindNowAction } = await import('@/lib/actions/cycles');
    const form = () => {
      const f = new FormData();
      f.set('cycleId', cycleId);
      return f;
    };
    // A staff member of the agency, and a director of another agency, get "not found".
    for (const userId of [staff[0]!.userId, otherDirector.userId]) {
      session.userId = userId;
      await expect(remindNowAction(org.id, idleState, form())).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
    }
    // The other agency's director, in their own agency, with this agency's cycle id: not found.
    session.userId = otherDirector.userId;
    expect(await remindNowAction(other.id, idleState, form())).toMatchObject({ status: 'error', message: 'That cycle does not exist.' });
    expect(await ctx.db.select().from(reminders)).toEqual([]);
    await ctx.db.update(cycles).set({ status: 'closed', closedAt: new Date() }).where(eq(cycles.id, cycleId));
    const director = await memberOf(ctx.db, org.id, 'director');
    await expect(remindNow(ctx.db, director, cycleId)).rejects.toThrow(/closed/);
    expect(await ctx.db.select().from(reminders)).toEqual([]);
  });
});

describeEachDriver('jobs: the admin panel', (ctx) => {
  it('shows counts by state and the last error, with no personal data; admins only', async () => {
    const { org, admin, director, staff } = await agencyWithOpenCycle(ctx.db);
    const now = new Date();
    await ctx.db.insert(jobs).values([
      { orgId: org.id, kind: 'cycle.close', dedupeKey: 'c1', payload: { cycleId: crypto.randomUUID() }, state: 'done', finishedAt: now },
      { orgId: org.id, kind: 'mail.send', dedupeKey: 'm1', payload: { mailId: crypto.randomUUID() }, state: 'queued', runAt: now },
      {
        orgId: org.id,
        kind: 'mail.send',
        dedupeKey: 'm2',
        payload: { mailId: crypto.randomUUID() },
        state: 'failed',
        attempts: 6,
        lastError: redactJobError(new Error('550 unknown user staff.person@example.test')),
        finishedAt: now,
      },
    ]);
    const otherOrg = await makeOrg(ctx.db);
    await ctx.db.insert(jobs).values({ orgId: otherOrg.id, kind: 'cycle.close', dedupeKey: 'x1', payload: {}, state: 'failed', lastError: 'other agency' });

    const panel = await getJobsPanel(ctx.db, admin);
    expect(panel.counts).toEqual({ queued: 1, running: 0, done: 1, failed: 1 });
    expect(panel.lastError).toMatchObject({ label: 'Send an email', message: 'Error: 550 unknown user [address]', attempts: 6, state: 'failed' });
    const text = JSON.stringify(panel);
    const people = rowsOf<{ email: string; name: string }>(await ctx.db.execute(sql`select email, name from users`));
    for (const p of people) {
      expect(text).not.toContain(p.email);
      expect(text).not.toContain(p.name);
    }
    expect(text).not.toContain('@');
    expect(text).not.toContain('other agency');

    // Directors and staff of the agency, and admins of another agency, are refused.
    await expect(getJobsPanel(ctx.db, director)).rejects.toThrow('Not found.');
    for (const [userId, orgId] of [
      [director.userId, org.id],
      [staff[0]!.userId, org.id],
    ] as const)
      await expect(authorizeOrgRole(ctx.db, userId, orgId, 'admin')).rejects.toThrow('Not found.');
    const otherAdmin = await memberOf(ctx.db, otherOrg.id, 'admin');
    await expect(authorizeOrgRole(ctx.db, otherAdmin.userId, org.id, 'admin')).rejects.toThrow('Not found.');
    expect((await getJobsPanel(ctx.db, otherAdmin)).counts).toEqual({ queued: 0, running: 0, done: 0, failed: 1 });
    // Retention columns keep their database bounds.
    await expect(ctx.db.update(organizations).set({ auditRetentionDays: 10 }).where(eq(organizations.id, org.id))).rejects.toThrow();
  });
});
