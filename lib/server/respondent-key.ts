import 'server-only';
import { createHmac, hkdfSync } from 'node:crypto';
import { getEnv } from '@/lib/env';

let cachedSecret: Buffer | undefined;

function respondentSecret(): Buffer {
  if (cachedSecret) return cachedSecret;
  const env = getEnv();
  cachedSecret = env.RESPONDENT_KEY_SECRET
    ? Buffer.from(env.RESPONDENT_KEY_SECRET)
    : Buffer.from(hkdfSync('sha256', env.AUTH_SECRET, 'sustain', 'respondent-key-v1', 32));
  return cachedSecret;
}

/**
 * HMAC-SHA256(secret, userId:orgId). Responses are stored under this key instead of a
 * user id: the staff member's own pages can find their history, but nobody can turn a
 * key back into a person without the server secret. Confidential, not anonymous.
 */
export function respondentKeyFor(userId: string, orgId: string): string {
  return createHmac('sha256', respondentSecret()).update(`${userId}:${orgId}`).digest('base64url');
}

