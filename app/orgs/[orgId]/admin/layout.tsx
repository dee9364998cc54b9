import type { ReactNode } from 'react';
import { requireOrgRole } from '@/lib/auth/require';

/**
 * Admin section gate. It runs outside any loading boundary, so outsiders get a real
 * 404 status. Each admin page and action still authorizes itself.
 */
export default async function AdminLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  await requireOrgRole(orgId, 'admin');
  return children;
}
