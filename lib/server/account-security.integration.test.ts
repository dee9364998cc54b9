import fs from 'node:fs';
import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { auditLog, invitations, mailMessages, passwordResets, rateLimitCounters, users } from '@/db/schema';
import { describeEachDriver, expectAppError, rowsOf } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import { authorizeCredentials } from '@/lib/auth/options';
import { rateLimitKey } from '@/lib/auth/rate-limit';
import { hashSecretToken } from '@/lib/auth/tokens';
import { getEnv, resetEnvForTests } from '@/lib/env';
import {
  PASSWORD_CHANGE_LIMITED_MESSAGE,
  PASSWORD_RESET_TTL_MS,
  WRONG_CURRENT_PASSWORD_MESSAGE,
  changePassword,
  getPasswordResetProblem,
  requestPasswordReset,
  resetPasswordWithToken,
} from './accounts';
import { sendInvitationEmail } from './invitation-mail';
import { acceptInvitationAsNewUser, createInvitation, getInvitationPreview, reissueInvitation } from './invitations';
import { startSmtpCapture, type SmtpCapture } from '@/lib/testing/smtp-capture';
import { LINK_SLOT, REDACTED_LINK, bodyForLog, listOutbox, sendMail } from './mail';

/* ───────────────────────── a real SMTP server that keeps what it receives ───────────────────────── */

/** A capturing SMTP server; `smtp.inbox` is what it smtp.inbox, emptied before each test. */
let smtp: SmtpCapture;

let smtpUrl = '';
const savedSmtpUrl = process.env.SMTP_URL;
function useSmtp(on: boolean) {
  if (on) process.env.SMTP_URL = smtpUrl;
  else delete process.env.SMTP_URL;
  resetEnvForTests();
}

beforeAll(async () => {
  smtp = await startSmtpCapture();
  smtpUrl = smtp.url;
});
afterAll(async () => {
  if (savedSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtpUrl;
  resetEnvForTests();
  await smtp.close();
});
beforeEach(() => {
  smtp.inbox.length = 0;
  useSmtp(true);
});

/* ───────────────────────── helpers ───────────────────────── */

const PASSWORD = 'correct horse battery staple';
const ADDRESS = '198.51.100.7';

const resetTokenIn = (body: string) => /\/reset-password\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
const inviteTokenIn = (body: string) => /\/invite\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];

/** Everything the mail log and the audit log hold, as text: a token must appear nowhere in it. */
async function storedText(db: Db): Promise<string> {
  const rows = [...(await db.select().from(mailMessages)), ...(await db.select().from(auditLog))];
  return JSON.stringify(rows);
}

async function adminOf(db: Db): Promise<OrgMember> {
  const org = await makeOrg(db, { name: 'Harbor House' });
  const { user } = await makeMember(db, org.id, 'admin');
  return authorizeOrgRole(db, user.id, org.id, 'admin');
}

async function userWithPassword(db: Db, email: string) {
  const org = await makeOrg(db);
  return (await makeMember(db, org.id, 'staff', { user: { email, passwordHash: await hash(PASSWORD) } })).user;
}

/** Asks for a reset, sends the mail as the action does after responding, and returns the token from the mail. */
async function resetTokenFor(db: Db, email: string, address = ADDRESS): Promise<string> {
  const before = smtp.inbox.length;
  const { deliver } = await requestPasswordReset(db, email, address);
  expect(deliver).not.toBeNull();
  await deliver!();
  expect(smtp.inbox.length).toBe(before + 1);
  return resetTokenIn(smtp.inbox.at(-1)!.body)!;
}

describe('bodyForLog', () => {
  it('redacts the secret link and refuses a body that would leak it', () => {
    const mail = { orgId: null, kind: 'invitation' as const, to: 'a@x.test', subject: 's', body: `Go: ${LINK_SLOT}`, secretLink: 'https://s/invite/abc' };
    expect(bodyForLog(mail)).toBe(`Go: ${REDACTED_LINK}`);
    expect(() => bodyForLog({ ...mail, body: 'Go: https://s/invite/abc' })).toThrow(/LINK_SLOT/);
    expect(() => bodyForLog({ ...mail, body: `${LINK_SLOT} https://s/invite/abc` })).toThrow(/appears in the body/);
  });
});

