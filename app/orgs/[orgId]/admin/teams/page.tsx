import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateTeamForm, TeamRow } from '@/components/forms/team-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getOrgSettings } from '@/lib/server/organizations';
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
  const db = getDb();
  const [teams, settings] = await Promise.all([listTeams(db, admin.orgId, { includeArchived: true }), getOrgSettings(db, admin)]);
  const k = settings.minGroupSize;
  const belowK = teams.filter((t) => !t.archived && t.reportableCount < k);
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
      {belowK.length ? (
        <div className="alert warning" role="note">
          <strong>
            {belowK.length === 1 ? `1 team is` : `${belowK.length} teams are`} smaller than the minimum group size ({k}):{' '}
            {belowK.map((t) => `${t.name} (${t.reportableCount})`).join(', ')}.
          </strong>{' '}
          A team&apos;s results are shown only when at least {k} of its staff check in, so these teams will never show results
          until they grow. Their staff&apos;s check-ins still count in the agency-wide results. Program directors and admins are
          not counted: their own check-ins never enter published numbers.
        </div>
      ) : null}
      <div className="card">
        <CreateTeamForm orgId={orgId} />
      </div>
      {teams.length === 0 ? (
        <p className="empty card">No teams yet. Create your first team above; staff are invited into a team.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Teams" tabIndex={0}>
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
                <TeamRow key={t.id} orgId={orgId} team={t} k={k} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
