// First: it installs the AsyncLocalStorage Next's request storages need before they load.
import { runInRequestScope } from '@/lib/testing/request-scope';
import { hash } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { expect, it } from 'vitest';
import { makeMember, makeOrg } from '@/db/factories';
import { memberships, passwordResets, users } from '@/db/schema';
import { describeEachDriver, expectAppError } from '@/db/testing';
import { getEnv } from '@/lib/env';
import { changePassword, resetPasswordWithToken, signOutEverywhere } from '@/lib/server/accounts';
import { setMemberActive } from '@/lib/server/members';
import { authorizeOrgRole } from './authorize';
import { getSessionUserId } from './session';
import { hashSecretToken, newSecretToken } from './tokens';

/**
 * Revocable sessions (issue 12): a copied session token stops working the moment its owner
 * signs out, signs out everywhere, changes or resets the password. Before, it kept working
 * for up to 8 hours (and longer, as every request rolled it forward).
 */
const authRoute = await import('@/app/api/auth/[...nextauth]/route');

const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery staple';
const FORM = 'application/x-www-form-urlencoded';

function authRequest(method: 'GET' | 'POST', path: string, init: { body?: string; cookie?: string } = {}): Promise<Response> {
  const headers = new Headers();
  if (init.body !== undefined) headers.set('content-type', FORM);
  if (init.cookie) headers.set('cookie', init.cookie);
  const req = new NextRequest(`${ORIGIN}/api/auth/${path}`, { method, body: init.body, headers });
  const ctx = { params: Promise.resolve({ nextauth: path.split('/') }) };
  return runInRequestScope(req, '/api/auth/[...nextauth]', () =>
    method === 'GET' ? authRoute.GET(req, ctx) : authRoute.POST(req, ctx),
  ) as Promise<Response>;
}

const cookiePairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

async function csrf(cookie?: string) {
  const res = await authRequest('GET', 'csrf', { cookie });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { csrfToken, cookie: [cookie, ...cookiePairs(res)].filter(Boolean).join('; ') };
}

/** Signs in through next-auth's credentials endpoint, as the browser does; returns the session cookie. */
async function signIn(email: string, password = PASSWORD): Promise<string> {
  const { csrfToken, cookie } = await csrf();
  const res = await authRequest('POST', 'callback/credentials', {
    body: new URLSearchParams({ email, password, csrfToken, json: 'true', callbackUrl: '/orgs' }).toString(),
    cookie,
  });
  expect(res.status).toBe(200);
  const session = cookiePairs(res).find((c) => c.startsWith('next-auth.session-token='));
  expect(session, 'a session cookie').toBeTruthy();
  return session!;
}

async function signOut(sessionCookie: string): Promise<void> {
  const { csrfToken, cookie } = await csrf(sessionCookie);
  const res = await authRequest('POST', 'signout', { body: new URLSearchParams({ csrfToken, json: 'true' }).toString(), cookie });
  expect(res.status).toBe(200);
}

/** The user a request carrying `cookie` is signed in as (what every page, action and API route asks). */
function sessionUserOf(cookie: string): Promise<string | null> {
  const req = new NextRequest(`${ORIGIN}/orgs`, { headers: { cookie } });
  return runInRequestScope(req, '/orgs', () => getSessionUserId());
}

async function makeUserWithPassword(db: Parameters<typeof makeOrg>[0], email: string) {
  const org = await makeOrg(db);
  const { user, membership } = await makeMember(db, org.id, 'staff', { user: { email, passwordHash: await hash(PASSWORD) } });
  return { org, user, membership };
}

