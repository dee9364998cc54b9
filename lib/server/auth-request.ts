import 'server-only';
import { NextRequest } from 'next/server';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { emailSchema } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { describeJsonShapeProblem, findJsonShapeProblem, RESERVED_KEYS } from '@/lib/validation/json';
import { isSafeText } from '@/lib/validation/text';

/**
 * The guard in front of next-auth's route (/api/auth/*), issue 12. next-auth v4 trusts its
 * input more than we do, and each of these used to be a 500:
 * - the credentials POST with a JSON, text or missing body (our rate-limit read the form);
 * - a NUL byte in the email (the rate-limit SQL failed);
 * - a callbackUrl next-auth's default redirect callback cannot parse (`\\evil.example`),
 *   from the body, the query or the callback-url cookie;
 * - a POST with invalid JSON (next-auth calls `req.json()` unguarded).
 * So before next-auth runs, every request is checked and rewritten here: bodies must be a
 * form (or, for POST /session only, a JSON object), bounded, with safe text; every
 * callbackUrl becomes a same-site URL (lib/auth/callback-url); the sign-in email must be
 * an email. Anything else is refused with a 422 in the API error shape.
 */

/** next-auth's callback-url cookie, with and without the secure prefix. */
export const CALLBACK_URL_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'] as const;

/** Far above any real sign-in form (email, password, token, callback URL). */
export const MAX_AUTH_BODY_BYTES = 16 * 1024;

const FORM_TYPE = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** The actions next-auth v4 serves, per method (next-auth/core/index.js). */
// No GET callback: our one provider is credentials, whose callback is POST only (next-auth
// answers a GET with a 500, "Callback for provider type credentials not supported").
const GET_ACTIONS: ReadonlySet<string> = new Set(['providers', 'session', 'csrf', 'signin', 'signout', 'verify-request', 'error']);
const POST_ACTIONS: ReadonlySet<string> = new Set(['signin', 'signout', 'callback', 'session', '_log']);

export const SIGN_IN_EMAIL_MESSAGE = 'Enter a valid email address, like name@agency.org.';

export type AuthGuardResult =
  | { ok: true; request: NextRequest; signInEmail: string | null }
  | { ok: false; error: AppError; forSignInForm: boolean; clearCallbackCookie?: boolean };

const refuse = (message: string, forSignInForm: boolean, fieldErrors?: Record<string, string[]>): AuthGuardResult => ({
  ok: false,
  error: new AppError('VALIDATION', message, fieldErrors),
  forSignInForm,
});

/**
 * next-auth's own test for a callback URL (core/lib/assert.js, isValidHttpUrl). A cookie
 * that fails it makes every next-auth request answer 500, and next-auth reads the cookie
 * from the incoming request, where we cannot rewrite it: so such a request is refused
 * and the cookie cleared instead.
 */
