import 'server-only';
import { eq } from 'drizzle-orm';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { getDummyHash, verifyPassword } from './password';
import {
  RATE_LIMIT_MESSAGE,
  clearLoginFailures,
  clientIpFromHeaders,
  isLoginRateLimited,
  recordLoginFailure,
} from './rate-limit';

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const WRONG_CREDENTIALS_MESSAGE = "That email and password don't match an account. Check both and try again.";

type HeaderBag = Record<string, string | string[] | undefined> | Headers | undefined;

function headerGetter(headers: HeaderBag) {
  return (name: string): string | undefined => {
    if (!headers) return undefined;
    if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
    const v = (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(v) ? v[0] : v;
  };
}

/**
 * Verifies email + password. Returns the user id or throws an Error whose message
 * next-auth passes back to the sign-in form. Failures are counted for the rate limit.
 */
export async function authorizeCredentials(
  raw: unknown,
  ip: string | undefined,
): Promise<{ id: string; email: string; name: string }> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new Error('Enter your email and password.');
  const { email, password } = parsed.data;
  const db = getDb();
  if (await isLoginRateLimited(db, email, ip)) throw new Error(RATE_LIMIT_MESSAGE);
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await getDummyHash(), password);
  if (!user || !ok) {
    await recordLoginFailure(db, email, ip);
    throw new Error(WRONG_CREDENTIALS_MESSAGE);
  }
  await clearLoginFailures(db, email);
  return { id: user.id, email: user.email, name: user.name };
}

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    // JWT sessions carry only the user id; roles are read from memberships on every request,
    // so a changed or revoked role takes effect at once.
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    useSecureCookies: env.appUrl.startsWith('https://'),
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const ip = clientIpFromHeaders(headerGetter(req?.headers as HeaderBag));
          return authorizeCredentials(credentials, ip);
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return { sub: token.sub, name: token.name, email: token.email, iat: token.iat, exp: token.exp, jti: token.jti };
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
  };
}
