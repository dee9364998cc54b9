import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionCard } from '@/components/actions/action-card';
import { ActionItemForm } from '@/components/forms/action-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { listActionItems, listDidItHelp, type ActionItemDto } from '@/lib/server/actions-plan';
import { listOwnerOptions } from '@/lib/server/members';

export const metadata: Metadata = { title: 'Action plan' };

const STATUSES: { key: ActionItemDto['status']; label: string }[] = [
  { key: 'planned', label: 'Planned' },
  { key: 'in_progress', label: 'In progress' },
  { key: 'done', label: 'Done' },
  { key: 'dropped', label: 'Dropped' },
];

export default async function ActionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<{ view?: string }>;
}) {
  const [{ orgId }, { view }] = await Promise.all([params, searchParams]);
  const member = await requireOrgRole(orgId, 'director');
  const db = getDb();
  const [items, owners] = await Promise.all([listActionItems(db, member.orgId), listOwnerOptions(db, member.orgId)]);
  const helpById = await listDidItHelp(db, member.orgId, items);
  const byStatus = view === 'status';
  const today = new Date().toISOString().slice(0, 10);

  const renderItem = (a: ActionItemDto) => <ActionCard key={a.id} orgId={orgId} action={a} help={helpById.get(a.id)} owners={owners} />;

  return (
    <>
      <h1>Action plan</h1>
      <p className="lede">
        What {member.orgName} is doing about staff wellbeing. Start dates are marked on the{' '}
        <Link href={`/orgs/${orgId}/dashboard`}>dashboard trends</Link>, and each action with a measure shows whether the agency
        mean changed after it started.
      </p>
      <p>
        View:{' '}
        {byStatus ? <Link href={`/orgs/${orgId}/actions`}>as a list</Link> : <strong>as a list</strong>} ·{' '}
        {byStatus ? <strong>by status</strong> : <Link href={`/orgs/${orgId}/actions?view=status`}>by status</Link>}
      </p>
      {items.length === 0 ? (
        <p className="card empty">
          No actions yet. Add one of the <Link href={`/orgs/${orgId}/drivers`}>recommendations</Link>, or your own below.
        </p>
      ) : byStatus ? (
        <div className="grid">
          {STATUSES.map((s) => (
            <section key={s.key} aria-labelledby={`col-${s.key}`}>
              <h2 id={`col-${s.key}`}>
                {s.label} ({items.filter((i) => i.status === s.key).length})
              </h2>
              {items.filter((i) => i.status === s.key).map(renderItem)}
            </section>
          ))}
        </div>
      ) : (
        <section aria-labelledby="list-heading">
          <h2 id="list-heading">All actions ({items.length})</h2>
          {items.map(renderItem)}
        </section>
      )}
      <section className="card" aria-labelledby="own-heading">
        <h2 id="own-heading">Add your own action</h2>
        <ActionItemForm orgId={orgId} prefill={null} today={today} idPrefix="own" owners={owners} />
      </section>
    </>
  );
}
