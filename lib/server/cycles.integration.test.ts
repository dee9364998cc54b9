import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import {
  auditLog,
  cycleAggregates,
  cycleParticipation,
  cycleSchedules,
  cycles,
  instrumentPacks,
  mailMessages,
  reminders,
} from '@/db/schema';
import { describeEachDriver, expectAppError, rowsOf } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { BRIEF_VR, PROQOL5, SELF_CARE } from '@/lib/instruments';
import { submitCheckIn } from './checkins';
import {
  CYCLE_ALREADY_OPEN,
  closeCycleEarly,
  getOpenCycle,
  getSchedule,
  listCycles,
  openOneOffCycle,
  updateSchedule,
} from './cycles';
import { isUniqueViolation } from './db-errors';
import { listOutbox } from './mail';
import { getVrDefinition, installPack, listPacks } from './packs';
import { runTick, sendDueReminders, type TickReport } from './scheduler';

/* ───────────────────────── helpers ───────────────────────── */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/**
 * A monthly schedule opening on the 10th for 14 days, reminder 3 days before close:
 * the March 2026 window is 10 March 00:00Z to 24 March 00:00Z, reminder due 21 March 00:00Z.
 */
const OPENS = new Date('2026-03-10T00:00:00Z');
const INSIDE = new Date('2026-03-12T08:30:00Z');
const CLOSES = new Date('2026-03-24T00:00:00Z');
const REMINDER_DUE = new Date('2026-03-21T00:00:00Z');
const CLOSES_TEXT = 'Tuesday, March 24, 2026';
const shift = (d: Date, ms: number) => new Date(d.getTime() + ms);



async function memberOf(
  db: Db,
  orgId: string,
  role: 'admin' | 'director' | 'staff',
  options: { teamId?: string | null; email?: string } = {},
): Promise<OrgMember> {
  const { user } = await makeMember(db, orgId, role, { teamId: options.teamId ?? null, user: options.email ? { email: options.email } : {} });
  return authorizeOrgRole(db, user.id, orgId, role);
}

async function enableSchedule(db: Db, orgId: string, values: Partial<typeof cycleSchedules.$inferInsert> = {}) {
  await db.insert(cycleSchedules).values({
    orgId,
    enabled: true,
    cadence: 'monthly',
    openDay: 10,
    durationDays: 14,
    vrInstrument: 'brief-vr',
    includeSelfCare: true,
    // These tests count the four measures' cells; the organizational check (issue 15, on by
    // default twice a year) has its own tests in pillar-publication.integration.test.ts.
    orgCheck: 'off',
    reminderDaysBeforeClose: 3,
    ...values,
  });
}

const fill = (items: readonly { id: number }[], v: number) => Object.fromEntries(items.map((i) => [String(i.id), v]));
const payload = (proqol = 3): CheckInPayload => ({
  proqol: fill(PROQOL5.items, proqol),
  vr: fill(BRIEF_VR.items, 3),
  selfCare: fill(SELF_CARE.items, 2),
  profile: null,
});

const sumReports = (reports: TickReport[]) =>
  reports.reduce((a, r) => ({ closed: a.closed + r.closed, opened: a.opened + r.opened, reminded: a.reminded + r.reminded }), {
    closed: 0,
    opened: 0,
    reminded: 0,
  });

/**
 * An agency (k = 3) on the schedule above, with the March cycle opened by a tick:
 * four staff on one team (three of them check in), and an admin without a team.
 */
async function scheduledAgencyWithCheckIns(db: Db) {
  const org = await makeOrg(db, { minGroupSize: 3 });
  const team = await makeTeam(db, org.id);
  const admin = await memberOf(db, org.id, 'admin');
  const staff: OrgMember[] = [];
  for (let i = 0; i < 4; i++) staff.push(await memberOf(db, org.id, 'staff', { teamId: team.id }));
  await enableSchedule(db, org.id);
  expect(await runTick(db, INSIDE)).toEqual({ closed: 0, opened: 1, reminded: 0 });
  const cycle = (await getOpenCycle(db, org.id))!;
  for (const [i, s] of staff.slice(0, 3).entries()) await submitCheckIn(db, s, cycle.id, payload(2 + i), shift(INSIDE, DAY_MS));
  return { org, team, admin, staff, cycleId: cycle.id };
}

