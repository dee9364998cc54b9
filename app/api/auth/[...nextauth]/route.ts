import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { clientAddress } from '@/lib/auth/client-address';
import { getAuthOptions } from '@/lib/auth/options';
import { RATE_LIMIT_MESSAGE, isLoginRateLimited } from '@/lib/auth/rate-limit';
import { getEnv } from '@/lib/env';
import { toErrorResponse } from '@/lib/errors';
import { CALLBACK_URL_COOKIES, authGuardErrorBody, guardAuthRequest } from '@/lib/server/auth-request';

type RouteContext = { params: Promise<{ nextauth?: string[] }> };

const NO_STORE = { 'Cache-Control': 'private, no-store' };

/**
 * next-auth v4's App Router handler, behind our guard (lib/server/auth-request): hostile
 * bodies, emails and callback URLs get a 422 in the API error shape before next-auth runs,
 * so nothing a client sends can make this route answer 5xx (issue 12). Options are built
 * per request so env is read at run time.
 *
 * Sign-in attempts are also checked against the rate limit here, read-only, so a limited
 * email or address gets a 429 with a sentence the form shows; the atomic count itself
 * happens in authorize (lib/auth/options).
 */
async function handle(req: NextRequest, ctx: RouteContext): Promise<Response> {
  try {
    const origin = new URL(getEnv().appUrl).origin;
    const { nextauth = [] } = await ctx.params;
    const guarded = await guardAuthRequest(req, nextauth, origin);
    if (!guarded.ok) {
      const res = NextResponse.json(authGuardErrorBody(guarded, origin), { status: guarded.error.status, headers: NO_STORE });
      if (guarded.clearCallbackCookie) {
        for (const name of CALLBACK_URL_COOKIES) {
          res.cookies.set(name, '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Secure-') });
        }
      }
      return res;
    }
    if (guarded.signInEmail !== null && (await isLoginRateLimited(getDb(), guarded.signInEmail, clientAddress(req)))) {
      const url = new URL('/login', origin);
      url.searchParams.set('error', RATE_LIMIT_MESSAGE);
      return NextResponse.json(
        { error: { code: 'RATE_LIMITED', message: RATE_LIMIT_MESSAGE }, url: url.toString(), message: RATE_LIMIT_MESSAGE },
        { status: 429, headers: { ...NO_STORE, 'Retry-After': String(15 * 60) } },
      );
    }
    return await NextAuth(getAuthOptions())(guarded.request, { params: Promise.resolve({ nextauth }) });
  } catch (err) {
    // Only a real server fault gets here (database down, misconfiguration): logged 500.
    const { status, body } = toErrorResponse(err);
    return NextResponse.json(body, { status, headers: NO_STORE });
  }
}

export const GET = handle;
export const POST = handle;
