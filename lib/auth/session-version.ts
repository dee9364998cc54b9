import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { isUuid } from './authorize';

/**
 * Revocable sessions. Sessions are JWTs (next-auth), which the server cannot delete, so each
 * token carries the user's session version from when it was issued, and every request
 * compares it with users.session_version (getAuthOptions' jwt callback, which runs inside
 * every getServerSession). Adding one to the column refuses every earlier token at once:
 * sign-out, "sign out everywhere", a password change and a password reset all do this.
 *
 * Deactivating a membership does not bump it: the person may belong to other agencies, and
 * one agency's admin must not be able to end their sessions elsewhere. Their token stops
 * working for that agency at once anyway, because authorizeOrgRole re-reads the membership
 * on every request.
 */

export class StaleSessionError extends Error {
  constructor() {
    super('This session was signed out.');
    this.name = 'StaleSessionError';
  }
}

/** The user's current session version, or null when there is no such user. */
export async function getSessionVersion(db: DbOrTx, userId: string): Promise<number | null> {
  if (!isUuid(userId)) return null;
  const [row] = await db.select({ version: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.version ?? null;
}

/** True when a token for `userId` issued at `version` is still valid. */
export async function isSessionCurrent(db: DbOrTx, userId: unknown, version: unknown): Promise<boolean> {
  if (typeof userId !== 'string' || typeof version !== 'number' || !Number.isInteger(version)) return false;
  return (await getSessionVersion(db, userId)) === version;
}

/**
 * Ends every session of the user: one UPDATE. With `onlyIfVersion`, only when the version is
 * still that one (a sign-out from an already-revoked token changes nothing). Returns the new
 * version, or null when nothing changed.
 */
export async function bumpSessionVersion(db: DbOrTx, userId: string, onlyIfVersion?: number): Promise<number | null> {
  if (!isUuid(userId)) return null;
  const where =
    onlyIfVersion === undefined ? eq(users.id, userId) : and(eq(users.id, userId), eq(users.sessionVersion, onlyIfVersion));
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(where)
    .returning({ version: users.sessionVersion });
  return row?.version ?? null;
}
