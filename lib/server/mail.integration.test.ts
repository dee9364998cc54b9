import net, { type AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { cycleSchedules, mailMessages, reminders } from '@/db/schema';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import { resetEnvForTests } from '@/lib/env';
import { BRIEF_VR, PROQOL5, SELF_CARE } from '@/lib/instruments';
import { submitCheckIn } from './checkins';
import { getOpenCycle } from './cycles';
import { runTick } from './scheduler';
import { startSmtpCapture, type SmtpCapture } from '@/lib/testing/smtp-capture';
import { listOutbox, sendMail } from './mail';

/* ───────────────────────── a real SMTP server on an ephemeral port ───────────────────────── */

/** A capturing SMTP server; `smtp.inbox` is what it smtp.inbox, emptied before each test. */
let smtp: SmtpCapture;

let smtpUrl = '';
const savedSmtpUrl = process.env.SMTP_URL;

function useSmtpUrl(url: string | undefined) {
  if (url === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = url;
  resetEnvForTests();
}

beforeAll(async () => {
  process.env.SUSTAIN_SCHEDULE_SPREAD_MINUTES = '0'; // exact UTC instants below
  smtp = await startSmtpCapture();
  smtpUrl = smtp.url;
  useSmtpUrl(smtpUrl);
});

afterAll(async () => {
  delete process.env.SUSTAIN_SCHEDULE_SPREAD_MINUTES;
  useSmtpUrl(savedSmtpUrl);
  await smtp.close();
});

beforeEach(() => {
  smtp.inbox.length = 0;
  useSmtpUrl(smtpUrl);
});

/** A port with nothing listening on it: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/* ───────────────────────── helpers ───────────────────────── */

async function memberOf(db: Db, orgId: string, role: 'admin' | 'director' | 'staff', teamId: string | null = null): Promise<OrgMember> {
  const { user } = await makeMember(db, orgId, role, { teamId });
  return authorizeOrgRole(db, user.id, orgId, role);
}

const fill = (items: readonly { id: number }[], v: number) => Object.fromEntries(items.map((i) => [String(i.id), v]));

/** Monthly on the 10th for 14 days: March 2026 closes 24 March 00:00Z; the 3-day reminder is due 21 March 00:00Z. */
const INSIDE = new Date('2026-03-12T08:00:00Z');
const REMINDER_DUE = new Date('2026-03-21T00:00:00Z');

/* ───────────────────────── tests ───────────────────────── */

describeEachDriver('mail over SMTP', (ctx) => {
  it('sendMail delivers to the recipient with the subject and body, and logs transport smtp with sentAt', async () => {
    const org = await makeOrg(ctx.db);
    const before = Date.now();
    const ok = await sendMail(ctx.db, {
      orgId: org.id,
      kind: 'invitation',
      to: 'rosa@example.test',
      subject: 'You are invited to Sustain',
      body: 'Open this link to join: https://sustain.test/invite/abc',
    });
    expect(ok).toBe(true);

    expect(smtp.inbox).toHaveLength(1);
    expect(smtp.inbox[0]!.to).toEqual(['rosa@example.test']);
    expect(smtp.inbox[0]!.subject).toBe('You are invited to Sustain');
    expect(smtp.inbox[0]!.from).toBe('no-reply@sustain.local'); // the SMTP_FROM default
    expect(smtp.inbox[0]!.body).toContain('Open this link to join: https://sustain.test/invite/abc');

    const rows = await ctx.db.select().from(mailMessages);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orgId: org.id,
      kind: 'invitation',
      toAddress: 'rosa@example.test',
      subject: 'You are invited to Sustain',
      transport: 'smtp',
      error: null,
    });
    expect(rows[0]!.sentAt).toBeInstanceOf(Date);
    expect(rows[0]!.sentAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((await listOutbox(ctx.db, org.id))[0]).toMatchObject({ transport: 'smtp', to: 'rosa@example.test' });
  });

  it('the reminder path sends through SMTP: each eligible non-participant receives exactly one message', async () => {
    const org = await makeOrg(ctx.db);
    const team = await makeTeam(ctx.db, org.id);
    const rosa = await memberOf(ctx.db, org.id, 'staff', team.id);
    const omar = await memberOf(ctx.db, org.id, 'staff');
    const done = await memberOf(ctx.db, org.id, 'staff', team.id);
    await memberOf(ctx.db, org.id, 'admin'); // no team: not chased
    await ctx.db.insert(cycleSchedules).values({ orgId: org.id, enabled: true, cadence: 'monthly', openDay: 10, durationDays: 14, reminderDaysBeforeClose: 3 });
    await runTick(ctx.db, INSIDE);
    const cycle = (await getOpenCycle(ctx.db, org.id))!;
    await submitCheckIn(
      ctx.db,
      done,
      cycle.id,
      { proqol: fill(PROQOL5.items, 3), vr: fill(BRIEF_VR.items, 3), selfCare: fill(SELF_CARE.items, 2), profile: null },
      INSIDE,
    );

    expect(await runTick(ctx.db, REMINDER_DUE)).toMatchObject({ reminded: 2 });
    // Run again concurrently: nobody gets a second message.
    const again = await Promise.all([runTick(ctx.db, REMINDER_DUE), runTick(ctx.db, REMINDER_DUE)]);
    expect(again.map((r) => r.reminded)).toEqual([0, 0]);

    const emails = await Promise.all(
      [rosa, omar].map(async (m) => (await ctx.db.query.users.findFirst({ where: (u, { eq: e }) => e(u.id, m.userId) }))!.email),
    );
    expect(smtp.inbox.map((r) => r.to)).toHaveLength(2);
    expect(smtp.inbox.flatMap((r) => r.to).sort()).toEqual([...emails].sort());
    const subject = `Your ${org.name} check-in closes Tuesday, March 24, 2026`;
    for (const m of smtp.inbox) {
      expect(m.subject).toBe(subject);
      expect(m.body).toContain(`/orgs/${org.id}/checkin`);
      expect(m.body).toContain('This is the only reminder you will get for this check-in.');
    }

    const rows = await ctx.db.select().from(mailMessages).where(eq(mailMessages.orgId, org.id));
    expect(rows.map((r) => r.toAddress).sort()).toEqual([...emails].sort());
    for (const r of rows) {
      expect(r).toMatchObject({ kind: 'reminder', transport: 'smtp', subject, error: null });
      expect(r.sentAt).toBeInstanceOf(Date);
    }
    expect((await ctx.db.select().from(reminders)).map((r) => r.userId).sort()).toEqual([rosa.userId, omar.userId].sort());
  });

  it('an unreachable SMTP server: sendMail returns false and logs the error with no sentAt', async () => {
    const org = await makeOrg(ctx.db);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      useSmtpUrl(`smtp://127.0.0.1:${await closedPort()}`);
      const ok = await sendMail(ctx.db, { orgId: org.id, kind: 'reminder', to: 'lost@example.test', subject: 'Hello', body: 'Body' });
      expect(ok).toBe(false);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      useSmtpUrl(smtpUrl);
    }
    expect(smtp.inbox).toEqual([]);
    const [row] = await ctx.db.select().from(mailMessages);
    expect(row).toMatchObject({ toAddress: 'lost@example.test', transport: 'smtp', sentAt: null });
    expect(row!.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('without SMTP_URL the message waits in the outbox and nothing reaches the SMTP server', async () => {
    const org = await makeOrg(ctx.db);
    useSmtpUrl(undefined);
    try {
      expect(await sendMail(ctx.db, { orgId: org.id, kind: 'reminder', to: 'held@example.test', subject: 'Held', body: 'Body' })).toBe(false);
    } finally {
      useSmtpUrl(smtpUrl);
    }
    expect(smtp.inbox).toEqual([]);
    expect(await listOutbox(ctx.db, org.id)).toEqual([
      expect.objectContaining({ to: 'held@example.test', transport: 'outbox', sentAt: null, error: null }),
    ]);
  });
});
