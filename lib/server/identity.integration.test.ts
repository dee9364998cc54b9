import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { describeEachDriver, expectAppError } from '@/db/testing';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { auditLog, invitations, memberships, organizations, users } from '@/db/schema';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { hashPassword } from '@/lib/auth/password';
import { countLoginAttempt, isLoginRateLimited, LOGIN_FAILURE_LIMIT } from '@/lib/auth/rate-limit';
import { authorizeCredentials, WRONG_CREDENTIALS_MESSAGE } from '@/lib/auth/options';
import { createAgencyWithAdmin, listMyOrganizations } from './accounts';
import {
  acceptInvitationAsExistingUser,
  acceptInvitationAsNewUser,
  createInvitation,
  getInvitationPreview,
  listPendingInvitations,
  revokeInvitation,
} from './invitations';
import { LAST_ADMIN_MESSAGE, listMembers, setMemberActive, updateMember } from './members';
import { getOrgSettings, updateOrgSettings } from './organizations';
import { createTeam, listTeams, renameTeam, setTeamArchived } from './teams';

const password = 'correct horse battery';


describeEachDriver('identity and tenancy', (ctx) => {
  it('applies the migrations: every identity table exists and is empty', async () => {
    for (const table of [organizations, users, memberships, invitations, auditLog]) {
      expect(await ctx.db.select().from(table)).toEqual([]);
    }
  });

  it('sign-up creates the agency with its creator as admin, audited, and refuses a duplicate email', async () => {
    const { orgId, userId } = await createAgencyWithAdmin(ctx.db, {
      agencyName: 'Harbor House',
      name: 'Ada Admin',
      email: 'ada@harbor.test',
      password,
      confirmPassword: password,
    });
    const member = await authorizeOrgRole(ctx.db, userId, orgId, 'admin');
    expect(member.role).toBe('admin');
    const audit = await ctx.db.select().from(auditLog).where(eq(auditLog.orgId, orgId));
    expect(audit.map((a) => a.action)).toEqual(['organization.create']);
    await expectAppError(
      createAgencyWithAdmin(ctx.db, {
        agencyName: 'Other',
        name: 'Someone',
        email: 'ada@harbor.test',
        password,
        confirmPassword: password,
      }),
      'CONFLICT',
      /already exists/,
    );
    // Nothing half-written by the refused sign-up.
    expect(await ctx.db.select().from(organizations)).toHaveLength(1);
  });

  it('authorization: non-members, deactivated members and too-low roles all get NOT_FOUND', async () => {
    const orgA = await makeOrg(ctx.db);
    const orgB = await makeOrg(ctx.db);
    const adminA = await makeMember(ctx.db, orgA.id, 'admin');
    const directorB = await makeMember(ctx.db, orgB.id, 'director');
    const staffA = await makeMember(ctx.db, orgA.id, 'staff');
    const goneA = await makeMember(ctx.db, orgA.id, 'director', { active: false });

    await expect(authorizeOrgRole(ctx.db, adminA.user.id, orgA.id, 'admin')).resolves.toMatchObject({ role: 'admin' });
    // A director of agency B is refused agency A, as if it did not exist.
    await expectAppError(authorizeOrgRole(ctx.db, directorB.user.id, orgA.id, 'staff'), 'NOT_FOUND');
    // Staff are refused director and admin pages.
    await expectAppError(authorizeOrgRole(ctx.db, staffA.user.id, orgA.id, 'director'), 'NOT_FOUND');
    await expectAppError(authorizeOrgRole(ctx.db, staffA.user.id, orgA.id, 'admin'), 'NOT_FOUND');
    // A deactivated member is refused at once.
    await expectAppError(authorizeOrgRole(ctx.db, goneA.user.id, orgA.id, 'staff'), 'NOT_FOUND');
    // A malformed org id never reaches SQL.
    await expectAppError(authorizeOrgRole(ctx.db, adminA.user.id, 'not-a-uuid', 'staff'), 'NOT_FOUND');
    await expectAppError(authorizeOrgRole(ctx.db, null, orgA.id, 'staff'), 'UNAUTHENTICATED');
  });

  it('a role change takes effect on the next request', async () => {
    const org = await makeOrg(ctx.db);
    await makeMember(ctx.db, org.id, 'admin');
    const d = await makeMember(ctx.db, org.id, 'director');
    const admin = (await ctx.db.select().from(memberships).where(eq(memberships.role, 'admin')))[0]!;
    const adminMember = await authorizeOrgRole(ctx.db, admin.userId, org.id, 'admin');
    await authorizeOrgRole(ctx.db, d.user.id, org.id, 'director');
    const team = await makeTeam(ctx.db, org.id);
    await updateMember(ctx.db, adminMember, { membershipId: d.membership.id, role: 'staff', teamId: team.id });
    await expectAppError(authorizeOrgRole(ctx.db, d.user.id, org.id, 'director'), 'NOT_FOUND');
  });

  it('tenant scoping: teams, members and invitations of agency B are invisible and untouchable from A', async () => {
    const orgA = await makeOrg(ctx.db);
    const orgB = await makeOrg(ctx.db);
    const a = await makeMember(ctx.db, orgA.id, 'admin');
    const b = await makeMember(ctx.db, orgB.id, 'admin');
    const adminA = await authorizeOrgRole(ctx.db, a.user.id, orgA.id, 'admin');
    const adminB = await authorizeOrgRole(ctx.db, b.user.id, orgB.id, 'admin');
    const teamB = await createTeam(ctx.db, adminB, 'Outreach');
    await createTeam(ctx.db, adminA, 'Outreach'); // same name, other agency: allowed

    expect((await listTeams(ctx.db, orgA.id)).map((t) => t.id)).not.toContain(teamB);
    await expectAppError(renameTeam(ctx.db, adminA, teamB, 'Hijacked'), 'NOT_FOUND');
    await expectAppError(setTeamArchived(ctx.db, adminA, teamB, true), 'NOT_FOUND');
    await expectAppError(updateMember(ctx.db, adminA, { membershipId: b.membership.id, role: 'staff', teamId: null }), 'NOT_FOUND');
    await expectAppError(setMemberActive(ctx.db, adminA, b.membership.id, false), 'NOT_FOUND');
    expect((await listMembers(ctx.db, adminA)).map((m) => m.email)).toEqual([a.user.email]);
    // An admin of A cannot put a member on B's team.
    await expectAppError(
      createInvitation(ctx.db, adminA, { role: 'staff', teamId: teamB, email: null, expiresInDays: 14 }),
      'VALIDATION',
      /does not exist/,
    );
    const invB = await createInvitation(ctx.db, adminB, { role: 'director', teamId: null, email: null, expiresInDays: 14 });
    await expectAppError(revokeInvitation(ctx.db, adminA, invB.invitationId), 'NOT_FOUND');
    expect(await listPendingInvitations(ctx.db, adminA)).toEqual([]);
    expect((await getOrgSettings(ctx.db, adminA)).id).toBe(orgA.id);
  });

  it('teams: duplicate names are refused (case-insensitive), archived teams keep history and refuse new members', async () => {
    const org = await makeOrg(ctx.db);
    const a = await makeMember(ctx.db, org.id, 'admin');
    const admin = await authorizeOrgRole(ctx.db, a.user.id, org.id, 'admin');
    const t1 = await createTeam(ctx.db, admin, 'Shelter');
    await expectAppError(createTeam(ctx.db, admin, 'shelter'), 'CONFLICT', /already exists/);
    const staff = await makeMember(ctx.db, org.id, 'staff', { teamId: t1 });
    await setTeamArchived(ctx.db, admin, t1, true);
    const all = await listTeams(ctx.db, org.id, { includeArchived: true });
    expect(all).toEqual([{ id: t1, name: 'Shelter', archived: true, memberCount: 1, reportableCount: 1 }]);
    expect(await listTeams(ctx.db, org.id)).toEqual([]);
    await expectAppError(
      createInvitation(ctx.db, admin, { role: 'staff', teamId: t1, email: null, expiresInDays: 14 }),
      'VALIDATION',
      /archived/,
    );
    // The archived team's member keeps their membership and team.
    const [m] = await ctx.db.select().from(memberships).where(eq(memberships.id, staff.membership.id));
    expect(m!.teamId).toBe(t1);
  });

  it('invitations: single use, stored hashed, new and existing users, expiry, revocation', async () => {
    const org = await makeOrg(ctx.db);
    const a = await makeMember(ctx.db, org.id, 'admin');
    const admin = await authorizeOrgRole(ctx.db, a.user.id, org.id, 'admin');
    const team = await createTeam(ctx.db, admin, 'Case management');
    const inv = await createInvitation(ctx.db, admin, { role: 'staff', teamId: team, email: null, expiresInDays: 14 });

    const stored = await ctx.db.select().from(invitations).where(eq(invitations.id, inv.invitationId));
    expect(stored[0]!.tokenHash).not.toContain(inv.token);
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Math.round((inv.expiresAt.getTime() - stored[0]!.createdAt.getTime()) / 86_400_000)).toBe(14);

    const preview = await getInvitationPreview(ctx.db, inv.token);
    expect(preview).toMatchObject({ orgName: org.name, role: 'staff', teamName: 'Case management', problem: null });

    const joined = await acceptInvitationAsNewUser(ctx.db, inv.token, { name: 'Sam Staff', email: 'sam@x.test', password });
    expect(joined.orgId).toBe(org.id);
    const sam = await authorizeOrgRole(ctx.db, joined.userId, org.id, 'staff');
    expect(sam.teamId).toBe(team);

    // Used links refuse a second use, with a specific message, and create nothing.
    await expectAppError(
      acceptInvitationAsNewUser(ctx.db, inv.token, { name: 'Eve', email: 'eve@x.test', password }),
      'GONE',
      /already been used/,
    );
    expect(await ctx.db.select().from(users).where(eq(users.email, 'eve@x.test'))).toEqual([]);

    // Expired.
    const old = await createInvitation(ctx.db, admin, { role: 'director', teamId: null, email: null, expiresInDays: 1 }, new Date(Date.now() - 2 * 86_400_000));
    await expectAppError(acceptInvitationAsExistingUser(ctx.db, old.token, a.user.id), 'GONE', /expired/);
    expect((await getInvitationPreview(ctx.db, old.token))!.problem).toMatch(/expired/);

    // Revoked.
    const rev = await createInvitation(ctx.db, admin, { role: 'director', teamId: null, email: null, expiresInDays: 14 });
    await revokeInvitation(ctx.db, admin, rev.invitationId);
    await expectAppError(acceptInvitationAsNewUser(ctx.db, rev.token, { name: 'X', email: 'x@x.test', password }), 'GONE', /withdrawn/);

    // Unknown token.
    expect(await getInvitationPreview(ctx.db, 'A'.repeat(43))).toBeNull();

    // An existing user of another agency joins this one: now in both, with a switcher.
    const other = await makeOrg(ctx.db, { name: 'Zeta Agency' });
    const dual = await makeMember(ctx.db, other.id, 'director');
    const inv2 = await createInvitation(ctx.db, admin, { role: 'director', teamId: null, email: null, expiresInDays: 14 });
    await acceptInvitationAsExistingUser(ctx.db, inv2.token, dual.user.id);
    expect((await listMyOrganizations(ctx.db, dual.user.id)).map((o) => o.orgId).sort()).toEqual([org.id, other.id].sort());

    // Duplicate email on a new-user acceptance: refused, and the link stays usable.
    const inv3 = await createInvitation(ctx.db, admin, { role: 'staff', teamId: team, email: null, expiresInDays: 14 });
    await expectAppError(
      acceptInvitationAsNewUser(ctx.db, inv3.token, { name: 'Dup', email: 'sam@x.test', password }),
      'CONFLICT',
    );
    expect((await getInvitationPreview(ctx.db, inv3.token))!.problem).toBeNull();

    const audit = await ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['invitation.create', 'invitation.accept', 'invitation.revoke']));
  });

  it('an invitation used by two people at the same moment admits exactly one', async () => {
    const org = await makeOrg(ctx.db);
    const a = await makeMember(ctx.db, org.id, 'admin');
    const admin = await authorizeOrgRole(ctx.db, a.user.id, org.id, 'admin');
    const inv = await createInvitation(ctx.db, admin, { role: 'director', teamId: null, email: null, expiresInDays: 14 });
    const results = await Promise.allSettled([
      acceptInvitationAsNewUser(ctx.db, inv.token, { name: 'One', email: 'one@x.test', password }),
      acceptInvitationAsNewUser(ctx.db, inv.token, { name: 'Two', email: 'two@x.test', password }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const members = await ctx.db.select().from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.role, 'director')));
    expect(members).toHaveLength(1);
  });

  it('the last admin cannot demote or deactivate themself; with a second admin they can', async () => {
    const org = await makeOrg(ctx.db);
    const a = await makeMember(ctx.db, org.id, 'admin');
    const admin = await authorizeOrgRole(ctx.db, a.user.id, org.id, 'admin');
    await expectAppError(
      updateMember(ctx.db, admin, { membershipId: a.membership.id, role: 'director', teamId: null }),
      'CONFLICT',
      new RegExp(LAST_ADMIN_MESSAGE.slice(0, 30)),
    );
    await expectAppError(setMemberActive(ctx.db, admin, a.membership.id, false), 'CONFLICT', /last active admin/);
    const b = await makeMember(ctx.db, org.id, 'admin');
    await updateMember(ctx.db, admin, { membershipId: a.membership.id, role: 'director', teamId: null });
    await expectAppError(setMemberActive(ctx.db, admin, b.membership.id, false), 'CONFLICT', /last active admin/);
  });

  it('settings: updates are stored and audited without content', async () => {
    const org = await makeOrg(ctx.db);
    const a = await makeMember(ctx.db, org.id, 'admin');
    const admin = await authorizeOrgRole(ctx.db, a.user.id, org.id, 'admin');
    await updateOrgSettings(ctx.db, admin, {
      name: 'Renamed',
      minGroupSize: 7,
      roleWord: 'advocate',
      roleWordCustom: null,
      supportEapLine: '1-800-555-0100',
      supportCrisisLine: '988',
      supportText: null,
      staffSeeAgencyResults: false,
      driverWindowMonths: 12,
      timeZone: 'America/Chicago',
      auditRetentionDays: 730,
      mailRetentionDays: 30,
    });
    expect(await getOrgSettings(ctx.db, admin)).toMatchObject({
      name: 'Renamed',
      minGroupSize: 7,
      roleWord: 'advocate',
      timeZone: 'America/Chicago',
      auditRetentionDays: 730,
      mailRetentionDays: 30,
    });
    // The database itself refuses k below 3 even if validation were bypassed.
    await expect(ctx.db.update(organizations).set({ minGroupSize: 2 }).where(eq(organizations.id, org.id))).rejects.toThrow();
  });

  it('account creation is limited to 10 per hour per IP', async () => {
    const { checkAndCountSignup } = await import('@/lib/auth/rate-limit');
    const now = new Date();
    for (let i = 0; i < 10; i++) expect(await checkAndCountSignup(ctx.db, '203.0.113.9', now)).toBe(true);
    expect(await checkAndCountSignup(ctx.db, '203.0.113.9', now)).toBe(false);
    expect(await checkAndCountSignup(ctx.db, '203.0.113.10', now)).toBe(true);
    expect(await checkAndCountSignup(ctx.db, '203.0.113.9', new Date(now.getTime() + 61 * 60_000))).toBe(true);
  });

  it('sign-in: wrong password is refused with a message, and 10 failures lock the email for 15 minutes', async () => {
    const hash = await hashPassword(password);
    const org = await makeOrg(ctx.db);
    await makeMember(ctx.db, org.id, 'staff', { user: { email: 'lock@x.test', passwordHash: hash } });
    await expect(authorizeCredentials({ email: 'lock@x.test', password }, '10.0.0.1')).resolves.toMatchObject({ email: 'lock@x.test' });
    await expect(authorizeCredentials({ email: 'LOCK@x.test ', password: 'wrong password!!' }, '10.0.0.1')).rejects.toThrow(
      WRONG_CREDENTIALS_MESSAGE,
    );
    for (let i = 1; i < LOGIN_FAILURE_LIMIT; i++) await countLoginAttempt(ctx.db, 'lock@x.test', `10.0.0.${i + 1}`);
    expect(await isLoginRateLimited(ctx.db, 'lock@x.test', '192.0.2.1')).toBe(true);
    // Even the right password is refused while locked.
    await expect(authorizeCredentials({ email: 'lock@x.test', password }, '192.0.2.1')).rejects.toThrow(/Too many failed/);
    // Other emails from a clean IP are unaffected; 16 minutes later the lock has lapsed.
    expect(await isLoginRateLimited(ctx.db, 'other@x.test', '192.0.2.1')).toBe(false);
    expect(await isLoginRateLimited(ctx.db, 'lock@x.test', '192.0.2.1', new Date(Date.now() + 16 * 60_000))).toBe(false);
  });
});

describe('role hierarchy', () => {
  it('is admin > director > staff', async () => {
    const { hasRoleAtLeast } = await import('@/lib/auth/roles');
    expect(hasRoleAtLeast('admin', 'director')).toBe(true);
    expect(hasRoleAtLeast('director', 'admin')).toBe(false);
    expect(hasRoleAtLeast('staff', 'staff')).toBe(true);
    expect(hasRoleAtLeast('staff', 'director')).toBe(false);
  });
});
