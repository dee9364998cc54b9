import type { ReactNode } from 'react';
import { requireOrgRole } from '@/lib/auth/require';

/** Director/admin section gate (real 404 status for staff); pages authorize themselves too. */
export default async function DashboardLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  await requireOrgRole(orgId, 'director');
  return children;
}
