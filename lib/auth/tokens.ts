import { createHash, randomBytes } from 'node:crypto';

/**
 * One-time link tokens (invitations, password resets): 256 random bits, base64url, so 43
 * characters safe in a URL path. Only their SHA-256 is stored; a random 256-bit token needs
 * no salt or slow hash, because it cannot be guessed from its hash.
 */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Shape check before any lookup, so junk never reaches SQL. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(token);
}