/** Everything a close publishes, as text, so "unchanged" means byte-for-byte. */
async function publishedSnapshot(db: Db) {
  return {
    aggregates: rowsOf(
      await db.execute(
        sql`select id::text as id, cycle_id::text as cycle_id, group_id, measure, cell::text as cell, published_at::text as published_at
            from cycle_aggregates order by id`,
      ),
    ),
    participation: rowsOf(
      await db.execute(sql`select cycle_id::text as cycle_id, group_id, invited, participated from cycle_participation order by cycle_id, group_id`),
    ),
    cycles: rowsOf(
      await db.execute(
        sql`select id::text as id, status::text as status, closed_at::text as closed_at, published_at::text as published_at, published_k
            from cycles order by id`,
      ),
    ),
    audit: rowsOf(await db.execute(sql`select action, target_id from audit_log where action like 'cycle.%' order by action, target_id`)),
  };
}

const examplePackText = () => fs.readFileSync(path.resolve(import.meta.dirname, '../instruments/examples/example-pack.json'), 'utf8');

// These tests are about the outbox: make sure no SMTP_URL from the shell leaks in.
const savedSmtpUrl = process.env.SMTP_URL;
// These tests check exact UTC instants: no per-agency offset here (lib/jobs tests cover it).
beforeAll(() => {
  delete process.env.SMTP_URL;
  process.env.SUSTAIN_SCHEDULE_SPREAD_MINUTES = '0';
  resetEnvForTests();
});
afterAll(() => {
  if (savedSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtpUrl;
  delete process.env.SUSTAIN_SCHEDULE_SPREAD_MINUTES;
  resetEnvForTests();
});

/* ───────────────────────── scheduler ───────────────────────── */

describeEachDriver('cycles: scheduler', (ctx) => {
  it('a tick inside the window opens exactly one cycle for the period; before the open day, or with the schedule off, none', async () => {
    const org = await makeOrg(ctx.db);
    await enableSchedule(ctx.db, org.id, { enabled: false, includeSelfCare: false });
    expect(await runTick(ctx.db, INSIDE)).toEqual({ closed: 0, opened: 0, reminded: 0 });

    await ctx.db.update(cycleSchedules).set({ enabled: true }).where(eq(cycleSchedules.orgId, org.id));
    // 5 March: February's window (10–24 Feb) is over and March's has not begun.
    expect(await runTick(ctx.db, new Date('2026-03-05T12:00:00Z'))).toEqual({ closed: 0, opened: 0, reminded: 0 });
    expect(await ctx.db.select().from(cycles)).toEqual([]);

    expect(await runTick(ctx.db, INSIDE)).toEqual({ closed: 0, opened: 1, reminded: 0 });
    expect(await runTick(ctx.db, shift(INSIDE, DAY_MS))).toEqual({ closed: 0, opened: 0, reminded: 0 });
    const rows = await ctx.db.select().from(cycles);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orgId: org.id,
      status: 'open',
      scheduleKey: '2026-03',
      opensAt: OPENS,
      closesAt: CLOSES,
      instruments: { vr: 'brief-vr', selfCare: false },
      closedAt: null,
      publishedAt: null,
    });
    expect((await getSchedule(ctx.db, org.id, INSIDE)).nextOpening).toBe('2026-04-10T00:00:00.000Z');
  });

  it('five concurrent ticks leave exactly one cycle per agency for the period: the unique index on (org, period) decides', async () => {
    const orgA = await makeOrg(ctx.db);
    const orgB = await makeOrg(ctx.db);
    await enableSchedule(ctx.db, orgA.id);
    await enableSchedule(ctx.db, orgB.id);

    const reports = await Promise.all(Array.from({ length: 5 }, () => runTick(ctx.db, INSIDE)));
    expect(sumReports(reports)).toEqual({ closed: 0, opened: 2, reminded: 0 });
    for (const org of [orgA, orgB]) {
      const rows = await ctx.db.select().from(cycles).where(eq(cycles.orgId, org.id));
      expect(rows.map((r) => r.scheduleKey)).toEqual(['2026-03']);
    }

    // It is the database, not a check in the code, that refuses a second cycle for the period
    // (inserted as closed, so the one-open-cycle index is not what stops it).
    const err = await ctx.db
      .insert(cycles)
      .values({
        orgId: orgA.id,
        opensAt: OPENS,
        closesAt: CLOSES,
        status: 'closed',
        scheduleKey: '2026-03',
        instruments: { vr: 'brief-vr', selfCare: true },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(err, 'cycles_org_schedule_key')).toBe(true);
    // …and a second open cycle for the agency.
    const err2 = await ctx.db
      .insert(cycles)
      .values({ orgId: orgA.id, opensAt: OPENS, closesAt: CLOSES, instruments: { vr: 'brief-vr', selfCare: true } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(err2, 'cycles_one_open_per_org')).toBe(true);
    expect(await ctx.db.select().from(cycles)).toHaveLength(2);
  });

  it('a tick at closesAt closes the cycle and publishes aggregates and participation exactly once, even with five concurrent ticks', async () => {
    const { org, team, cycleId } = await scheduledAgencyWithCheckIns(ctx.db);

    const reports = await Promise.all(Array.from({ length: 5 }, () => runTick(ctx.db, CLOSES)));
    expect(sumReports(reports)).toEqual({ closed: 1, opened: 0, reminded: 0 });

    const [cycle] = await ctx.db.select().from(cycles).where(eq(cycles.id, cycleId));
    expect(cycle).toMatchObject({ status: 'closed', closedAt: CLOSES, publishedAt: CLOSES, publishedK: 3 });

    // Agency and team × CS, BO, STS, VR: 8 cells, each once, stamped with the close time.
    const cells = await ctx.db.select().from(cycleAggregates).where(eq(cycleAggregates.cycleId, cycleId));
    expect(cells).toHaveLength(8);
    expect(new Set(cells.map((c) => `${c.groupId}/${c.measure}`)).size).toBe(8);
    expect(cells.every((c) => c.orgId === org.id && c.publishedAt.getTime() === CLOSES.getTime())).toBe(true);
    const orgCs = cells.find((c) => c.groupId === 'org' && c.measure === 'cs')!.cell as { n: number; mean: number; suppressed: unknown };
    // ProQOL all 2s, 3s and 4s → CS 20, 30, 40: n 3, mean 30.
    expect(orgCs).toMatchObject({ n: 3, mean: 30, suppressed: null });
    expect(cells.find((c) => c.groupId === team.id && c.measure === 'sts')!.cell).toMatchObject({ n: 3 });

    // Participation at close: 4 invited staff (the admin has no team), 3 took part.
    const parts = await ctx.db.select().from(cycleParticipation).where(eq(cycleParticipation.cycleId, cycleId));
    expect(parts.map((p) => [p.groupId, p.invited, p.participated]).sort()).toEqual(
      [
        ['org', 4, 3],
        [team.id, 4, 3],
      ].sort(),
    );
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'cycle.close_scheduled'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ orgId: org.id, targetId: cycleId, actorUserId: null });
  });

  it('a restart (ticks again at the same now, and later in the period) changes nothing that was published', async () => {
    const { org, team, staff, cycleId } = await scheduledAgencyWithCheckIns(ctx.db);
    expect(await runTick(ctx.db, CLOSES)).toEqual({ closed: 1, opened: 0, reminded: 0 });
    const published = await publishedSnapshot(ctx.db);

    expect(await runTick(ctx.db, CLOSES)).toEqual({ closed: 0, opened: 0, reminded: 0 });
    // Meanwhile the agency changed: a new staff member joined and someone left.
    await memberOf(ctx.db, org.id, 'staff', { teamId: team.id });
    await ctx.db.execute(sql`update memberships set active = false where user_id = ${staff[0]!.userId}`);
    expect(await runTick(ctx.db, shift(CLOSES, 3 * DAY_MS))).toEqual({ closed: 0, opened: 0, reminded: 0 });
    expect(await publishedSnapshot(ctx.db)).toEqual(published);

    const [summary] = await listCycles(ctx.db, org.id);
    expect(summary).toMatchObject({ id: cycleId, status: 'closed', scheduled: true, invited: 4, participated: 3 });
  });

  it('the scheduler never reopens a period that was closed early', async () => {
    const org = await makeOrg(ctx.db);
    const director = await memberOf(ctx.db, org.id, 'director');
    await enableSchedule(ctx.db, org.id);
    await runTick(ctx.db, INSIDE);
    const cycle = (await getOpenCycle(ctx.db, org.id))!;
    await closeCycleEarly(ctx.db, director, cycle.id, shift(INSIDE, DAY_MS));
    expect(await runTick(ctx.db, shift(INSIDE, 2 * DAY_MS))).toEqual({ closed: 0, opened: 0, reminded: 0 });
    expect(await ctx.db.select().from(cycles)).toHaveLength(1);
    // April's period opens as usual.
    expect(await runTick(ctx.db, new Date('2026-04-10T00:00:00Z'))).toMatchObject({ opened: 1 });
    expect((await getOpenCycle(ctx.db, org.id))!.opensAt).toEqual(new Date('2026-04-10T00:00:00Z'));
  });

  it("a scheduled period waits while a one-off cycle is open, and opens on the first tick after it closes", async () => {
    const org = await makeOrg(ctx.db);
    const director = await memberOf(ctx.db, org.id, 'director');
    await enableSchedule(ctx.db, org.id);
    const oneOff = await openOneOffCycle(ctx.db, director, { durationDays: 7, vrInstrument: 'brief-vr', includeSelfCare: true }, new Date('2026-03-08T00:00:00Z'));
    expect(await runTick(ctx.db, INSIDE)).toEqual({ closed: 0, opened: 0, reminded: 0 });
    // 15 March: the one-off is due to close; the same tick then opens March's cycle.
    expect(await runTick(ctx.db, new Date('2026-03-15T00:00:00Z'))).toEqual({ closed: 1, opened: 1, reminded: 0 });
    const open = (await getOpenCycle(ctx.db, org.id))!;
    expect(open.id).not.toBe(oneOff);
    expect(open.closesAt).toEqual(CLOSES);
  });

  it('openOneOffCycle while a cycle is open is CONFLICT, and adds nothing', async () => {
    const org = await makeOrg(ctx.db);
    const director = await memberOf(ctx.db, org.id, 'director');
    const input = { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true };
    const id = await openOneOffCycle(ctx.db, director, input, INSIDE);
    await expectAppError(openOneOffCycle(ctx.db, director, input, shift(INSIDE, DAY_MS)), 'CONFLICT', CYCLE_ALREADY_OPEN);
    expect((await ctx.db.select().from(cycles)).map((c) => c.id)).toEqual([id]);
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'cycle.open'))).toHaveLength(1);

    // The same while a scheduled cycle is open.
    const other = await makeOrg(ctx.db);
    const otherDirector = await memberOf(ctx.db, other.id, 'director');
    await enableSchedule(ctx.db, other.id);
    await runTick(ctx.db, INSIDE);
    await expectAppError(openOneOffCycle(ctx.db, otherDirector, input, INSIDE), 'CONFLICT', CYCLE_ALREADY_OPEN);
  });

  it('two directors opening a one-off cycle at the same moment: exactly one cycle, the other CONFLICT', async () => {
    const org = await makeOrg(ctx.db);
    const d1 = await memberOf(ctx.db, org.id, 'director');
    const d2 = await memberOf(ctx.db, org.id, 'admin');
    const input = { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true };
    const results = await Promise.allSettled([d1, d2, d1].map((m) => openOneOffCycle(ctx.db, m, input, INSIDE)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('CONFLICT');
    expect(await ctx.db.select().from(cycles)).toHaveLength(1);
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'cycle.open'))).toHaveLength(1);
  });

  it('closeCycleEarly publishes once; a second close is CONFLICT and republishes nothing', async () => {
    const { org, admin, cycleId } = await scheduledAgencyWithCheckIns(ctx.db);
    const closedAt = shift(INSIDE, 2 * DAY_MS);
    await closeCycleEarly(ctx.db, admin, cycleId, closedAt);
    const published = await publishedSnapshot(ctx.db);
    expect(published.aggregates).toHaveLength(8);
    expect(published.participation).toHaveLength(2);

    await expectAppError(closeCycleEarly(ctx.db, admin, cycleId, shift(closedAt, MINUTE_MS)), 'CONFLICT', /already closed/);
    // Nor does the scheduler publish it again at the scheduled close.
    expect(await runTick(ctx.db, CLOSES)).toEqual({ closed: 0, opened: 0, reminded: 0 });
    expect(await publishedSnapshot(ctx.db)).toEqual(published);
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'cycle.close_early'));
    expect(audit.map((a) => [a.orgId, a.actorUserId, a.targetId])).toEqual([[org.id, admin.userId, cycleId]]);
  });
});

