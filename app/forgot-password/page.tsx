import type { Metadata } from 'next';
import Link from 'next/link';
import { ForgotPasswordForm } from '@/components/forms/account-forms';
import { isSmtpConfigured } from '@/lib/server/mail';

export const metadata: Metadata = { title: 'Forgot your password' };

export default function ForgotPasswordPage() {
  const canEmail = isSmtpConfigured();
  return (
    <main id="main" className="narrow">
      <h1>Forgot your password?</h1>
      {canEmail ? (
        <>
          <p className="lede">Enter the email address you sign in with. We will email you a link to choose a new password.</p>
          <div className="card">
            <ForgotPasswordForm />
          </div>
        </>
      ) : (
        <div className="card">
          <p>
            This Sustain server cannot send email, so passwords cannot be reset by email here. Ask the person who runs Sustain for
            your agency to set up a mail server (SMTP_URL).
          </p>
        </div>
      )}
      <p>
        Remembered it? <Link href="/login">Back to sign in</Link>.
      </p>
    </main>
  );
}
