import type { Metadata } from 'next';
import { requireOrgRole } from '@/lib/auth/require';

export const metadata: Metadata = { title: 'My check-ins' };

export default async function MyHomePage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'staff');
  return (
    <>
      <h1>My check-ins</h1>
      <p className="lede">Your answers and scores are private to you. {member.orgName} sees only anonymized team totals.</p>
      <div className="card empty">No check-in is open right now. When your agency opens one, it appears here.</div>
    </>
  );
}
