import 'server-only';
import { and, asc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { memberships, organizations, passwordResets, rateLimitCounters, users } from '@/db/schema';
import { getDummyHash, hashPassword, verifyPassword } from '@/lib/auth/password';
import { countLoginAttempt, countPasswordResetRequest, rateLimitKey, recordLoginSuccess } from '@/lib/auth/rate-limit';
import { bumpSessionVersion } from '@/lib/auth/session-version';
import { hashSecretToken, isWellFormedToken, newSecretToken } from '@/lib/auth/tokens';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { signUpSchema } from '@/lib/validation/identity';
import { writeAudit } from './audit';
import { isUniqueViolation } from './db-errors';
import { LINK_SLOT, isSmtpConfigured, sendMail } from './mail';

export const DUPLICATE_EMAIL_MESSAGE = 'An account with this email already exists. Sign in instead, or use another email.';

/** Sign-up: a new user, a new agency, and the user as its admin, in one transaction. */
export async function createAgencyWithAdmin(
  db: Db,
  input: z.infer<typeof signUpSchema>,
): Promise<{ orgId: string; userId: string }> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (existing.length) throw new AppError('CONFLICT', DUPLICATE_EMAIL_MESSAGE, { email: [DUPLICATE_EMAIL_MESSAGE] });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash })
        .returning({ id: users.id });
      const [org] = await tx.insert(organizations).values({ name: input.agencyName }).returning({ id: organizations.id });
      await tx.insert(memberships).values({ orgId: org!.id, userId: user!.id, role: 'admin' });
      await writeAudit(tx, {
        orgId: org!.id,
        actorUserId: user!.id,
        action: 'organization.create',
        targetType: 'organization',
        targetId: org!.id,
      });
      return { orgId: org!.id, userId: user!.id };
    });
  } catch (err) {
    // Two sign-ups with one email at once: the unique index decides, not the check above.
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', DUPLICATE_EMAIL_MESSAGE, { email: [DUPLICATE_EMAIL_MESSAGE] });
    throw err;
  }
}

