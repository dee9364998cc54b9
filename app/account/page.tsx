import type { Metadata } from 'next';
import Link from 'next/link';
import { ChangePasswordForm, SignOutEverywhereForm } from '@/components/forms/account-forms';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/require';
import { getUserProfile } from '@/lib/server/accounts';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const userId = await requireUser('/account');
  const profile = await getUserProfile(getDb(), userId);
  return (
    <main id="main" className="narrow">
      <p>
        <Link href="/orgs">← Your agencies</Link>
      </p>
      <h1>Your account</h1>
      {profile ? (
        <p className="lede">
          Signed in as {profile.name} ({profile.email}).
        </p>
      ) : null}

      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading">Change your password</h2>
        <p>Changing your password signs you out on every device, this one included. Then sign in with the new password.</p>
        <ChangePasswordForm />
      </section>

      <section aria-labelledby="sessions-heading" className="card">
        <h2 id="sessions-heading">Sign out everywhere</h2>
        <p>
          Ends every session of your account at once, on every computer and phone, this one included. Use it if you signed in
          on a device you no longer have, or think someone else has access. Signing out from the menu does the same.
        </p>
        <SignOutEverywhereForm />
      </section>
    </main>
  );
}
