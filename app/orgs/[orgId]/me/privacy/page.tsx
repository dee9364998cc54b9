import type { Metadata } from 'next';
import { EraseMyDataForm } from '@/components/forms/erase-form';
import { requireOrgRole } from '@/lib/auth/require';

export const metadata: Metadata = { title: 'Your data' };

export default async function MyPrivacyPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'staff');
  return (
    <>
      <h1>Your data and privacy</h1>
      <div className="card">
        <h2>What Sustain keeps</h2>
        <ul>
          <li>Your check-in answers and scores, stored without your name or user id, under a key only the server can compute.</li>
          <li>Your optional profile (trauma history and work context), stored the same way.</li>
          <li>
            A record that you took part in each cycle (no answers), so {member.orgName} can see response rates and send
            reminders.
          </li>
        </ul>
        <p>
          Nobody at {member.orgName} can see your answers or scores. Program directors see only totals for groups of several
          people.
        </p>
      </div>
      <div className="card">
        <h2>Delete your check-ins</h2>
        <p>
          Results already published for closed cycles are group totals and do not change: recalculating them after a deletion
          would let someone work out your answers from the difference.
        </p>
        <EraseMyDataForm orgId={orgId} />
      </div>
    </>
  );
}
