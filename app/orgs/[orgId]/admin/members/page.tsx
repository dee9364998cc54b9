import type { Metadata } from 'next';
import { InvitationActions, InviteForm, MemberRow } from '@/components/forms/member-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { roleLabels } from '@/lib/auth/roles';
import { listPendingInvitations } from '@/lib/server/invitations';
import { listMembers } from '@/lib/server/members';
import { listTeams } from '@/lib/server/teams';

export const metadata: Metadata = { title: 'Members' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

export default async function MembersPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const admin = await requireOrgRole(orgId, 'admin');
  const db = getDb();
  const [members, invitations, teams] = await Promise.all([
    listMembers(db, admin),
    listPendingInvitations(db, admin),
    listTeams(db, admin.orgId),
  ]);
  const teamOptions = teams.map((t) => ({ id: t.id, name: t.name }));
  return (
    <>
      <h1>Members</h1>
      <p className="lede">
        Invite program directors and staff, change roles and teams, or end someone&apos;s access. Changes take effect at once.
      </p>

      <section aria-labelledby="invite-heading" className="card">
        <h2 id="invite-heading">Invite someone</h2>
        <InviteForm orgId={orgId} teams={teamOptions} />
      </section>

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">Pending invitations</h2>
        {invitations.length === 0 ? (
          <p className="muted">No pending invitations.</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">Team</th>
                  <th scope="col">Email</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((inv) => (
                  <tr key={inv.id}>
                    <td>{roleLabels[inv.role]}</td>
                    <td>{inv.teamName ?? '—'}</td>
                    <td>{inv.email ?? 'Anyone with the link'}</td>
                    <td>{dateFormat.format(new Date(inv.expiresAt))}</td>
                    <td>
                      <InvitationActions orgId={orgId} invitation={inv} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">People ({members.length})</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" colSpan={2}>
                  Role and team
                </th>
                <th scope="col">Status</th>
                <th scope="col">Access</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <MemberRow key={m.membershipId} orgId={orgId} member={m} teams={teamOptions} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
