import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptAsExistingUserButton, AcceptAsNewUserForm } from '@/components/forms/accept-invitation';
import { getDb } from '@/db/client';
import { getSessionUserId } from '@/lib/auth/session';
import { getUserProfile } from '@/lib/server/accounts';
import { getInvitationPreview } from '@/lib/server/invitations';

export const metadata: Metadata = { title: 'Accept invitation', referrer: 'no-referrer' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = getDb();
  const [preview, userId] = await Promise.all([getInvitationPreview(db, token), getSessionUserId()]);

  if (!preview || preview.problem) {
    return (
      <main id="main" className="narrow">
        <h1>This invitation can&apos;t be used</h1>
        <p className="alert error">{preview?.problem ?? 'This invitation link is not valid. Check that you copied the whole link.'}</p>
        <p>
          <Link href="/login">Go to sign in</Link>
        </p>
      </main>
    );
  }

  const me = userId ? await getUserProfile(db, userId) : null;
  return (
    <main id="main" className="narrow">
      <h1>Join {preview.orgName} on Sustain</h1>
      <p className="lede">
        You are invited as a <strong>{preview.roleLabel.toLowerCase()}</strong>
        {preview.teamName ? (
          <>
            {' '}
            on the <strong>{preview.teamName}</strong> team
          </>
        ) : null}
        .
      </p>
      {preview.role === 'staff' ? (
        <p>
          Sustain asks you for short, confidential check-ins about how your work is affecting you. Your answers and scores are
          seen by you alone; your agency sees only anonymized totals for groups of several people.
        </p>
      ) : null}
      <div className="card">
        {me ? (
          <>
            <p>
              You are signed in as {me.name} ({me.email}).
            </p>
            <AcceptAsExistingUserButton token={token} orgName={preview.orgName} />
          </>
        ) : (
          <>
            <h2>Create your account</h2>
            <AcceptAsNewUserForm token={token} email={preview.email} />
            <p className="small">
              Already have a Sustain account?{' '}
              <Link href={`/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>Sign in to accept</Link>.
            </p>
          </>
        )}
      </div>
    </main>
  );
}
