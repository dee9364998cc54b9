import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MyResults } from '@/components/checkin/my-results';
import { getDb } from '@/db/client';
import { isUuid } from '@/lib/auth/authorize';
import { requireOrgRole } from '@/lib/auth/require';
import { getMyResults } from '@/lib/server/checkins';
import { getMyOrgCheck } from '@/lib/server/pillars';
import { MyOrgCheck } from '@/components/checkin/my-org-check';

export const metadata: Metadata = { title: 'My results' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/** Results are looked up by the caller's own respondent key: nobody else's can be reached from here. */
export default async function MyCycleResultsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string; cycleId: string }>;
  searchParams: Promise<{ submitted?: string }>;
}) {
  const [{ orgId, cycleId }, { submitted }] = await Promise.all([params, searchParams]);
  const member = await requireOrgRole(orgId, 'staff');
  if (!isUuid(cycleId)) notFound();
  const [results, orgCheck] = await Promise.all([getMyResults(getDb(), member, cycleId), getMyOrgCheck(getDb(), member, cycleId)]);
  if (!results) notFound();
  return (
    <>
      {submitted ? (
        <p className="alert success" role="status">
          Thank you. Your check-in was submitted.
        </p>
      ) : null}
      <h1>Your results</h1>
      <p className="lede">Check-in of {dateFormat.format(new Date(results.cycleDate))}.</p>
      <MyResults
        scores={results.scores}
        supportResources={results.support}
        suggestions={results.suggestions.map((s) => ({ title: s.title, body: s.body, reason: s.reason }))}
        highSts={results.highSts}
        isFirstCheckIn={results.isFirstCheckIn}
      />
      {orgCheck ? <MyOrgCheck data={orgCheck} /> : null}
      <p>
        <Link href={`/orgs/${orgId}/me`}>Back to my check-ins</Link>
      </p>
    </>
  );
}