/* ───────────────────────── reminders ───────────────────────── */

/**
 * An agency on the schedule with its March cycle open. Eligible for reminders: staff on a
 * team and staff without one. Not eligible: a director (even on a team; directors check in
 * only into the agency total), an admin, and a deactivated member. One staff member checks in.
 */
async function agencyForReminders(db: Db, options: { reminderDaysBeforeClose?: number } = {}) {
  const org = await makeOrg(db);
  const team = await makeTeam(db, org.id);
  const onTeam1 = await memberOf(db, org.id, 'staff', { teamId: team.id });
  const onTeam2 = await memberOf(db, org.id, 'staff', { teamId: team.id });
  const participant = await memberOf(db, org.id, 'staff', { teamId: team.id });
  const noTeam = await memberOf(db, org.id, 'staff');
  const teamDirector = await memberOf(db, org.id, 'director', { teamId: team.id });
  const admin = await memberOf(db, org.id, 'admin');
  await makeMember(db, org.id, 'staff', { teamId: team.id, active: false });
  await enableSchedule(db, org.id, { reminderDaysBeforeClose: options.reminderDaysBeforeClose ?? 3 });
  await runTick(db, INSIDE);
  const cycle = (await getOpenCycle(db, org.id))!;
  await submitCheckIn(db, participant, cycle.id, payload(), shift(INSIDE, DAY_MS));
  const eligible = [onTeam1, onTeam2, noTeam];
  return { org, team, cycleId: cycle.id, eligible, participant, admin, teamDirector };
}

