import 'server-only';
import { getServerSession } from 'next-auth';
import { getAuthOptions } from './options';

/**
 * The signed-in user's id, or null. The session holds nothing else we trust. Revoked tokens
 * (signed out, signed out everywhere, password changed or reset) come back as null: the
 * JWT callback in ./options compares the token's session version with the database on
 * every call (see ./session-version).
 */
export async function getSessionUserId(): Promise<string | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}