describeEachDriver('account recovery and secrets in logs', (ctx) => {
  it('forgot password: one mail with a working link; the token is stored only as a hash and the mail log has it redacted', async () => {
    const user = await userWithPassword(ctx.db, 'ada@x.test');
    const token = await resetTokenFor(ctx.db, 'ada@x.test');
    expect(smtp.inbox.at(-1)!.to).toEqual(['ada@x.test']);
    expect(smtp.inbox.at(-1)!.body).toContain(`${getEnv().appUrl}/reset-password/${token}`);

    const [row] = await ctx.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(row!.tokenHash).toBe(hashSecretToken(token));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(PASSWORD_RESET_TTL_MS);
    const [logged] = await ctx.db.select().from(mailMessages);
    expect(logged).toMatchObject({ kind: 'password-reset', toAddress: 'ada@x.test', transport: 'smtp' });
    expect(logged!.body).toContain(REDACTED_LINK);
    expect(await storedText(ctx.db)).not.toContain(token);

    expect(await getPasswordResetProblem(ctx.db, token)).toBeNull();
    await resetPasswordWithToken(ctx.db, token, 'a new long passphrase');
    await expect(authorizeCredentials({ email: 'ada@x.test', password: 'a new long passphrase' }, ADDRESS)).resolves.toMatchObject({ id: user.id });
    await expect(authorizeCredentials({ email: 'ada@x.test', password: PASSWORD }, ADDRESS)).rejects.toThrow(/don't match/);
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.actorUserId, user.id));
    expect(audit.map((a) => a.action)).toEqual(['user.password_reset']);
    expect(await storedText(ctx.db)).not.toContain(token);
  });

  it('an unknown email gets the same answer and the same work: counters, one insert statement, no row, no mail', async () => {
    await userWithPassword(ctx.db, 'real@x.test');
    const known = await requestPasswordReset(ctx.db, 'real@x.test', '203.0.113.1');
    const unknown = await requestPasswordReset(ctx.db, 'nobody@x.test', '203.0.113.2');
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(unknown.deliver).toBeNull();
    expect(await ctx.db.select().from(passwordResets)).toHaveLength(1);
    const counters = new Map((await ctx.db.select().from(rateLimitCounters)).map((r) => [r.key, r.count]));
    expect(counters.get(rateLimitKey('reset-email', 'real@x.test'))).toBe(1);
    expect(counters.get(rateLimitKey('reset-email', 'nobody@x.test'))).toBe(1);
    expect(smtp.inbox).toHaveLength(0); // the known account's mail is only sent by deliver()
  });

  it('without a mail server no reset link is made at all (it could go nowhere and is never stored)', async () => {
    useSmtp(false);
    await userWithPassword(ctx.db, 'nomail@x.test');
    expect((await requestPasswordReset(ctx.db, 'nomail@x.test', ADDRESS)).deliver).toBeNull();
    expect(await ctx.db.select().from(passwordResets)).toEqual([]);
    expect(await ctx.db.select().from(mailMessages)).toEqual([]);
  });

  it('a reset link works once, for one hour, and using one retires the others', async () => {
    const user = await userWithPassword(ctx.db, 'once@x.test');
    const first = await resetTokenFor(ctx.db, 'once@x.test');
    const second = await resetTokenFor(ctx.db, 'once@x.test');
    // Two submissions of one link at the same moment change the password once.
    const results = await Promise.allSettled([
      resetPasswordWithToken(ctx.db, second, 'first new passphrase'),
      resetPasswordWithToken(ctx.db, second, 'second new passphrase'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await expectAppError(resetPasswordWithToken(ctx.db, second, 'third new passphrase'), 'GONE', /not valid any more/);
    // The other link of the same person stopped working with it.
    await expectAppError(resetPasswordWithToken(ctx.db, first, 'third new passphrase'), 'GONE');
    expect(await getPasswordResetProblem(ctx.db, first)).toMatch(/not valid any more/);
    const [{ version }] = rowsOf<{ version: number }>(
      await ctx.db.execute(sql`select session_version as version from users where id = ${user.id}`),
    ) as [{ version: number }];
    expect(version).toBe(1);

    // Expiry: valid at 59 minutes, gone at 61.
    const late = await resetTokenFor(ctx.db, 'once@x.test');
    const in59 = new Date(Date.now() + 59 * 60_000);
    const in61 = new Date(Date.now() + 61 * 60_000);
    expect(await getPasswordResetProblem(ctx.db, late, in59)).toBeNull();
    await expectAppError(resetPasswordWithToken(ctx.db, late, 'too late passphrase', in61), 'GONE');
    // Junk tokens never reach SQL and get the same answer.
    for (const junk of ['', 'short', 'x'.repeat(500), 'a\u0000'.repeat(30)]) {
      await expectAppError(resetPasswordWithToken(ctx.db, junk, 'whatever passphrase'), 'GONE');
    }
  });

  it('a reset lifts the sign-in lock on the email', async () => {
    await userWithPassword(ctx.db, 'locked@x.test');
    for (let i = 0; i < 12; i++) await authorizeCredentials({ email: 'locked@x.test', password: 'wrong guess!!' }, `203.0.113.${i}`).catch(() => {});
    await expect(authorizeCredentials({ email: 'locked@x.test', password: PASSWORD }, ADDRESS)).rejects.toThrow(/Too many/);
    await resetPasswordWithToken(ctx.db, await resetTokenFor(ctx.db, 'locked@x.test'), 'brand new passphrase');
    await expect(authorizeCredentials({ email: 'locked@x.test', password: 'brand new passphrase' }, ADDRESS)).resolves.toBeTruthy();
  });

  it('reset requests are limited per email (3 an hour) and per client address (10 an hour), known or not', async () => {
    await userWithPassword(ctx.db, 'busy@x.test');
    for (let i = 0; i < 3; i++) expect((await requestPasswordReset(ctx.db, 'busy@x.test', `203.0.113.${i}`)).deliver).not.toBeNull();
    expect((await requestPasswordReset(ctx.db, 'busy@x.test', '203.0.113.99')).deliver).toBeNull();
    expect(await ctx.db.select().from(passwordResets)).toHaveLength(3);
    // One address asking about many inboxes.
    for (let i = 0; i < 10; i++) await requestPasswordReset(ctx.db, `probe${i}@x.test`, '192.0.2.200');
    await userWithPassword(ctx.db, 'victim@x.test');
    expect((await requestPasswordReset(ctx.db, 'victim@x.test', '192.0.2.200')).deliver).toBeNull();
    expect((await requestPasswordReset(ctx.db, 'victim@x.test', '192.0.2.201')).deliver).not.toBeNull();
  });

  it('change password: the current password is required, guesses are rate limited, the new one works', async () => {
    const user = await userWithPassword(ctx.db, 'change@x.test');
    const err = await expectAppError(
      changePassword(ctx.db, user.id, { currentPassword: 'not it at all', newPassword: 'another passphrase' }, ADDRESS),
      'VALIDATION',
      WRONG_CURRENT_PASSWORD_MESSAGE,
    );
    expect(err.fieldErrors?.currentPassword).toEqual([WRONG_CURRENT_PASSWORD_MESSAGE]);
    await changePassword(ctx.db, user.id, { currentPassword: PASSWORD, newPassword: 'another passphrase' }, ADDRESS);
    await expect(authorizeCredentials({ email: 'change@x.test', password: 'another passphrase' }, ADDRESS)).resolves.toBeTruthy();
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.actorUserId, user.id));
    expect(audit.map((a) => a.action)).toEqual(['user.password_change']);
    expect(JSON.stringify(audit)).not.toMatch(/passphrase|\$argon2/);
    for (let i = 0; i < 10; i++) {
      await changePassword(ctx.db, user.id, { currentPassword: `guess ${i}`, newPassword: 'x passphrase x' }, ADDRESS).catch(() => {});
    }
    await expectAppError(
      changePassword(ctx.db, user.id, { currentPassword: 'another passphrase', newPassword: 'y passphrase y' }, ADDRESS),
      'RATE_LIMITED',
      PASSWORD_CHANGE_LIMITED_MESSAGE,
    );
  });

  it('invitation links never reach the mail log, the outbox or the audit log: emailed, outbox-only and re-issued', async () => {
    const admin = await adminOf(ctx.db);
    const team = await makeTeam(ctx.db, admin.orgId, 'Shelter');
    const appUrl = getEnv().appUrl;

    // With SMTP: the person gets the link; the log keeps the text without it.
    const emailed = await createInvitation(ctx.db, admin, { role: 'staff', teamId: team.id, email: 'sam@x.test', expiresInDays: 14 });
    expect(await sendInvitationEmail(ctx.db, admin, 'sam@x.test', `${appUrl}/invite/${emailed.token}`, emailed.expiresAt, 'staff')).toBe(true);
    expect(inviteTokenIn(smtp.inbox.at(-1)!.body)).toBe(emailed.token);

    // Without SMTP: the outbox says an invitation exists for the address, without the link.
    useSmtp(false);
    const quiet = await createInvitation(ctx.db, admin, { role: 'director', teamId: null, email: 'dee@x.test', expiresInDays: 7 });
    expect(await sendInvitationEmail(ctx.db, admin, 'dee@x.test', `${appUrl}/invite/${quiet.token}`, quiet.expiresAt, 'director')).toBe(false);
    const outbox = await listOutbox(ctx.db, admin.orgId);
    expect(outbox.map((m) => m.subject)).toContain('Invitation for dee@x.test (not emailed: no mail server)');
    expect(outbox.find((m) => m.to === 'dee@x.test')!.body).toMatch(/re-issue the invitation on the Members page/);
    expect(outbox.find((m) => m.to === 'sam@x.test')!.body).toContain(REDACTED_LINK);

    // Re-issue: a new token, the old one withdrawn, same role, team, email and validity.
    const reissued = await reissueInvitation(ctx.db, admin, quiet.invitationId);
    expect(reissued).toMatchObject({ email: 'dee@x.test', role: 'director' });
    expect(reissued.token).not.toBe(quiet.token);
    expect((await getInvitationPreview(ctx.db, quiet.token))!.problem).toMatch(/withdrawn/);
    expect((await getInvitationPreview(ctx.db, reissued.token))!.problem).toBeNull();
    expect(Math.round((reissued.expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(7);
    await expectAppError(reissueInvitation(ctx.db, admin, quiet.invitationId), 'NOT_FOUND');
    await acceptInvitationAsNewUser(ctx.db, reissued.token, { name: 'Dee', email: 'dee@x.test', password: PASSWORD });
    await expectAppError(reissueInvitation(ctx.db, admin, reissued.invitationId), 'NOT_FOUND');
    // Another agency's admin cannot re-issue this agency's invitation.
    const otherAdmin = await adminOf(ctx.db);
    await expectAppError(reissueInvitation(ctx.db, otherAdmin, emailed.invitationId), 'NOT_FOUND');

    // The password-reset path, for good measure, in the same logs.
    useSmtp(true);
    await userWithPassword(ctx.db, 'pat@x.test');
    const resetToken = await resetTokenFor(ctx.db, 'pat@x.test');

    const stored = await storedText(ctx.db);
    for (const token of [emailed.token, quiet.token, reissued.token, resetToken]) expect(stored).not.toContain(token);
    expect(stored).not.toMatch(/\/(invite|reset-password)\/[A-Za-z0-9_-]{20,}/);
    const audit = await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, admin.orgId));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['invitation.create', 'invitation.reissue', 'invitation.accept']));
    // Stored invitation hashes are hashes.
    for (const inv of await ctx.db.select().from(invitations)) expect(inv.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the migration redacts invitation and reset links already stored in the mail log', async () => {
    const admin = await adminOf(ctx.db);
    const leaked = 'Accept the invitation:\nhttp://localhost:3000/invite/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde\n\nor https://sustain.example/reset-password/ZZZZZZZZZZZZZZZZZZZZZZZZZ-_0123456789abcdef. Thanks';
    await ctx.db.insert(mailMessages).values([
      { orgId: admin.orgId, kind: 'invitation', toAddress: 'a@x.test', subject: 'Invite', body: leaked, transport: 'outbox' },
      { orgId: admin.orgId, kind: 'reminder', toAddress: 'b@x.test', subject: 'Reminder', body: 'Check in at http://localhost:3000/orgs/x/checkin', transport: 'outbox' },
    ]);
    // The statement shipped in the migration (found by content, so a renumbered file still counts).
    const dir = path.join(process.cwd(), 'db/migrations');
    const update = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('--> statement-breakpoint'))
      .find((statement) => statement.includes('UPDATE "mail_messages"') && statement.includes('[link sent by email; not stored]'));
    expect(update, 'the redaction migration').toBeTruthy();
    await ctx.db.execute(sql.raw(update!));
    const bodies = (await ctx.db.select().from(mailMessages)).map((m) => m.body).sort();
    expect(bodies).toEqual([
      'Accept the invitation:\n[link sent by email; not stored]\n\nor [link sent by email; not stored]. Thanks',
      'Check in at http://localhost:3000/orgs/x/checkin',
    ]);
  });

  it('sendMail logs the error of a failed send without the link', async () => {
    process.env.SMTP_URL = 'smtp://127.0.0.1:9';
    resetEnvForTests();
    const link = 'http://localhost:3000/invite/secret-token-value-1234567890';
    expect(await sendMail(ctx.db, { orgId: null, kind: 'invitation', to: 'x@x.test', subject: 's', body: `Join: ${LINK_SLOT}`, secretLink: link })).toBe(false);
    const [row] = await ctx.db.select().from(mailMessages);
    expect(row!.error).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain('secret-token-value');
    expect(await ctx.db.select().from(users)).toEqual([]);
  });
});
