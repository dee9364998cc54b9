import { redirect } from 'next/navigation';
import { requireOrgRole } from '@/lib/auth/require';

/** Each role lands on its own home: staff on their check-ins, directors and admins on the dashboard. */
export default async function OrgHome({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const member = await requireOrgRole(orgId, 'staff');
  redirect(member.role === 'staff' ? `/orgs/${orgId}/me` : `/orgs/${orgId}/dashboard`);
}
