import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/forms/login-form';
import { ClearCheckInDrafts } from '@/components/ui/clear-drafts';
import { INVALID_EMAIL_MESSAGE, WRONG_CREDENTIALS_MESSAGE } from '@/lib/auth/options';
import { RATE_LIMIT_MESSAGE } from '@/lib/auth/rate-limit';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { getSessionUserId } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'Sign in' };

/** Fixed sentences for `?notice=`: text from the URL is never echoed. */
const NOTICES: Record<string, string> = {
  'password-reset': 'Your password was changed and you were signed out everywhere. Sign in with your new password.',
  'password-changed': 'Your password was changed and you were signed out everywhere. Sign in with your new password.',
  'signed-out-everywhere': 'You were signed out on every device. Sign in again to continue here.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl, getEnv().appUrl);
  const notice = typeof params.notice === 'string' && Object.hasOwn(NOTICES, params.notice) ? NOTICES[params.notice] : undefined;
  if (await getSessionUserId()) redirect(callbackUrl);
  // Only our own messages are shown: text from the URL is never echoed (no content injection).
  const rawError = typeof params.error === 'string' ? params.error : undefined;
  const initialError =
    rawError === undefined
      ? undefined
      : rawError === RATE_LIMIT_MESSAGE
        ? RATE_LIMIT_MESSAGE
        : rawError === WRONG_CREDENTIALS_MESSAGE || rawError === 'CredentialsSignin'
          ? WRONG_CREDENTIALS_MESSAGE
          : rawError === INVALID_EMAIL_MESSAGE
            ? INVALID_EMAIL_MESSAGE
            : 'Sign-in failed. Check your email and password and try again.';
  return (
    <main id="main" className="narrow">
      <h1>Sign in to Sustain</h1>
      <p className="lede">Confidential wellbeing check-ins for people who do this work.</p>
      <ClearCheckInDrafts />
      {notice ? (
        <p className="alert success" role="status">
          {notice}
        </p>
      ) : null}
      <div className="card">
        <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
        <p className="small">
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
      </div>
      <p>
        New agency? <Link href="/signup">Create an agency account</Link>. Staff join through an invitation link from their admin.
      </p>
    </main>
  );
}
