import type { Metadata } from 'next';
import { requireOrgRole } from '@/lib/auth/require';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'director');
  return (
    <>
      <h1>{member.orgName}: team wellbeing</h1>
      <div className="card empty">No closed cycles yet. Results appear when the first check-in cycle closes.</div>
    </>
  );
}