function isNextAuthValidCallback(value: string, origin: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith('/') ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

function mediaType(req: Request): string {
  return (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

async function readBoundedText(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (Number.isFinite(declared) && declared > MAX_AUTH_BODY_BYTES) return null;
  const text = await req.text();
  return Buffer.byteLength(text) > MAX_AUTH_BODY_BYTES ? null : text;
}

/**
 * Checks and rewrites one request for next-auth. `action` is the catch-all path
 * (["callback", "credentials"], ["csrf"], …); `origin` is this site's origin.
 */
export async function guardAuthRequest(req: NextRequest, action: readonly string[], origin: string): Promise<AuthGuardResult> {
  const isSignIn = req.method === 'POST' && action[0] === 'callback' && action[1] === 'credentials';
  // next-auth answers an unknown or missing action with a 500 ("missing API route") or a
  // text 400: refuse it here, in the API error shape.
  const known = req.method === 'POST' ? POST_ACTIONS : GET_ACTIONS;
  if (!known.has(action[0] ?? '') || action.length > 2) {
    return { ok: false, error: new AppError('NOT_FOUND', 'Not found.'), forSignInForm: false };
  }
  const url = new URL(req.url);

  for (const [key, value] of url.searchParams) {
    if (!isSafeText(value, { multiline: false }) || !isSafeText(key)) return refuse('The address contains characters that are not allowed.', isSignIn);
  }
  // next-auth takes the callback URL from the body, else the query, else its cookie, and
  // passes it to a redirect callback that throws on values it cannot parse. We make sure it
  // only ever sees a same-site URL: the query value is replaced, and a cookie value is
  // overridden through the query (the cookie itself is read by next-auth from the request).
  const queryCallback = url.searchParams.get('callbackUrl');
  const cookieValues = CALLBACK_URL_COOKIES.map((name) => req.cookies.get(name)?.value).filter((v) => v !== undefined);
  if (cookieValues.some((v) => v !== '' && !isNextAuthValidCallback(v, origin))) {
    return {
      ok: false,
      error: new AppError('VALIDATION', 'Your browser sent a sign-in cookie that is not valid, so it was cleared. Please try again.'),
      forSignInForm: isSignIn,
      clearCallbackCookie: true,
    };
  }
  const cookieCallback = cookieValues.find((v) => v !== '');
  if (queryCallback !== null) url.searchParams.set('callbackUrl', safeCallbackUrl(queryCallback, origin));
  else if (cookieCallback !== undefined) url.searchParams.set('callbackUrl', safeCallbackUrl(cookieCallback, origin));

  const headers = new Headers(req.headers);
  headers.delete('content-length');

  if (req.method !== 'POST') {
    return { ok: true, request: new NextRequest(url, { method: req.method, headers }), signInEmail: null };
  }

  const type = mediaType(req);
  const isSessionUpdate = action[0] === 'session' && type === JSON_TYPE;
  if (type !== FORM_TYPE && !isSessionUpdate) {
    return refuse(
      isSignIn ? 'Sign in with the sign-in form (send the fields as application/x-www-form-urlencoded).' : 'Send the fields as a form (application/x-www-form-urlencoded).',
      isSignIn,
    );
  }
  const text = await readBoundedText(req).catch(() => null);
  if (text === null) return refuse('The request is too large or could not be read.', isSignIn);

  if (isSessionUpdate) {
    // next-auth's useSession().update() posts { csrfToken, data } as JSON.
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      return refuse('The request body is not valid JSON.', false);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return refuse('The request body must be a JSON object.', false);
    const problem = findJsonShapeProblem(json);
    if (problem) return refuse(describeJsonShapeProblem(problem), false);
    const body = { ...(json as Record<string, unknown>) };
    if ('callbackUrl' in body) body.callbackUrl = safeCallbackUrl(body.callbackUrl, origin);
    headers.set('content-type', JSON_TYPE);
    return { ok: true, request: new NextRequest(url, { method: 'POST', headers, body: JSON.stringify(body) }), signInEmail: null };
  }

  const form = new URLSearchParams(text);
  const fieldErrors: Record<string, string[]> = {};
  const seen = new Set<string>();
  for (const [key, value] of form) {
    if (RESERVED_KEYS.has(key) || !isSafeText(key)) return refuse('The form contains a field name that is not allowed.', isSignIn);
    // next-auth keeps the last of repeated fields; we would check the first. Refuse both.
    if (seen.has(key)) return refuse('The form sent a field twice.', isSignIn);
    seen.add(key);
    // A password is never stored or sent to SQL (only hashed), so any character may be in it.
    if (key !== 'password' && !isSafeText(value)) (fieldErrors[key] ??= []).push('This field contains characters that are not allowed.');
  }
  if (Object.keys(fieldErrors).length) {
    return refuse(fieldErrors.email ? SIGN_IN_EMAIL_MESSAGE : 'Some fields contain characters that are not allowed.', isSignIn, fieldErrors);
  }
  const bodyCallback = form.get('callbackUrl');
  if (bodyCallback !== null) form.set('callbackUrl', safeCallbackUrl(bodyCallback, origin));

  let signInEmail: string | null = null;
  if (isSignIn) {
    const email = emailSchema.safeParse(form.get('email') ?? '');
    if (!email.success) return refuse(SIGN_IN_EMAIL_MESSAGE, true, { email: [SIGN_IN_EMAIL_MESSAGE] });
    signInEmail = email.data;
  }
  headers.set('content-type', FORM_TYPE);
  return { ok: true, request: new NextRequest(url, { method: 'POST', headers, body: form.toString() }), signInEmail };
}

/**
 * The 422 body: the API error shape, plus (for the sign-in form) the `url` next-auth's
 * `signIn()` reads its `?error=` sentence from, so the form shows the message.
 */
export function authGuardErrorBody(result: Extract<AuthGuardResult, { ok: false }>, origin: string) {
  const { code, message, fieldErrors } = result.error;
  const body: { error: { code: string; message: string; fieldErrors?: Record<string, string[]> }; url?: string } = {
    error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) },
  };
  if (result.forSignInForm) {
    const login = new URL('/login', origin);
    login.searchParams.set('error', message);
    body.url = login.toString();
  }
  return body;
}