/** The agencies a user belongs to (active memberships only), for the switcher. */
export async function listMyOrganizations(db: Db, userId: string) {
  return db
    .select({ orgId: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
    .orderBy(asc(organizations.name));
}

export async function getUserProfile(db: Db, userId: string) {
  const [row] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}

/* ───────────────────────── account security (issue 12) ───────────────────────── */

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/** The one answer to "forgot password", whatever happened: the same words for every email. */
export const PASSWORD_RESET_REQUESTED_MESSAGE =
  'If an account uses that email address, we have sent it a link to choose a new password. The link works once, for one hour. If nothing arrives within a few minutes, check your spam folder, then try again later (we send at most 3 links an hour).';

const RESET_LINK_PROBLEM = 'This password-reset link is not valid any more: it was already used, has expired (links last one hour), or was not copied whole. Ask for a new link.';

/** What happens after the response: the mail, if there is one to send. */
export interface PasswordResetRequestResult {
  /** Sends the reset mail; null when there is nothing to send. Run it after responding. */
  deliver: (() => Promise<void>) | null;
}

/**
 * "Forgot password". The answer never depends on whether the account exists: the caller
 * shows PASSWORD_RESET_REQUESTED_MESSAGE in every case, and the work done is the same:
 * both rate-limit counters are incremented, a token is generated and hashed, and ONE insert
 * statement runs that stores the hashed token only if a user has that email. The mail itself
 * is returned as `deliver`, for the caller to send after the response, so the SMTP round
 * trip does not make a real account answer more slowly either.
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  address: string,
  now = new Date(),
): Promise<PasswordResetRequestResult> {
  const allowed = await countPasswordResetRequest(db, email, address, now);
  const token = newSecretToken();
  const tokenHash = hashSecretToken(token);
  const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS);
  // Without a mail server the link could go nowhere (it is never stored in clear): none is made.
  if (!allowed || !isSmtpConfigured()) return { deliver: null };
  const inserted = await db
    .insert(passwordResets)
    .select(
      sql`select gen_random_uuid(), ${users.id}, ${tokenHash}, ${expiresAt.toISOString()}::timestamptz, null::timestamptz, ${now.toISOString()}::timestamptz from ${users} where ${users.email} = ${email}`,
    )
    .returning({ userId: passwordResets.userId });
  if (!inserted.length) return { deliver: null };
  const link = `${getEnv().appUrl}/reset-password/${token}`;
  return {
    deliver: async () => {
      await sendMail(db, {
        orgId: null,
        kind: 'password-reset',
        to: email,
        subject: 'Choose a new Sustain password',
        body: [
          `Hello,`,
          ``,
          `Someone (we hope you) asked to reset the password of the Sustain account for this email address.`,
          `Choose a new password here (the link works once, for one hour):`,
          LINK_SLOT,
          ``,
          `If you did not ask for this, ignore this email: your password stays as it is.`,
        ].join('\n'),
        secretLink: link,
      });
    },
  };
}

/** Why a reset link cannot be used, or null when it can (for the page, before the form). */
export async function getPasswordResetProblem(db: Db, token: string, now = new Date()): Promise<string | null> {
  if (!isWellFormedToken(token)) return RESET_LINK_PROBLEM;
  const [row] = await db
    .select({ id: passwordResets.id })
    .from(passwordResets)
    .where(
      and(eq(passwordResets.tokenHash, hashSecretToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)),
    )
    .limit(1);
  return row ? null : RESET_LINK_PROBLEM;
}

/**
 * Sets a new password from a reset link, all or nothing: the link is used up in one
 * conditional UPDATE (so two submissions at once change the password once), every other
 * pending link of the user is used up too, the password is replaced, every session ends
 * (session version + 1), and the sign-in lock on the email is lifted.
 */
export async function resetPasswordWithToken(db: Db, token: string, newPassword: string, now = new Date()): Promise<void> {
  if (!isWellFormedToken(token)) throw new AppError('GONE', RESET_LINK_PROBLEM);
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(
        and(eq(passwordResets.tokenHash, hashSecretToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)),
      )
      .returning({ id: passwordResets.id, userId: passwordResets.userId });
    if (!claimed) throw new AppError('GONE', RESET_LINK_PROBLEM);
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, claimed.userId), isNull(passwordResets.usedAt), ne(passwordResets.id, claimed.id)));
    const [user] = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, claimed.userId))
      .returning({ email: users.email });
    await tx.delete(rateLimitCounters).where(eq(rateLimitCounters.key, rateLimitKey('login-email', user!.email)));
    await writeAudit(tx, {
      orgId: null,
      actorUserId: claimed.userId,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: claimed.userId,
    });
  });
}

export const WRONG_CURRENT_PASSWORD_MESSAGE = 'That is not your current password. Check it and try again.';
export const PASSWORD_CHANGE_LIMITED_MESSAGE =
  'Too many wrong passwords. For your security, password changes are paused for 15 minutes.';

/**
 * A signed-in user changes their password. The current password is required, and each try
 * counts against the same limit as sign-in (a stolen session cannot guess it faster). Every
 * session ends, this one included: the user signs in again with the new password.
 */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  address: string,
): Promise<void> {
  const [user] = await db
    .select({ email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user) {
    await verifyPassword(await getDummyHash(), input.currentPassword);
    throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  }
  if (!(await countLoginAttempt(db, user.email, address))) throw new AppError('RATE_LIMITED', PASSWORD_CHANGE_LIMITED_MESSAGE);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw new AppError('VALIDATION', WRONG_CURRENT_PASSWORD_MESSAGE, { currentPassword: [WRONG_CURRENT_PASSWORD_MESSAGE] });
  await recordLoginSuccess(db, user.email, address);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await writeAudit(tx, { orgId: null, actorUserId: userId, action: 'user.password_change', targetType: 'user', targetId: userId });
  });
}

/** "Sign out everywhere": every session of the user ends at once, this one included. */
export async function signOutEverywhere(db: Db, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    if ((await bumpSessionVersion(tx, userId)) === null) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    await writeAudit(tx, { orgId: null, actorUserId: userId, action: 'user.sign_out_everywhere', targetType: 'user', targetId: userId });
  });
}
