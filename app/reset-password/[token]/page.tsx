import type { Metadata } from 'next';
import Link from 'next/link';
import { ResetPasswordForm } from '@/components/forms/account-forms';
import { getDb } from '@/db/client';
import { getPasswordResetProblem } from '@/lib/server/accounts';

// The token is in the path: never send it on to another site as a referrer.
export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const problem = await getPasswordResetProblem(getDb(), token);
  if (problem) {
    return (
      <main id="main" className="narrow">
        <h1>This link can&apos;t be used</h1>
        <p className="alert error">{problem}</p>
        <p>
          <Link href="/forgot-password">Ask for a new link</Link> or <Link href="/login">go to sign in</Link>.
        </p>
      </main>
    );
  }
  return (
    <main id="main" className="narrow">
      <h1>Choose a new password</h1>
      <p className="lede">After this, you are signed out everywhere and sign in with the new password.</p>
      <div className="card">
        <ResetPasswordForm token={token} />
      </div>
    </main>
  );
}
