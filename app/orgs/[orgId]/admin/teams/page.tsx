import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateTeamForm, TeamRow } from '@/components/forms/team-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { listTeams } from '@/lib/server/teams';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{ welcome?: string }>;
}) {
  const [{ orgId }, { welcome }] = await Promise.all([params, searchParams]);
  const admin = await requireOrgRole(orgId, 'admin');
  const teams = await listTeams(getDb(), admin.orgId, { includeArchived: true });
  return (
    <>
      <h1>Teams</h1>
      {welcome ? (
        <p className="alert success">
          Your agency is ready. Start by creating your teams, then{' '}
          <Link href={`/orgs/${orgId}/admin/members`}>invite your program directors and staff</Link>.
        </p>
      ) : null}
      <p className="lede">
        Results are shown per team only when a team has enough responses. Archiving a team keeps its history but stops new
        members joining it.
      </p>
      <div className="card">
        <CreateTeamForm orgId={orgId} />
      </div>
      {teams.length === 0 ? (
        <p className="empty card">No teams yet. Create your first team above; staff are invited into a team.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Teams of {admin.orgName}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Active members
                </th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((t) => (
                <TeamRow key={t.id} orgId={orgId} team={t} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
