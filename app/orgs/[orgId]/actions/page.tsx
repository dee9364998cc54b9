import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionItemForm, ActionStatusForm, TaskToggle } from '@/components/forms/action-forms';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { MEASURE_TITLES } from '@/lib/dashboard/view';
import { listActionItems, listDidItHelp, type ActionItemDto } from '@/lib/server/actions-plan';

export const metadata: Metadata = { title: 'Action plan' };

const STATUSES: { key: ActionItemDto['status']; label: string }[] = [
  { key: 'planned', label: 'Planned' },
  { key: 'in_progress', label: 'In progress' },
  { key: 'done', label: 'Done' },
  { key: 'dropped', label: 'Dropped' },
];

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
const day = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));

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
  const items = await listActionItems(db, member.orgId);
  const helpById = await listDidItHelp(db, member.orgId, items);
  const byStatus = view === 'status';
  const today = new Date().toISOString().slice(0, 10);

  const renderItem = (a: ActionItemDto) => {
    const help = helpById.get(a.id);
    return (
      <article key={a.id} className="card" aria-labelledby={`action-${a.id}`}>
        <h3 id={`action-${a.id}`}>{a.title}</h3>
        <p className="small muted">
          Priority {a.priority} · started {day(a.startedOn)}
          {a.dueOn ? ` · due ${day(a.dueOn)}` : ''}
          {a.lead ? ` · lead: ${a.lead}` : ''}
          {a.measure ? ` · aims to move ${MEASURE_TITLES[a.measure].toLowerCase()}` : ''}
          {a.recommendationId ? ' · from a recommendation' : ''}
        </p>
        <p style={{ whiteSpace: 'pre-wrap' }}>{a.rationale}</p>
        {a.tasks.length ? (
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {a.tasks.map((t, i) => (
              <li key={`${i}-${t.text}`}>
                <TaskToggle orgId={orgId} actionId={a.id} index={i} text={t.text} done={t.done} />
              </li>
            ))}
          </ul>
        ) : null}
        <ActionStatusForm orgId={orgId} actionId={a.id} status={a.status} title={a.title} />
        {help ? (
          <div className="alert info small">
            <strong>Did it help?</strong> {help.summary}
          </div>
        ) : null}
      </article>
    );
  };

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
        <ActionItemForm orgId={orgId} prefill={null} today={today} idPrefix="own" />
      </section>
    </>
  );
}
