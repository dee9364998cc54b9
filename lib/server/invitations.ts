import 'server-only';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { invitations, memberships, organizations, teams, users, type Role } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { hashPassword } from '@/lib/auth/password';
import { hashSecretToken, isWellFormedToken, newSecretToken } from '@/lib/auth/tokens';
import { roleLabels } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { writeAudit } from './audit';
import { isUniqueViolation } from './db-errors';
import { DUPLICATE_EMAIL_MESSAGE } from './accounts';
import { getActiveTeam } from './teams';

/** Tokens live only in the link; the database keeps their SHA-256, so a leaked table cannot be replayed. */
export function hashInvitationToken(token: string): string {
  return hashSecretToken(token);
}

const newToken = newSecretToken;

export async function createInvitation(
  db: Db,
  admin: OrgMember,
  input: { role: 'director' | 'staff'; teamId: string | null; email: string | null; expiresInDays: number },
  now = new Date(),
): Promise<{ invitationId: string; token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 24 * 60 * 60 * 1000);
  return db.transaction(async (tx) => {
    if (input.teamId) await getActiveTeam(tx, admin.orgId, input.teamId);
    const [row] = await tx
      .insert(invitations)
      .values({
        orgId: admin.orgId,
        tokenHash: hashInvitationToken(token),
        email: input.email,
        role: input.role,
        teamId: input.teamId,
        expiresAt,
        createdBy: admin.userId,
      })
      .returning({ id: invitations.id });
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: row!.id,
      detail: { role: input.role, expiresInDays: input.expiresInDays },
    });
    return { invitationId: row!.id, token, expiresAt };
  });
}

export interface PendingInvitationDto {
  id: string;
  role: Role;
  teamName: string | null;
  email: string | null;
  expiresAt: string;
  createdAt: string;
}

export async function listPendingInvitations(db: Db, admin: OrgMember, now = new Date()): Promise<PendingInvitationDto[]> {
  const rows = await db
    .select({
      id: invitations.id,
      role: invitations.role,
      teamName: teams.name,
      email: invitations.email,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .leftJoin(teams, and(eq(teams.id, invitations.teamId), eq(teams.orgId, invitations.orgId)))
    .where(
      and(
        eq(invitations.orgId, admin.orgId),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .orderBy(asc(invitations.createdAt));
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString() }));
}

export async function revokeInvitation(db: Db, admin: OrgMember, invitationId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, admin.orgId), isNull(invitations.usedAt)))
      .returning({ id: invitations.id });
    if (!updated.length) throw new AppError('NOT_FOUND', 'That invitation does not exist or was already used.');
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: invitationId,
    });
  });
}

/**
 * A new link for a pending invitation: the old one is revoked and a new one, with the same
 * role, team, email and length of validity, is created, in one transaction. The new token
 * is returned once (for the admin to copy, or to be emailed) and only its hash is stored.
 * This is how an admin without a mail server gets a link again: links are never stored.
 */
export async function reissueInvitation(
  db: Db,
  admin: OrgMember,
  invitationId: string,
  now = new Date(),
): Promise<{ invitationId: string; token: string; expiresAt: Date; email: string | null; role: 'director' | 'staff' }> {
  const token = newToken();
  return db.transaction(async (tx) => {
    const [old] = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.orgId, admin.orgId),
          isNull(invitations.usedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({
        role: invitations.role,
        teamId: invitations.teamId,
        email: invitations.email,
        expiresAt: invitations.expiresAt,
        createdAt: invitations.createdAt,
      });
    if (!old) throw new AppError('NOT_FOUND', 'That invitation was already used or withdrawn. Create a new one instead.');
    if (old.role === 'admin') throw new AppError('VALIDATION', 'Only director and staff invitations can be re-issued.');
    if (old.teamId) await getActiveTeam(tx, admin.orgId, old.teamId);
    const validDays = Math.min(30, Math.max(1, Math.round((old.expiresAt.getTime() - old.createdAt.getTime()) / 86_400_000)));
    const expiresAt = new Date(now.getTime() + validDays * 86_400_000);
    const [row] = await tx
      .insert(invitations)
      .values({
        orgId: admin.orgId,
        tokenHash: hashInvitationToken(token),
        email: old.email,
        role: old.role,
        teamId: old.teamId,
        expiresAt,
        createdBy: admin.userId,
      })
      .returning({ id: invitations.id });
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: 'invitation.reissue',
      targetType: 'invitation',
      targetId: row!.id,
      detail: { replaces: invitationId, role: old.role, expiresInDays: validDays },
    });
    return { invitationId: row!.id, token, expiresAt, email: old.email, role: old.role };
  });
}

export interface InvitationPreview {
  orgName: string;
  role: Role;
  roleLabel: string;
  teamName: string | null;
  email: string | null;
  /** null when the invitation can be accepted; otherwise why not. */
  problem: string | null;
}

const EXPIRED = 'This invitation has expired. Ask your agency admin for a new link.';
const USED = 'This invitation has already been used. Each link works once. Sign in, or ask your admin for a new link.';
const REVOKED = 'This invitation was withdrawn by your agency. Ask your admin for a new link.';
const UNKNOWN = 'This invitation link is not valid. Check that you copied the whole link.';

