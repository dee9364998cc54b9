import { hash } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { expect, it, vi } from 'vitest';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { organizations, responses, teams } from '@/db/schema';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { runInRequestScope } from '@/lib/testing/request-scope';
import { idleState } from '@/lib/validation/form';
import { openOneOffCycle } from './cycles';

/**
 * Issue 12, "no 5xx from hostile input": each finding of the attack on the demo, replayed.
 * Each of these answered 500 (or, for __proto__, a silent 201) before the fix.
 */
// Before any Next module loads (they read it once): Next's server sets this global too.
vi.hoisted(() => {
  (globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= process.getBuiltinModule('node:async_hooks').AsyncLocalStorage;
});
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUserId: async () => session.userId }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {} }));

const authRoute = await import('@/app/api/auth/[...nextauth]/route');
const checkinsRoute = await import('@/app/api/v1/orgs/[orgId]/checkins/route');
const adminActions = await import('@/lib/actions/admin');

const ORIGIN = 'http://localhost:3000';

function authRequest(method: 'GET' | 'POST', path: string, init: { body?: BodyInit; contentType?: string; cookie?: string } = {}) {
  const headers = new Headers();
  if (init.contentType) headers.set('content-type', init.contentType);
  if (init.cookie) headers.set('cookie', init.cookie);
  const [pathname, search = ''] = path.split('?');
  const req = new NextRequest(`${ORIGIN}/api/auth/${pathname}${search ? `?${search}` : ''}`, { method, body: init.body, headers });
  const ctx = { params: Promise.resolve({ nextauth: pathname!.split('/') }) };
  return runInRequestScope(req, '/api/auth/[...nextauth]', () => (method === 'GET' ? authRoute.GET(req, ctx) : authRoute.POST(req, ctx)));
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

async function expectApiError(res: Response, status = 422) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error?: { code?: string; message?: string } };
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  return body;
}

/** A real CSRF token and cookie from next-auth, as the login form gets them. */
async function csrf() {
  const res = await authRequest('GET', 'csrf');
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { csrfToken, cookie };
}

