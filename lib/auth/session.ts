import 'server-only';
import { getServerSession } from 'next-auth';
import { getAuthOptions } from './options';

/** The signed-in user's id, or null. The session holds nothing else we trust. */
export async function getSessionUserId(): Promise<string | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}