describeEachDriver('revocable sessions', (ctx) => {
  it('a copied session token is refused at once after sign-out (and the session endpoint says signed out)', async () => {
    const { user } = await makeUserWithPassword(ctx.db, 'copy@x.test');
    const token = await signIn('copy@x.test');
    const copied = token; // an attacker's copy of the cookie
    expect(await sessionUserOf(token)).toBe(user.id);
    await signOut(token);
    expect(await sessionUserOf(copied)).toBeNull();
    const res = await authRequest('GET', 'session', { cookie: copied });
    expect(await res.json()).toEqual({});
    // next-auth is told to drop the cookie.
    expect(res.headers.getSetCookie().some((c) => /^next-auth\.session-token=;/.test(c) || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))).toBe(true);
    // Signing in again gives a working session.
    expect(await sessionUserOf(await signIn('copy@x.test'))).toBe(user.id);
  });

  it('sign out everywhere, a password change and a password reset each refuse every older token', async () => {
    const { user } = await makeUserWithPassword(ctx.db, 'many@x.test');
    const laptop = await signIn('many@x.test');
    const phone = await signIn('many@x.test');
    expect(await sessionUserOf(laptop)).toBe(user.id);
    await signOutEverywhere(ctx.db, user.id);
    expect(await sessionUserOf(laptop)).toBeNull();
    expect(await sessionUserOf(phone)).toBeNull();

    const beforeChange = await signIn('many@x.test');
    await changePassword(ctx.db, user.id, { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }, '192.0.2.1');
    expect(await sessionUserOf(beforeChange)).toBeNull();

    const beforeReset = await signIn('many@x.test', 'a brand new passphrase');
    // A reset link as requestPasswordReset stores it (the full mail path is tested in account-security).
    const token = newSecretToken();
    await ctx.db
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: hashSecretToken(token), expiresAt: new Date(Date.now() + 3_600_000) });
    await resetPasswordWithToken(ctx.db, token, 'the reset passphrase');
    expect(await sessionUserOf(beforeReset)).toBeNull();
    expect(await sessionUserOf(await signIn('many@x.test', 'the reset passphrase'))).toBe(user.id);
  });

  it('a token without a session version (issued before this change) or for a deleted user is refused', async () => {
    const { user } = await makeUserWithPassword(ctx.db, 'legacy@x.test');
    const secret = getEnv().AUTH_SECRET;
    const legacy = await encode({ token: { sub: user.id, name: 'x', email: 'legacy@x.test' }, secret });
    expect(await sessionUserOf(`next-auth.session-token=${legacy}`)).toBeNull();
    const current = await encode({ token: { sub: user.id, sv: 0 }, secret });
    expect(await sessionUserOf(`next-auth.session-token=${current}`)).toBe(user.id);
    const stale = await encode({ token: { sub: user.id, sv: -1 }, secret });
    expect(await sessionUserOf(`next-auth.session-token=${stale}`)).toBeNull();
    const session = await signIn('legacy@x.test');
    await ctx.db.delete(users).where(eq(users.id, user.id));
    expect(await sessionUserOf(session)).toBeNull();
  });

  it("deactivation refuses the member's token for that agency at once; their other agency is unaffected", async () => {
    const { org, user, membership } = await makeUserWithPassword(ctx.db, 'two@x.test');
    const other = await makeOrg(ctx.db);
    await ctx.db.insert(memberships).values({ orgId: other.id, userId: user.id, role: 'staff' });
    const admin = await makeMember(ctx.db, org.id, 'admin');
    const session = await signIn('two@x.test');
    const userId = await sessionUserOf(session);
    expect(userId).toBe(user.id);
    await expect(authorizeOrgRole(ctx.db, userId, org.id, 'staff')).resolves.toBeTruthy();

    await setMemberActive(ctx.db, await authorizeOrgRole(ctx.db, admin.user.id, org.id, 'admin'), membership.id, false);
    // The very next request with the same token: refused for this agency (404, as a non-member)…
    await expectAppError(authorizeOrgRole(ctx.db, await sessionUserOf(session), org.id, 'staff'), 'NOT_FOUND');
    // …while one agency's admin cannot end the person's sessions elsewhere.
    await expect(authorizeOrgRole(ctx.db, await sessionUserOf(session), other.id, 'staff')).resolves.toMatchObject({ orgId: other.id });
  });

  it('deactivating a last active membership refuses every copy of the session token at once', async () => {
    const { org, user, membership } = await makeUserWithPassword(ctx.db, 'one@x.test');
    const admin = await makeMember(ctx.db, org.id, 'admin');
    const session = await signIn('one@x.test');
    expect(await sessionUserOf(session)).toBe(user.id);
    await setMemberActive(ctx.db, await authorizeOrgRole(ctx.db, admin.user.id, org.id, 'admin'), membership.id, false);
    expect(await sessionUserOf(session)).toBeNull();
  });
});