function invitationProblem(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): string | null {
  if (row.revokedAt) return REVOKED;
  if (row.usedAt) return USED;
  if (row.expiresAt.getTime() <= now.getTime()) return EXPIRED;
  return null;
}

/** What the invitation page shows. A malformed or unknown token gets the same "not valid" answer. */
export async function getInvitationPreview(db: Db, token: string, now = new Date()): Promise<InvitationPreview | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db
    .select({
      orgName: organizations.name,
      role: invitations.role,
      teamName: teams.name,
      email: invitations.email,
      usedAt: invitations.usedAt,
      revokedAt: invitations.revokedAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .leftJoin(teams, and(eq(teams.id, invitations.teamId), eq(teams.orgId, invitations.orgId)))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)))
    .limit(1);
  if (!row) return null;
  return {
    orgName: row.orgName,
    role: row.role,
    roleLabel: roleLabels[row.role],
    teamName: row.teamName,
    email: row.email,
    problem: invitationProblem(row, now),
  };
}

/**
 * Marks the invitation used in one conditional UPDATE, so a link can be used once even
 * when two people submit it at the same moment. Returns the invitation, or a specific error.
 */
async function claimInvitation(tx: Tx, token: string, now: Date) {
  const tokenHash = hashInvitationToken(token);
  const [claimed] = await tx
    .update(invitations)
    .set({ usedAt: now })
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning({
      id: invitations.id,
      orgId: invitations.orgId,
      role: invitations.role,
      teamId: invitations.teamId,
      email: invitations.email,
    });
  if (claimed) return claimed;
  const [row] = await tx
    .select({ usedAt: invitations.usedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  throw new AppError('GONE', row ? (invitationProblem(row, now) ?? USED) : UNKNOWN);
}

async function assertTeamStillActive(tx: Tx, orgId: string, teamId: string | null) {
  if (!teamId) return;
  const [team] = await tx
    .select({ archivedAt: teams.archivedAt, name: teams.name })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.orgId, orgId)))
    .limit(1);
  if (!team || team.archivedAt)
    throw new AppError('GONE', 'The team this invitation was for has been archived. Ask your admin for a new link.');
}

/** A new person accepts: creates the user and the membership, and uses up the link, all or nothing. */
export async function acceptInvitationAsNewUser(
  db: Db,
  token: string,
  input: { name: string; email: string; password: string },
  now = new Date(),
): Promise<{ orgId: string; userId: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const inv = await claimInvitation(tx, token, now);
      if (inv.email && inv.email !== input.email)
        throw new AppError('VALIDATION', 'This invitation was sent to a different email address.', {
          email: ['This invitation was sent to a different email address. Use that address.'],
        });
      await assertTeamStillActive(tx, inv.orgId, inv.teamId);
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
      if (existing)
        throw new AppError('CONFLICT', DUPLICATE_EMAIL_MESSAGE, {
          email: ['An account with this email already exists. Sign in to accept the invitation with it.'],
        });
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash })
        .returning({ id: users.id });
      await tx.insert(memberships).values({ orgId: inv.orgId, userId: user!.id, role: inv.role, teamId: inv.teamId });
      await writeAudit(tx, {
        orgId: inv.orgId,
        actorUserId: user!.id,
        action: 'invitation.accept',
        targetType: 'invitation',
        targetId: inv.id,
        detail: { newUser: true, role: inv.role },
      });
      return { orgId: inv.orgId, userId: user!.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', DUPLICATE_EMAIL_MESSAGE, { email: [DUPLICATE_EMAIL_MESSAGE] });
    throw err;
  }
}

/** A signed-in person accepts: joins the agency (or is reactivated with the invitation's role). */
export async function acceptInvitationAsExistingUser(
  db: Db,
  token: string,
  userId: string,
  now = new Date(),
): Promise<{ orgId: string }> {
  return db.transaction(async (tx) => {
    const inv = await claimInvitation(tx, token, now);
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
    if (inv.email && inv.email !== user.email)
      throw new AppError('FORBIDDEN', `This invitation was sent to ${inv.email}. Sign in with that account to accept it.`);
    await assertTeamStillActive(tx, inv.orgId, inv.teamId);
    const [membership] = await tx
      .select({ id: memberships.id, active: memberships.active })
      .from(memberships)
      .where(and(eq(memberships.orgId, inv.orgId), eq(memberships.userId, userId)))
      .for('update');
    if (membership?.active) throw new AppError('CONFLICT', 'You are already a member of this agency.');
    if (membership) {
      await tx
        .update(memberships)
        .set({ active: true, role: inv.role, teamId: inv.teamId })
        .where(and(eq(memberships.id, membership.id), eq(memberships.orgId, inv.orgId)));
    } else {
      await tx.insert(memberships).values({ orgId: inv.orgId, userId, role: inv.role, teamId: inv.teamId });
    }
    await writeAudit(tx, {
      orgId: inv.orgId,
      actorUserId: userId,
      action: 'invitation.accept',
      targetType: 'invitation',
      targetId: inv.id,
      detail: { newUser: false, role: inv.role },
    });
    return { orgId: inv.orgId };
  });
}
