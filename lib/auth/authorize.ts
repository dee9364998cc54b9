import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { memberships, organizations, type Role } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { hasRoleAtLeast } from './roles';

export interface OrgMember {
  userId: string;
  orgId: string;
  orgName: string;
  role: Role;
  teamId: string | null;
  membershipId: string;
}

const uuidSchema = z.uuid();

export function isUuid(value: unknown): value is string {
  return uuidSchema.safeParse(value).success;
}

/**
 * The caller's active membership in the organization, if their role is at least `minimum`.
 * Anything else (not a member, deactivated, role too low, malformed id) is NOT_FOUND,
 * so the answer never reveals that the organization exists.
 */
export async function authorizeOrgRole(db: DbOrTx, userId: string | null, orgId: string, minimum: Role): Promise<OrgMember> {
  if (!userId) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  if (!isUuid(orgId) || !isUuid(userId)) throw new AppError('NOT_FOUND', 'Not found.');
  const [row] = await db
    .select({
      membershipId: memberships.id,
      role: memberships.role,
      teamId: memberships.teamId,
      active: memberships.active,
      orgName: organizations.name,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row || !row.active || !hasRoleAtLeast(row.role, minimum)) throw new AppError('NOT_FOUND', 'Not found.');
  return { userId, orgId, orgName: row.orgName, role: row.role, teamId: row.teamId, membershipId: row.membershipId };
}
