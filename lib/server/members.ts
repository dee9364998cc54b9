import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { memberships, teams, users, type Role } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { writeAudit } from './audit';
import { getActiveTeam } from './teams';
import { compareNames } from '@/lib/members/list';
import { bumpSessionVersion } from '@/lib/auth/session-version';

export interface MemberDto {
  membershipId: string;
  name: string;
  email: string;
  role: Role;
  teamId: string | null;
  teamName: string | null;
  active: boolean;
  isYou: boolean;
}

/** Members of the caller's organization. Selects only what the list shows: never password hashes. */
export async function listMembers(db: Db, admin: OrgMember): Promise<MemberDto[]> {
  const rows = await db
    .select({
      membershipId: memberships.id,
      userId: memberships.userId,
      name: users.name,
      email: users.email,
      role: memberships.role,
      teamId: memberships.teamId,
      teamName: teams.name,
      active: memberships.active,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(teams, and(eq(teams.id, memberships.teamId), eq(teams.orgId, memberships.orgId)))
    .where(eq(memberships.orgId, admin.orgId))
    .orderBy(asc(users.name));
  return rows
    .map(({ userId, ...r }) => ({ ...r, isYou: userId === admin.userId }))
    .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.email, b.email));
}

/** Who can own an action: the agency's active members, by name and membership id (no user ids, no emails). */
export async function listOwnerOptions(db: Db, orgId: string): Promise<{ membershipId: string; name: string }[]> {
  const rows = await db
    .select({ membershipId: memberships.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.active, true)));
  return rows.sort((a, b) => compareNames(a.name, b.name));
}

export const LAST_ADMIN_MESSAGE =
  'This is the last active admin of the agency. Make someone else an admin first, so the agency is never left without one.';

/** Locks the organization's active admin memberships so two concurrent demotions cannot both pass the check. */
async function assertNotLastAdmin(tx: Tx, orgId: string, membershipId: string): Promise<void> {
  const admins = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'admin'), eq(memberships.active, true)))
    .for('update');
  if (admins.length <= 1 && admins.some((a) => a.id === membershipId)) {
    throw new AppError('CONFLICT', LAST_ADMIN_MESSAGE);
  }
}

async function lockMembership(tx: Tx, orgId: string, membershipId: string) {
  const [row] = await tx
    .select({ id: memberships.id, role: memberships.role, teamId: memberships.teamId, active: memberships.active })
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.orgId, orgId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', 'That member does not exist.');
  return row;
}

export async function updateMember(
  db: Db,
  admin: OrgMember,
  input: { membershipId: string; role: Role; teamId: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await lockMembership(tx, admin.orgId, input.membershipId);
    if (current.role === 'admin' && input.role !== 'admin' && current.active) {
      await assertNotLastAdmin(tx, admin.orgId, input.membershipId);
    }
    if (input.teamId && input.teamId !== current.teamId) await getActiveTeam(tx, admin.orgId, input.teamId);
    await tx
      .update(memberships)
      .set({ role: input.role, teamId: input.teamId })
      .where(and(eq(memberships.id, input.membershipId), eq(memberships.orgId, admin.orgId)));
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: 'membership.update',
      targetType: 'membership',
      targetId: input.membershipId,
      detail: { roleFrom: current.role, roleTo: input.role, teamChanged: current.teamId !== input.teamId },
    });
  });
}

/**
 * Deactivation takes effect at once: every request re-reads the membership (authorizeOrgRole),
 * so the person's existing session token is refused for this agency on its next request.
 * When it was their last active membership anywhere, their session version is bumped too,
 * so every copy of their session token is refused at once. While they still belong to
 * another agency it is not: one agency's admin must not be able to sign them out of the
 * others (lib/auth/session-version.ts).
 */
export async function setMemberActive(db: Db, admin: OrgMember, membershipId: string, active: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await lockMembership(tx, admin.orgId, membershipId);
    if (!active && current.role === 'admin' && current.active) await assertNotLastAdmin(tx, admin.orgId, membershipId);
    const [updated] = await tx
      .update(memberships)
      .set({ active })
      .where(and(eq(memberships.id, membershipId), eq(memberships.orgId, admin.orgId)))
      .returning({ userId: memberships.userId });
    if (!active && updated) {
      const [other] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, updated.userId), eq(memberships.active, true)))
        .limit(1);
      if (!other) await bumpSessionVersion(tx, updated.userId);
    }
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: active ? 'membership.reactivate' : 'membership.deactivate',
      targetType: 'membership',
      targetId: membershipId,
    });
  });
}

