import 'server-only';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { memberships, teams } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { writeAudit } from './audit';
import { isUniqueViolation } from './db-errors';

export interface TeamDto {
  id: string;
  name: string;
  archived: boolean;
  memberCount: number;
  /**
   * Active staff who never saw results: the only people whose check-ins can enter the
   * team's published numbers (privacy rule 6). Below the agency's k, the team never shows results.
   */
  reportableCount: number;
}

const DUPLICATE_TEAM = 'A team with this name already exists in your agency. Choose another name.';

export async function listTeams(db: DbOrTx, orgId: string, options: { includeArchived?: boolean } = {}): Promise<TeamDto[]> {
  const rows = await db
    .select({
      id: teams.id,
      name: teams.name,
      archivedAt: teams.archivedAt,
      memberCount: count(memberships.id),
      reportableCount: sql<number>`count(${memberships.id}) filter (where ${memberships.role} = 'staff' and not ${memberships.everViewer})`,
    })
    .from(teams)
    .leftJoin(
      memberships,
      and(eq(memberships.teamId, teams.id), eq(memberships.orgId, teams.orgId), eq(memberships.active, true)),
    )
    .where(options.includeArchived ? eq(teams.orgId, orgId) : and(eq(teams.orgId, orgId), isNull(teams.archivedAt)))
    .groupBy(teams.id)
    .orderBy(asc(teams.name));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    archived: r.archivedAt !== null,
    memberCount: Number(r.memberCount),
    reportableCount: Number(r.reportableCount),
  }));
}

/** A team of this organization that is not archived, or a specific error. Scoped by orgId in SQL. */
export async function getActiveTeam(db: DbOrTx, orgId: string, teamId: string) {
  const [team] = await db
    .select({ id: teams.id, name: teams.name, archivedAt: teams.archivedAt })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.orgId, orgId)))
    .limit(1);
  if (!team) throw new AppError('VALIDATION', 'That team does not exist.', { teamId: ['That team does not exist.'] });
  if (team.archivedAt)
    throw new AppError('VALIDATION', `The team "${team.name}" is archived. Choose an active team.`, {
      teamId: [`The team "${team.name}" is archived. Choose an active team.`],
    });
  return team;
}

export async function createTeam(db: Db, admin: OrgMember, name: string): Promise<string> {
  try {
    return await db.transaction(async (tx) => {
      const [team] = await tx.insert(teams).values({ orgId: admin.orgId, name }).returning({ id: teams.id });
      await writeAudit(tx, {
        orgId: admin.orgId,
        actorUserId: admin.userId,
        action: 'team.create',
        targetType: 'team',
        targetId: team!.id,
        detail: { name },
      });
      return team!.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', DUPLICATE_TEAM, { name: [DUPLICATE_TEAM] });
    throw err;
  }
}

export async function renameTeam(db: Db, admin: OrgMember, teamId: string, name: string): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      const updated = await tx
        .update(teams)
        .set({ name })
        .where(and(eq(teams.id, teamId), eq(teams.orgId, admin.orgId)))
        .returning({ id: teams.id });
      if (!updated.length) throw new AppError('NOT_FOUND', 'That team does not exist.');
      await writeAudit(tx, {
        orgId: admin.orgId,
        actorUserId: admin.userId,
        action: 'team.rename',
        targetType: 'team',
        targetId: teamId,
        detail: { name },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', DUPLICATE_TEAM, { name: [DUPLICATE_TEAM] });
    throw err;
  }
}

/** Archiving hides a team from new assignments but keeps its history and its members' records. */
export async function setTeamArchived(db: Db, admin: OrgMember, teamId: string, archived: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(teams)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(teams.id, teamId), eq(teams.orgId, admin.orgId)))
      .returning({ id: teams.id });
    if (!updated.length) throw new AppError('NOT_FOUND', 'That team does not exist.');
    await writeAudit(tx, {
      orgId: admin.orgId,
      actorUserId: admin.userId,
      action: archived ? 'team.archive' : 'team.restore',
      targetType: 'team',
      targetId: teamId,
    });
  });
}