async function emailsOf(db: Db, members: OrgMember[]): Promise<string[]> {
  const rows = rowsOf<{ email: string }>(
    await db.execute(sql`select email from users where id in (${sql.join(
      members.map((m) => sql`${m.userId}`),
      sql`, `,
    )}) order by email`),
  );
  return rows.map((r) => r.email);
}

describeEachDriver('cycles: reminders', (ctx) => {
  it('nothing before the due time; at it, each eligible non-participant gets exactly one reminder, participants none; re-runs send no more', async () => {
    const { org, cycleId, eligible } = await agencyForReminders(ctx.db);

    expect(await runTick(ctx.db, shift(REMINDER_DUE, -MINUTE_MS))).toEqual({ closed: 0, opened: 0, reminded: 0 });
    expect(await sendDueReminders(ctx.db, shift(REMINDER_DUE, -1))).toBe(0);
    expect(await ctx.db.select().from(reminders)).toEqual([]);
    expect(await ctx.db.select().from(mailMessages)).toEqual([]);

    expect(await runTick(ctx.db, REMINDER_DUE)).toEqual({ closed: 0, opened: 0, reminded: 3 });
    const claimed = await ctx.db.select().from(reminders);
    expect(claimed.map((r) => r.userId).sort()).toEqual(eligible.map((m) => m.userId).sort());
    expect(claimed.every((r) => r.cycleId === cycleId && r.orgId === org.id && r.sentAt.getTime() === REMINDER_DUE.getTime())).toBe(true);

    const mail = await ctx.db.select().from(mailMessages);
    expect(mail.map((m) => m.toAddress).sort()).toEqual(await emailsOf(ctx.db, eligible));
    for (const m of mail) {
      expect(m).toMatchObject({ orgId: org.id, kind: 'reminder', transport: 'outbox', sentAt: null, error: null });
      expect(m.subject).toBe(`Your ${org.name} check-in closes ${CLOSES_TEXT}`);
      expect(m.body).toContain(`/orgs/${org.id}/checkin`);
      expect(m.body).toMatch(/only reminder/);
    }

    // Again, at the same moment, concurrently, and later: no second reminder for anyone.
    expect(await sendDueReminders(ctx.db, REMINDER_DUE)).toBe(0);
    const again = await Promise.all([
      ...Array.from({ length: 3 }, () => sendDueReminders(ctx.db, shift(REMINDER_DUE, MINUTE_MS))),
      ...Array.from({ length: 2 }, () => runTick(ctx.db, shift(REMINDER_DUE, MINUTE_MS)).then((r) => r.reminded)),
    ]);
    expect(again).toEqual([0, 0, 0, 0, 0]);
    expect(await runTick(ctx.db, shift(REMINDER_DUE, 2 * DAY_MS))).toMatchObject({ reminded: 0 });
    expect(await ctx.db.select().from(reminders)).toHaveLength(3);
    expect(await ctx.db.select().from(mailMessages)).toHaveLength(3);

    // Someone who joins after the reminders went out gets their one reminder within the hour
    // (the scheduler enqueues one reminder pass per cycle per hour), and nobody else is re-sent.
    const late = await memberOf(ctx.db, org.id, 'staff');
    expect(await sendDueReminders(ctx.db, shift(REMINDER_DUE, 2 * DAY_MS + MINUTE_MS))).toBe(0);
    expect(await sendDueReminders(ctx.db, shift(REMINDER_DUE, 2 * DAY_MS + 60 * MINUTE_MS))).toBe(1);
    const lateMail = await ctx.db.select().from(mailMessages).where(eq(mailMessages.toAddress, (await emailsOf(ctx.db, [late]))[0]!));
    expect(lateMail).toHaveLength(1);
    expect(await ctx.db.select().from(mailMessages)).toHaveLength(4);
    // At and after the close, no reminders.
    expect(await runTick(ctx.db, CLOSES)).toMatchObject({ closed: 1, reminded: 0 });
  });

  it('five concurrent runs at the due time send exactly one reminder per person', async () => {
    const { eligible } = await agencyForReminders(ctx.db);
    const counts = await Promise.all([
      ...Array.from({ length: 3 }, () => runTick(ctx.db, REMINDER_DUE).then((r) => r.reminded)),
      ...Array.from({ length: 2 }, () => sendDueReminders(ctx.db, REMINDER_DUE)),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    const mail = await ctx.db.select().from(mailMessages);
    expect(mail.map((m) => m.toAddress).sort()).toEqual(await emailsOf(ctx.db, eligible));
    expect(await ctx.db.select().from(reminders)).toHaveLength(3);
  });

  it('with reminders off (0 days) nothing is ever sent', async () => {
    await agencyForReminders(ctx.db, { reminderDaysBeforeClose: 0 });
    for (const at of [INSIDE, REMINDER_DUE, shift(CLOSES, -MINUTE_MS)]) expect(await sendDueReminders(ctx.db, at)).toBe(0);
    expect(await ctx.db.select().from(reminders)).toEqual([]);
    expect(await ctx.db.select().from(mailMessages)).toEqual([]);
  });

  it('a one-off cycle in an agency with no schedule is reminded 3 days before it closes (the default)', async () => {
    const org = await makeOrg(ctx.db);
    const director = await memberOf(ctx.db, org.id, 'director');
    const staff = await memberOf(ctx.db, org.id, 'staff');
    const opens = new Date('2026-06-01T12:00:00Z');
    await openOneOffCycle(ctx.db, director, { durationDays: 7, vrInstrument: 'brief-vr', includeSelfCare: true }, opens);
    expect(await sendDueReminders(ctx.db, new Date('2026-06-05T11:59:00Z'))).toBe(0);
    expect(await sendDueReminders(ctx.db, new Date('2026-06-05T12:00:00Z'))).toBe(1);
    expect((await ctx.db.select().from(reminders)).map((r) => r.userId)).toEqual([staff.userId]);
  });

  it("without SMTP_URL reminders wait in the outbox, and each agency's outbox lists only its own mail", async () => {
    const a = await agencyForReminders(ctx.db);
    const b = await agencyForReminders(ctx.db);
    expect(await runTick(ctx.db, REMINDER_DUE)).toMatchObject({ reminded: 6 });

    const outboxA = await listOutbox(ctx.db, a.org.id);
    const outboxB = await listOutbox(ctx.db, b.org.id);
    expect(outboxA.map((m) => m.to).sort()).toEqual(await emailsOf(ctx.db, a.eligible));
    expect(outboxB.map((m) => m.to).sort()).toEqual(await emailsOf(ctx.db, b.eligible));
    for (const m of outboxA) {
      expect(m).toMatchObject({ kind: 'reminder', transport: 'outbox', sentAt: null, error: null });
      expect(m.subject).toContain(a.org.name);
      expect(m.body).not.toContain(b.org.id);
    }
    expect(outboxA.some((m) => m.subject.includes(b.org.name))).toBe(false);
    expect(await listOutbox(ctx.db, (await makeOrg(ctx.db)).id)).toEqual([]);
  });
});

/* ───────────────────────── tenant isolation and packs ───────────────────────── */

describeEachDriver('cycles: tenant isolation and instrument packs', (ctx) => {
  it("an admin of agency B cannot close agency A's cycle: refused, and A's cycle stays open and unpublished", async () => {
    const orgA = await makeOrg(ctx.db);
    const orgB = await makeOrg(ctx.db);
    const directorA = await memberOf(ctx.db, orgA.id, 'director');
    const adminB = await memberOf(ctx.db, orgB.id, 'admin');
    const input = { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true };
    const cycleA = await openOneOffCycle(ctx.db, directorA, input, INSIDE);

    const err = await closeCycleEarly(ctx.db, adminB, cycleA, shift(INSIDE, DAY_MS)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(['CONFLICT', 'NOT_FOUND']).toContain((err as AppError).code);
    const [row] = await ctx.db.select().from(cycles).where(eq(cycles.id, cycleA));
    expect(row).toMatchObject({ status: 'open', closedAt: null, publishedAt: null });
    expect(await ctx.db.select().from(cycleAggregates)).toEqual([]);
    expect(await ctx.db.select().from(cycleParticipation)).toEqual([]);
    expect(await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'cycle.close_early'))).toEqual([]);

    // A's open cycle does not block B from opening its own.
    const cycleB = await openOneOffCycle(ctx.db, adminB, input, INSIDE);
    expect(cycleB).not.toBe(cycleA);
  });

  it("listCycles(A) never includes B's cycles", async () => {
    const orgA = await makeOrg(ctx.db);
    const orgB = await makeOrg(ctx.db);
    const directorA = await memberOf(ctx.db, orgA.id, 'director');
    const directorB = await memberOf(ctx.db, orgB.id, 'director');
    await memberOf(ctx.db, orgA.id, 'staff');
    for (let i = 0; i < 3; i++) await memberOf(ctx.db, orgB.id, 'staff');
    const input = { durationDays: 7, vrInstrument: 'brief-vr', includeSelfCare: true };
    const a1 = await openOneOffCycle(ctx.db, directorA, input, new Date('2026-01-05T00:00:00Z'));
    await closeCycleEarly(ctx.db, directorA, a1, new Date('2026-01-06T00:00:00Z'));
    const a2 = await openOneOffCycle(ctx.db, directorA, input, new Date('2026-02-05T00:00:00Z'));
    const b1 = await openOneOffCycle(ctx.db, directorB, input, new Date('2026-01-20T00:00:00Z'));
    await closeCycleEarly(ctx.db, directorB, b1, new Date('2026-01-21T00:00:00Z'));
    await openOneOffCycle(ctx.db, directorB, input, new Date('2026-02-01T00:00:00Z'));

    const listA = await listCycles(ctx.db, orgA.id);
    expect(listA.map((c) => c.id)).toEqual([a2, a1]);
    // A's counts are A's: one eligible staff member (the director has no team).
    expect(listA.map((c) => [c.status, c.invited, c.participated])).toEqual([
      ['open', 1, 0],
      ['closed', 1, 0],
    ]);
    const listB = await listCycles(ctx.db, orgB.id);
    expect(listB).toHaveLength(2);
    expect(listB.map((c) => c.id)).not.toContain(a1);
    expect(listB.map((c) => c.id)).not.toContain(a2);
  });

  it('installing the example pack works: listed for the agency and usable as a cycle measure', async () => {
    const org = await makeOrg(ctx.db);
    const admin = await memberOf(ctx.db, org.id, 'admin');
    const pack = await installPack(ctx.db, admin, examplePackText());
    expect(pack).toMatchObject({ packId: 'example-resilience-pack', version: '0.1.0', itemCount: 6 });
    expect(pack.subscales).toEqual(['Recovery (example)', 'Support (example)']);
    const listed = await listPacks(ctx.db, org.id);
    expect(listed.map((p) => [p.id, p.packId, p.version, p.itemCount])).toEqual([[pack.id, 'example-resilience-pack', '0.1.0', 6]]);
    expect((await getVrDefinition(ctx.db, org.id, pack.id)).items).toHaveLength(6);
    const [audit] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'instrument_pack.install'));
    expect(audit).toMatchObject({ orgId: org.id, actorUserId: admin.userId, targetId: pack.id });
    const cycleId = await openOneOffCycle(ctx.db, admin, { durationDays: 14, vrInstrument: pack.id, includeSelfCare: false }, INSIDE);
    expect((await getOpenCycle(ctx.db, org.id))).toMatchObject({ id: cycleId, instruments: { vr: pack.id, selfCare: false } });
  });

  it('an invalid pack installs nothing, and the AppError lists each problem by path in fieldErrors.pack', async () => {
    const org = await makeOrg(ctx.db);
    const admin = await memberOf(ctx.db, org.id, 'admin');
    const json = JSON.parse(examplePackText());
    json.subscales.recovery.items = [1, 99, 3];
    const err = await expectAppError(installPack(ctx.db, admin, JSON.stringify(json)), 'VALIDATION', /nothing was installed/);
    expect(err.fieldErrors?.pack).toEqual(expect.arrayContaining(['subscales.recovery.items[1]: item 99 does not exist']));

    const typo = JSON.parse(examplePackText());
    typo.subscales.recovery.reverseKeys = [3];
    const err2 = await expectAppError(installPack(ctx.db, admin, JSON.stringify(typo)), 'VALIDATION');
    expect(err2.fieldErrors?.pack?.join('\n')).toMatch(/subscales\.recovery: unknown field "reverseKeys"/);

    await expectAppError(installPack(ctx.db, admin, '{ not json'), 'VALIDATION', /not valid JSON/);
    const reserved = JSON.parse(examplePackText());
    reserved.id = 'brief-vr';
    await expectAppError(installPack(ctx.db, admin, JSON.stringify(reserved)), 'VALIDATION', /reserved/);

    expect(await ctx.db.select().from(instrumentPacks)).toEqual([]);
    expect(await ctx.db.select().from(auditLog)).toEqual([]);
  });

  it('installing the same pack id and version twice is CONFLICT; a new version installs beside it', async () => {
    const org = await makeOrg(ctx.db);
    const admin = await memberOf(ctx.db, org.id, 'admin');
    await installPack(ctx.db, admin, examplePackText());
    await expectAppError(installPack(ctx.db, admin, examplePackText()), 'CONFLICT', /already installed/);
    expect(await ctx.db.select().from(instrumentPacks)).toHaveLength(1);
    const next = JSON.parse(examplePackText());
    next.version = '0.2.0';
    await installPack(ctx.db, admin, JSON.stringify(next));
    expect((await listPacks(ctx.db, org.id)).map((p) => p.version)).toEqual(['0.1.0', '0.2.0']);
  });

  it("a pack installed by agency A is invisible to B: not listed, not usable for B's cycles or schedule", async () => {
    const orgA = await makeOrg(ctx.db);
    const orgB = await makeOrg(ctx.db);
    const adminA = await memberOf(ctx.db, orgA.id, 'admin');
    const adminB = await memberOf(ctx.db, orgB.id, 'admin');
    const packA = await installPack(ctx.db, adminA, examplePackText());

    expect(await listPacks(ctx.db, orgB.id)).toEqual([]);
    await expectAppError(getVrDefinition(ctx.db, orgB.id, packA.id), 'VALIDATION', /not installed in this agency/);
    await expectAppError(
      openOneOffCycle(ctx.db, adminB, { durationDays: 14, vrInstrument: packA.id, includeSelfCare: true }, INSIDE),
      'VALIDATION',
    );
    await expectAppError(
      updateSchedule(ctx.db, adminB, {
        enabled: true,
        cadence: 'monthly',
        openDay: 1,
        durationDays: 14,
        vrInstrument: packA.id,
        includeSelfCare: true,
        reminderDaysBeforeClose: 3,
      }),
      'VALIDATION',
    );
    expect(await ctx.db.select().from(cycles).where(eq(cycles.orgId, orgB.id))).toEqual([]);
    expect(await ctx.db.select().from(cycleSchedules).where(eq(cycleSchedules.orgId, orgB.id))).toEqual([]);
    // B may install its own copy of the same pack id and version.
    const packB = await installPack(ctx.db, adminB, examplePackText());
    expect(packB.id).not.toBe(packA.id);
    expect((await listPacks(ctx.db, orgA.id)).map((p) => p.id)).toEqual([packA.id]);
    expect(
      await ctx.db
        .select({ id: instrumentPacks.id })
        .from(instrumentPacks)
        .where(and(eq(instrumentPacks.orgId, orgB.id), eq(instrumentPacks.id, packA.id))),
    ).toEqual([]);
  });
});
