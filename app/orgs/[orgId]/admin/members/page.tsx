import type { Metadata } from 'next';
import Link from 'next/link';
import { InvitationActions, InviteForm, MemberRow } from '@/components/forms/member-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { roleLabels } from '@/lib/auth/roles';
import { listPendingInvitations } from '@/lib/server/invitations';
import { searchMembers } from '@/lib/members/list';
import { listMembers } from '@/lib/server/members';
import { listTeams } from '@/lib/server/teams';

export const metadata: Metadata = { title: 'Members' };

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function MembersPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{ q?: string | string[]; page?: string | string[] }>;
}) {
  const [{ orgId }, sp] = await Promise.all([params, searchParams]);
  // Search text is only compared, never stored or echoed into HTML unescaped; keep it short.
  const q = one(sp.q).slice(0, 100);
  const requestedPage = Number.parseInt(one(sp.page), 10);
  const admin = await requireOrgRole(orgId, 'admin');
  const db = getDb();
  const [members, invitations, teams] = await Promise.all([
    listMembers(db, admin),
    listPendingInvitations(db, admin),
    listTeams(db, admin.orgId),
  ]);
  const teamOptions = teams.map((t) => ({ id: t.id, name: t.name }));
  const found = searchMembers(members, q, Number.isNaN(requestedPage) ? 1 : requestedPage);
  const pageHref = (page: number) => {
    const qs = new URLSearchParams();
    if (q) qs.set('q', q);
    if (page > 1) qs.set('page', String(page));
    const str = qs.toString();
    return `/orgs/${orgId}/admin/members${str ? `?${str}` : ''}#members-heading`;
  };
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
          <div className="table-wrap" role="region" aria-label="Pending invitations" tabIndex={0}>
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
        <form method="get" action={`/orgs/${orgId}/admin/members`} role="search" className="row" aria-label="Search members">
          <div className="field">
            <label htmlFor="member-search">Search by name, email or team</label>
            <input id="member-search" name="q" type="search" defaultValue={q} maxLength={100} />
          </div>
          <div className="field">
            <button type="submit" className="button secondary">
              Search
            </button>
          </div>
        </form>
        <p className="small muted" aria-live="polite">
          {q
            ? `${found.total} of ${members.length} match "${q}".`
            : `Sorted by name, numbers by value.`}{' '}
          {found.pageCount > 1 ? `Page ${found.page} of ${found.pageCount}.` : ''}
          {q ? (
            <>
              {' '}
              <Link href={`/orgs/${orgId}/admin/members#members-heading`}>Clear the search</Link>
            </>
          ) : null}
        </p>
        {found.rows.length === 0 ? (
          <p className="card empty">No one matches. Try part of a name or an email address.</p>
        ) : (
          <div className="table-wrap" role="region" aria-label="People" tabIndex={0}>
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
                {found.rows.map((m) => (
                  <MemberRow key={m.membershipId} orgId={orgId} member={m} teams={teamOptions} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {found.pageCount > 1 ? (
          <nav aria-label="Member pages" className="row small">
            {found.page > 1 ? <Link href={pageHref(found.page - 1)}>Previous page</Link> : null}
            {Array.from({ length: found.pageCount }, (_, i) => i + 1).map((n) =>
              n === found.page ? (
                <span key={n} aria-current="page">
                  <strong>{n}</strong>
                </span>
              ) : (
                <Link key={n} href={pageHref(n)} aria-label={`Page ${n}`}>
                  {n}
                </Link>
              ),
            )}
            {found.page < found.pageCount ? <Link href={pageHref(found.page + 1)}>Next page</Link> : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}
