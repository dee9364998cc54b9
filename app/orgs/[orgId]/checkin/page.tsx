import type { Metadata } from 'next';
import Link from 'next/link';
import { CheckInWizard } from '@/components/checkin/checkin-wizard';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getCheckInState } from '@/lib/server/checkins';

export const metadata: Metadata = { title: 'Check-in' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'full', timeZone: 'UTC' });

export default async function CheckInPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'staff');
  const state = await getCheckInState(getDb(), member);

  if (state.kind === 'none') {
    return (
      <>
        <h1>Check-in</h1>
        <div className="card empty">
          No check-in is open right now. When {member.orgName} opens one, it appears here and on{' '}
          <Link href={`/orgs/${orgId}/me`}>your check-ins page</Link>.
        </div>
      </>
    );
  }
  if (state.kind === 'done') {
    return (
      <>
        <h1>Check-in</h1>
        <div className="card">
          <p>You have already checked in for this cycle. Thank you.</p>
          <p>
            <Link href={`/orgs/${orgId}/me/cycles/${state.cycleId}`}>See your results</Link>
          </p>
        </div>
      </>
    );
  }
  return (
    <>
      <h1>Your check-in</h1>
      <p className="lede">
        About 10 minutes. Open until {dateFormat.format(new Date(state.form.closesAt))}. Your answers are private: only you see
        them and your scores. {member.orgName} sees only anonymized totals for groups of several people. Your progress is saved
        in this browser until you submit.
      </p>
      <CheckInWizard {...state.form} />
    </>
  );
}
