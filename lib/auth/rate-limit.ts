import 'server-only';
import { and, count, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { loginFailures } from '@/db/schema';

export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export const RATE_LIMIT_MESSAGE =
  'Too many failed sign-in attempts. For your security, sign-in is paused for 15 minutes. Try again later or ask your admin to help.';

const keysFor = (email: string | undefined, ip: string | undefined) => {
  const keys: string[] = [];
  if (email) keys.push(`email:${email.trim().toLowerCase()}`);
  if (ip) keys.push(`ip:${ip}`);
  return keys;
};

/** True when the email or the IP has 10 or more failures in the last 15 minutes. */
export async function isLoginRateLimited(
  db: DbOrTx,
  email: string | undefined,
  ip: string | undefined,
  now = new Date(),
): Promise<boolean> {
  const keys = keysFor(email, ip);
  if (keys.length === 0) return false;
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const rows = await db
    .select({ key: loginFailures.key, failures: count() })
    .from(loginFailures)
    .where(and(inArray(loginFailures.key, keys), gte(loginFailures.createdAt, since)))
    .groupBy(loginFailures.key);
  return rows.some((r) => r.failures >= LOGIN_FAILURE_LIMIT);
}

export async function recordLoginFailure(db: DbOrTx, email: string | undefined, ip: string | undefined): Promise<void> {
  const keys = keysFor(email, ip);
  if (keys.length === 0) return;
  await db.insert(loginFailures).values(keys.map((key) => ({ key })));
  // Old rows are useless; prune them opportunistically so the table stays small
  // (an hour: the longest window kept in this table, the sign-up limit's).
  await db.delete(loginFailures).where(lt(loginFailures.createdAt, new Date(Date.now() - 60 * 60 * 1000)));
}

/** A successful sign-in clears the email's failures (the IP's stay, to slow spraying). */
export async function clearLoginFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginFailures).where(or(eq(loginFailures.key, `email:${email.trim().toLowerCase()}`)));
}

/**
 * The caller's IP for the per-IP limit: the LAST X-Forwarded-For entry, which is the
 * address our nearest proxy saw (or, with no proxy, the socket address Next fills in).
 * Earlier entries are supplied by the client and could be forged to dodge the limit.
 * The per-email limit does not depend on this.
 */
export function clientIpFromHeaders(get: (name: string) => string | null | undefined): string | undefined {
  const forwarded = get('x-forwarded-for');
  if (forwarded) {
    const hops = forwarded.split(',').map((h) => h.trim()).filter(Boolean);
    return hops[hops.length - 1];
  }
  return get('x-real-ip') ?? undefined;
}

export const SIGNUP_LIMIT = 10;
export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;
export const SIGNUP_RATE_LIMIT_MESSAGE =
  'Too many new accounts were created from this network in the last hour. Please try again later.';

/**
 * Account creation (sign-up, accepting an invitation as a new person) per IP: at most 10
 * per hour. Each attempt costs an argon2 hash, and unlimited attempts would let anyone
 * probe which emails have accounts. Counts the attempt when not limited.
 */
export async function checkAndCountSignup(db: DbOrTx, ip: string | undefined, now = new Date()): Promise<boolean> {
  if (!ip) return true;
  const key = `signup-ip:${ip}`;
  const since = new Date(now.getTime() - SIGNUP_WINDOW_MS);
  const [row] = await db
    .select({ attempts: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gte(loginFailures.createdAt, since)));
  if ((row?.attempts ?? 0) >= SIGNUP_LIMIT) return false;
  await db.insert(loginFailures).values({ key, createdAt: now });
  return true;
}
