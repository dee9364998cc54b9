import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/forms/login-form';
import { ClearCheckInDrafts } from '@/components/ui/clear-drafts';
import { WRONG_CREDENTIALS_MESSAGE } from '@/lib/auth/options';
import { RATE_LIMIT_MESSAGE } from '@/lib/auth/rate-limit';
import { safeCallbackPath as safeCallback } from '@/lib/auth/callback-url';
import { getSessionUserId } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
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
          : 'Sign-in failed. Check your email and password and try again.';
  return (
    <main id="main" className="narrow">
      <h1>Sign in to Sustain</h1>
      <p className="lede">Confidential wellbeing check-ins for people who do this work.</p>
      <ClearCheckInDrafts />
      <div className="card">
        <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      </div>
      <p>
        New agency? <Link href="/signup">Create an agency account</Link>. Staff join through an invitation link from their admin.
      </p>
    </main>
  );
}
