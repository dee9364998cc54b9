import 'server-only';
import { createHmac } from 'node:crypto';
import { and, eq, inArray, lt, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rateLimitCounters } from '@/db/schema';
import { getEnv } from '@/lib/env';

/*
 * Fixed-window counters in the database (rate_limit_counters), one row per (key, window).
 *
 * Each attempt is ONE statement that increments and returns the count:
 *   INSERT … ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count
 * Postgres serializes concurrent upserts of one row, so n simultaneous attempts see the
 * counts 1…n and exactly `limit` of them are allowed. (The old limiter counted first and
 * inserted later, so a burst all read "under the limit".)
 *
 * A fixed window can let up to twice the limit through around a window boundary; that is
 * the price of one row per key, and still bounds guessing to 2 × limit per window.
 * Old windows are deleted by the scheduler (pruneRateLimitCounters), never per request.
 */

export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const RATE_LIMIT_MESSAGE =
  'Too many failed sign-in attempts. For your security, sign-in is paused for 15 minutes. Try again later or ask your admin to help.';

export const SIGNUP_LIMIT = 10;
export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;
export const SIGNUP_RATE_LIMIT_MESSAGE =
  'Too many new accounts were created from this network in the last hour. Please try again later.';

/** Reset emails per address asked for, and requests per client address, per hour. */
export const PASSWORD_RESET_EMAIL_LIMIT = 3;
export const PASSWORD_RESET_ADDRESS_LIMIT = 10;
export const PASSWORD_RESET_WINDOW_MS = 60 * 60 * 1000;

/** The longest window in use: rows older than this are finished and can go. */
const LONGEST_WINDOW_MS = Math.max(LOGIN_WINDOW_MS, SIGNUP_WINDOW_MS, PASSWORD_RESET_WINDOW_MS);

/**
 * The stored key for a bucket: "<purpose>:<HMAC-SHA256>". Emails and client addresses are
 * personal data, so the table holds neither; the HMAC (keyed with AUTH_SECRET) also means a
 * leaked table cannot be checked against a list of known emails. Any input is safe here,
 * NUL bytes included: only the hex digest reaches SQL.
 */
export function rateLimitKey(purpose: string, value: string): string {
  const digest = createHmac('sha256', getEnv().AUTH_SECRET).update(`${purpose}\u0000${value}`).digest('hex');
  return `${purpose}:${digest}`;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function windowStartOf(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Counts one attempt for `key` in the current window and returns the new count: one SQL statement. */
export async function hitRateLimit(db: DbOrTx, key: string, windowMs: number, now = new Date()): Promise<number> {
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key, windowStart: windowStartOf(now, windowMs), count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.key, rateLimitCounters.windowStart],
      set: { count: sql`${rateLimitCounters.count} + 1` },
    })
    .returning({ count: rateLimitCounters.count });
  return row!.count;
}

/** The highest current-window count among `keys` (0 if none): a read, for early answers only. */
export async function peekRateLimit(db: DbOrTx, keys: string[], windowMs: number, now = new Date()): Promise<number> {
  if (keys.length === 0) return 0;
  const [row] = await db
    .select({ highest: max(rateLimitCounters.count) })
    .from(rateLimitCounters)
    .where(and(inArray(rateLimitCounters.key, keys), eq(rateLimitCounters.windowStart, windowStartOf(now, windowMs))));
  return row?.highest ?? 0;
}

/** Hands one attempt back (never below 0). */
async function refundRateLimit(db: DbOrTx, key: string, windowMs: number, now: Date): Promise<void> {
  await db
    .update(rateLimitCounters)
    .set({ count: sql`greatest(${rateLimitCounters.count} - 1, 0)` })
    .where(and(eq(rateLimitCounters.key, key), eq(rateLimitCounters.windowStart, windowStartOf(now, windowMs))));
}

/** Deletes finished windows. The scheduler calls this (runTick); requests never scan the table. */
export async function pruneRateLimitCounters(db: DbOrTx, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(rateLimitCounters)
    .where(lt(rateLimitCounters.windowStart, new Date(now.getTime() - LONGEST_WINDOW_MS)))
    .returning({ key: rateLimitCounters.key });
  return deleted.length;
}

/* ───────────────────────── sign-in ───────────────────────── */

function loginKeys(email: string, address: string): string[] {
  return [rateLimitKey('login-email', normalizeEmail(email)), rateLimitKey('login-address', address)];
}

/**
 * Counts a sign-in attempt against the email and the client address, atomically, BEFORE the
 * password is checked. False when either is over LOGIN_FAILURE_LIMIT in the window: the
 * caller must then refuse without verifying the password. A successful sign-in hands its
 * attempt back (recordLoginSuccess), so in effect the limit counts failures plus attempts
 * still being checked.
 */
export async function countLoginAttempt(db: DbOrTx, email: string, address: string, now = new Date()): Promise<boolean> {
  const counts: number[] = [];
  for (const key of loginKeys(email, address)) counts.push(await hitRateLimit(db, key, LOGIN_WINDOW_MS, now));
  return counts.every((c) => c <= LOGIN_FAILURE_LIMIT);
}

/**
 * After a successful sign-in: the email's count is cleared (its owner proved the password),
 * and the address gets this attempt back, so people signing in from one office address do
 * not use up each other's limit. The address keeps its failures, to slow password spraying.
 */
export async function recordLoginSuccess(db: DbOrTx, email: string, address: string, now = new Date()): Promise<void> {
  const [emailKey, addressKey] = loginKeys(email, address);
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, emailKey!));
  await refundRateLimit(db, addressKey!, LOGIN_WINDOW_MS, now);
}

/** Read-only: is the email or the address at its limit? Lets the sign-in route answer 429 early. */
export async function isLoginRateLimited(db: DbOrTx, email: string, address: string, now = new Date()): Promise<boolean> {
  return (await peekRateLimit(db, loginKeys(email, address), LOGIN_WINDOW_MS, now)) >= LOGIN_FAILURE_LIMIT;
}

/* ───────────────────────── sign-up ───────────────────────── */

/**
 * Account creation (sign-up, accepting an invitation as a new person) per client address:
 * at most 10 per hour. Each attempt costs an argon2 hash, and unlimited attempts would let
 * anyone probe which emails have accounts. Counts the attempt; true when it may go ahead.
 */
export async function checkAndCountSignup(db: DbOrTx, address: string, now = new Date()): Promise<boolean> {
  return (await hitRateLimit(db, rateLimitKey('signup-address', address), SIGNUP_WINDOW_MS, now)) <= SIGNUP_LIMIT;
}

/* ───────────────────────── password reset ───────────────────────── */

/**
 * A "forgot password" request, counted per email asked for (at most 3 mails an hour to one
 * inbox) and per client address (at most 10 requests an hour). Counted the same way whether
 * or not the account exists, so the limit reveals nothing either.
 */
export async function countPasswordResetRequest(db: DbOrTx, email: string, address: string, now = new Date()): Promise<boolean> {
  const byEmail = await hitRateLimit(db, rateLimitKey('reset-email', normalizeEmail(email)), PASSWORD_RESET_WINDOW_MS, now);
  const byAddress = await hitRateLimit(db, rateLimitKey('reset-address', address), PASSWORD_RESET_WINDOW_MS, now);
  return byEmail <= PASSWORD_RESET_EMAIL_LIMIT && byAddress <= PASSWORD_RESET_ADDRESS_LIMIT;
}