describeEachDriver('hostile input (issue 12 findings)', (ctx) => {
  it('credentials POST with a JSON, text or missing body: 422 with the API error shape, not 500', async () => {
    await expectApiError(
      await authRequest('POST', 'callback/credentials', { body: JSON.stringify({ email: 'a@b.c', password: 'x' }), contentType: 'application/json' }),
    );
    await expectApiError(await authRequest('POST', 'callback/credentials', { body: 'email=a@b.c', contentType: 'text/plain' }));
    await expectApiError(await authRequest('POST', 'callback/credentials'));
    await expectApiError(await authRequest('POST', 'callback/credentials', { body: '{not json', contentType: 'application/json' }));
  });

  it('a NUL byte (or no valid email) in the sign-in email: 422 before any SQL, with a message for the form', async () => {
    const { csrfToken, cookie } = await csrf();
    const res = await authRequest('POST', 'callback/credentials', {
      body: form({ email: 'admin@example.test\u0000', password: 'whatever-password', csrfToken, json: 'true' }),
      contentType: FORM,
      cookie,
    });
    const body = (await expectApiError(res)) as { url?: string };
    // next-auth's signIn() reads ?error= from `url`; the form shows that sentence.
    expect(new URL(body.url!).searchParams.get('error')).toMatch(/valid email/);
    await expectApiError(
      await authRequest('POST', 'callback/credentials', { body: form({ email: 'x\uD800@example.test', password: 'p', csrfToken }), contentType: FORM, cookie }),
    );
  });

  it('callbackUrl=\\\\evil.example (body, query or cookie) never 500s and never leaves the site', async () => {
    const { csrfToken, cookie } = await csrf();
    const attempts = [
      authRequest('POST', 'callback/credentials', {
        body: form({ email: 'nobody@example.test', password: 'wrong-password-123', csrfToken, callbackUrl: '\\\\evil.example', json: 'true' }),
        contentType: FORM,
        cookie,
      }),
      authRequest('POST', 'callback/credentials?callbackUrl=%5C%5Cevil.example', {
        body: form({ email: 'nobody@example.test', password: 'wrong-password-123', csrfToken, json: 'true' }),
        contentType: FORM,
        cookie,
      }),
      authRequest('GET', 'signin?callbackUrl=%5C%5Cevil.example'),
      authRequest('GET', 'session', { cookie: 'next-auth.callback-url=%5C%5Cevil.example' }),
      authRequest('GET', 'csrf', { cookie: 'next-auth.callback-url=javascript:alert(1)' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBeLessThan(500);
      const location = res.headers.get('location');
      if (location) expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
      for (const c of res.headers.getSetCookie()) {
        if (c.includes('callback-url=')) expect(decodeURIComponent(c)).not.toMatch(/evil|javascript/);
      }
      if (res.headers.get('content-type')?.includes('json')) {
        const body = (await res.json()) as { url?: string };
        if (body.url) expect(new URL(body.url, ORIGIN).origin).toBe(ORIGIN);
      }
    }
  });

  it('a callback-url cookie next-auth cannot parse is refused (422) and cleared, not a 500 on every request', async () => {
    const res = await authRequest('GET', 'session', { cookie: 'next-auth.callback-url=%5C%5Cevil.example' });
    await expectApiError(res, 422);
    const cleared = res.headers.getSetCookie().filter((c) => c.startsWith('next-auth.callback-url='));
    expect(cleared.length).toBe(1);
    expect(cleared[0]).toMatch(/Max-Age=0/i);
  });

  it('sign-in through the guarded route still works, and keeps a same-site callback', async () => {
    const org = await makeOrg(ctx.db);
    const passwordHash = await hash('correct horse battery staple');
    await makeMember(ctx.db, org.id, 'admin', { user: { email: 'admin@example.test', passwordHash } });
    const { csrfToken, cookie } = await csrf();
    const res = await authRequest('POST', 'callback/credentials', {
      body: form({
        email: 'Admin@Example.test',
        password: 'correct horse battery staple',
        csrfToken,
        callbackUrl: `${ORIGIN}/orgs/${org.id}`,
        redirect: 'false',
        json: 'true',
      }),
      contentType: FORM,
      cookie,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { url: string }).url).toBe(`${ORIGIN}/orgs/${org.id}`);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('next-auth.session-token='))).toBe(true);
  });

  it('a NUL byte in a team name or a settings text: a field error, nothing stored, nothing logged as a server error', async () => {
    const org = await makeOrg(ctx.db, { supportText: 'Call the EAP.' });
    const admin = await makeMember(ctx.db, org.id, 'admin');
    session.userId = admin.user.id;
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const fd = new FormData();
      fd.set('name', 'Night\u0000shift');
      const team = await adminActions.createTeamAction(org.id, idleState, fd);
      expect(team.status).toBe('error');
      expect(team.fieldErrors?.name?.[0]).toMatch(/control characters/);
      expect(await ctx.db.select().from(teams).where(eq(teams.orgId, org.id))).toHaveLength(0);

      const settings = new FormData();
      for (const [k, v] of Object.entries({ name: org.name, minGroupSize: '5', roleWord: 'helper', supportText: 'Call\u0000 us' })) settings.set(k, v);
      const saved = await adminActions.updateSettingsAction(org.id, idleState, settings);
      expect(saved.status).toBe('error');
      expect(saved.fieldErrors?.supportText?.[0]).toMatch(/control characters/);
      const [row] = await ctx.db.select({ supportText: organizations.supportText }).from(organizations).where(eq(organizations.id, org.id));
      expect(row!.supportText).toBe('Call the EAP.');

      // (FormData itself turns a lone surrogate into U+FFFD, so that arrives as valid text.)
      const escape = new FormData();
      escape.set('name', 'Team \u001B[31m');
      expect((await adminActions.createTeamAction(org.id, idleState, escape)).fieldErrors?.name?.[0]).toMatch(/control characters/);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('a server action called with something other than FormData answers with an error state, not a throw', async () => {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, 'admin');
    session.userId = admin.user.id;
    for (const junk of [null, undefined, 'name=x', 42, { name: 'x' }, ['name', 'x']]) {
      const state = await adminActions.createTeamAction(org.id, idleState, junk as unknown as FormData);
      expect(state.status).toBe('error');
    }
    expect(await ctx.db.select().from(teams).where(eq(teams.orgId, org.id))).toHaveLength(0);
  });

  it('unknown form fields are refused (422-style field error), nothing stored', async () => {
    const org = await makeOrg(ctx.db);
    const admin = await makeMember(ctx.db, org.id, 'admin');
    session.userId = admin.user.id;
    const fd = new FormData();
    fd.set('name', 'Outreach');
    fd.set('orgId', 'someone-else');
    const state = await adminActions.createTeamAction(org.id, idleState, fd);
    expect(state.status).toBe('error');
    expect(await ctx.db.select().from(teams).where(eq(teams.orgId, org.id))).toHaveLength(0);
  });

  it('a "__proto__" item key in a check-in is a 422, not a silent 201', async () => {
    const org = await makeOrg(ctx.db);
    const team = await makeTeam(ctx.db, org.id);
    const director = await makeMember(ctx.db, org.id, 'director');
    const staff = await makeMember(ctx.db, org.id, 'staff', { teamId: team.id });
    const cycleId = await openOneOffCycle(ctx.db, await authorizeOrgRole(ctx.db, director.user.id, org.id, 'director'), {
      durationDays: 14,
      vrInstrument: 'brief-vr',
      includeSelfCare: false,
    });
    session.userId = staff.user.id;
    const items = (n: number) => Array.from({ length: n }, (_, i) => `"${i + 1}":3`).join(',');
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const raw = `{"cycleId":"${cycleId}","answers":{"proqol":{${items(30)},"${key}":{"x":1}},"vr":{${items(7)}},"selfCare":null,"profile":null}}`;
      const req = new NextRequest(`${ORIGIN}/api/v1/orgs/${org.id}/checkins`, {
        method: 'POST',
        body: raw,
        headers: { 'content-type': 'application/json' },
      });
      const res = await checkinsRoute.POST(req, { params: Promise.resolve({ orgId: org.id }) });
      const body = await expectApiError(res, 422);
      expect(JSON.stringify(body)).toContain(key);
    }
    const proto = JSON.parse(`{"__proto__":3,${items(30)}}`) as Record<string, number>;
    const { submitCheckInAction } = await import('@/lib/actions/checkin');
    const state = await submitCheckInAction(org.id, cycleId, { proqol: proto, vr: JSON.parse(`{${items(7)}}`), selfCare: null, profile: null });
    expect(state.status).toBe('error');
    expect(await ctx.db.select().from(responses).where(eq(responses.orgId, org.id))).toHaveLength(0);
  });
});
