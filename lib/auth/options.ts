import 'server-only';
import { eq } from 'drizzle-orm';
import type { NextAuthOptions } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { safeCallbackUrl } from './callback-url';
import { clientAddress, type HeaderSource } from './client-address';
import { emailSchema, getDummyHash, verifyPassword } from './password';
import { RATE_LIMIT_MESSAGE, countLoginAttempt, recordLoginSuccess } from './rate-limit';
import { StaleSessionError, bumpSessionVersion, isSessionCurrent } from './session-version';

const credentialsSchema = z.object({
  email: z.string().trim().min(1),
  password: z.string().min(1).max(200),
});

export const WRONG_CREDENTIALS_MESSAGE = "That email and password don't match an account. Check both and try again.";
export const INVALID_EMAIL_MESSAGE = 'Enter a valid email address, like name@agency.org.';
const SIGN_IN_FAILED_MESSAGE = 'Sign-in failed on our side. Please try again.';

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string;
  /** users.session_version when the token is issued; every request checks it (session-version.ts). */
  sessionVersion: number;
}

/**
 * Verifies email + password. Returns the user or throws an Error whose message next-auth
 * passes back to the sign-in form. The attempt is counted (one atomic upsert per bucket)
 * before the password is checked, so however many arrive at once, at most the limit are
 * ever verified.
 */
export async function authorizeCredentials(raw: unknown, address: string): Promise<AuthorizedUser> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new Error('Enter your email and password.');
  const email = emailSchema.safeParse(parsed.data.email);
  // Checked before any SQL: a NUL byte or a 10 kB "email" never reaches the database.
  if (!email.success) throw new Error(INVALID_EMAIL_MESSAGE);
  const { password } = parsed.data;
  const db = getDb();
  let user: { id: string; email: string; name: string; passwordHash: string; sessionVersion: number } | undefined;
  try {
    if (!(await countLoginAttempt(db, email.data, address))) throw new Error(RATE_LIMIT_MESSAGE);
    [user] = await db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        passwordHash: users.passwordHash,
        sessionVersion: users.sessionVersion,
      })
      .from(users)
      .where(eq(users.email, email.data))
      .limit(1);
  } catch (err) {
    if (err instanceof Error && err.message === RATE_LIMIT_MESSAGE) throw err;
    // Database trouble: log it here, and never let its text reach the sign-in URL.
    console.error('[sustain] sign-in check failed', err);
    throw new Error(SIGN_IN_FAILED_MESSAGE);
  }
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await getDummyHash(), password);
  if (!user || !ok) throw new Error(WRONG_CREDENTIALS_MESSAGE);
  await recordLoginSuccess(db, email.data, address);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

/**
 * The JWT callback. On sign-in it stamps the user's session version into the token. On every
 * other call (every getServerSession, so every page, action and API request, and
 * /api/auth/session) it compares the token's version with the database and throws for a
 * stale or foreign token: next-auth then answers "no session" and clears the cookie.
 */
export async function sessionJwtCallback({ token, user }: { token: JWT; user?: unknown }): Promise<JWT> {
  // Only these claims are kept: `sv` is the session version (users.session_version) at sign-in.
  const claims = { name: token.name, email: token.email, iat: token.iat, exp: token.exp, jti: token.jti };
  if (user) {
    const u = user as Partial<AuthorizedUser>;
    return { ...claims, sub: u.id, sv: u.sessionVersion };
  }
  let current: boolean;
  try {
    current = await isSessionCurrent(getDb(), token.sub, token.sv);
  } catch (err) {
    // The database did not answer (a PostgreSQL restart, issue 13): that says nothing about the
    // session, and throwing here would make next-auth clear the cookie and sign the person out.
    // Keep the token; the request's own reads fail with a 5xx the client retries, and nothing
    // is served without the database.
    console.error('[sustain] session check: database unavailable', err instanceof Error ? err.message : err);
    return { ...claims, sub: token.sub, sv: token.sv };
  }
  if (!current) throw new StaleSessionError();
  return { ...claims, sub: token.sub, sv: token.sv };
}

/** Sign-out ends every session of the user: the token's version is retired (if still current). */
export async function signOutEvent({ token }: { token?: JWT | null }): Promise<void> {
  if (!token?.sub || typeof token.sv !== 'number') return;
  await bumpSessionVersion(getDb(), token.sub, token.sv);
}

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    // JWT sessions carry the user id and session version; roles are read from memberships
    // on every request, and the version is checked on every request, so a changed role,
    // a deactivation or a sign-out takes effect at once.
    session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
    useSecureCookies: env.appUrl.startsWith('https://'),
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          return authorizeCredentials(credentials, clientAddress({ headers: req?.headers as HeaderSource }));
        },
      }),
    ],
    callbacks: {
      jwt: sessionJwtCallback,
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
      // The credentials POST's callbackUrl (body, query or cookie) goes through the same
      // check as the sign-in page: a same-origin path, or the home page. Never throws.
      async redirect({ url, baseUrl }) {
        return safeCallbackUrl(url, baseUrl);
      },
    },
    events: {
      signOut: signOutEvent,
    },
    logger: {
      error(code, metadata) {
        // A revoked token is an expected answer ("signed out"), not an error worth a stack trace.
        if (code === 'JWT_SESSION_ERROR' && metadata instanceof StaleSessionError) return;
        const message = metadata instanceof Error ? metadata.message : (metadata as { message?: string } | undefined)?.message;
        console.error(`[next-auth][error][${code}]`, message ?? '', metadata);
      },
    },
  };
}
