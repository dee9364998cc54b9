import type { ReactNode } from 'react';
import type { Role } from '@/db/schema';
import { requireOrgRole } from './require';

/**
 * A section layout that admits only `minimum` and above. Layouts run outside the page's
 * loading boundary, so outsiders get a real 404 status. It is a convenience: every page
 * and action in the section still authorizes itself.
 */
export function roleGateLayout(minimum: Role) {
  return async function RoleGateLayout({ children, params }: { children: ReactNode; params: Promise<{ orgId: string }> }) {
    const { orgId } = await params;
    await requireOrgRole(orgId, minimum);
    return children;
  };
}
