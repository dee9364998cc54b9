import NextAuth from 'next-auth';
import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { getAuthOptions } from '@/lib/auth/options';
import { RATE_LIMIT_MESSAGE, clientIpFromHeaders, isLoginRateLimited } from '@/lib/auth/rate-limit';
import { getEnv } from '@/lib/env';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(req: NextRequest, ctx: RouteContext) {
  // next-auth v4's App Router handler; options are built per request so env is read at run time.
  return NextAuth(getAuthOptions())(req, ctx);
}

export const GET = handler;

/**
 * Sign-in attempts are rate limited before next-auth sees them: 10 failures per
 * 15 minutes per email and per IP get a 429 with a sentence the form shows.
 */
export async function POST(req: NextRequest, ctx: RouteContext) {
  if (req.nextUrl.pathname.endsWith('/callback/credentials')) {
    const form = await req.clone().formData();
    const email = String(form.get('email') ?? '');
    const ip = clientIpFromHeaders((n) => req.headers.get(n));
    if (await isLoginRateLimited(getDb(), email, ip)) {
      const url = new URL('/login', getEnv().appUrl);
      url.searchParams.set('error', RATE_LIMIT_MESSAGE);
      return NextResponse.json(
        { url: url.toString(), message: RATE_LIMIT_MESSAGE },
        { status: 429, headers: { 'Retry-After': String(15 * 60) } },
      );
    }
  }
  return handler(req, ctx);
}
