import {
  ActionEditForm,
  ActionStatusForm,
  DeleteActionButton,
  DropActionForm,
  TaskToggle,
  type OwnerOption,
} from '@/components/forms/action-forms';
import { MEASURE_TITLES } from '@/lib/dashboard/view';
import type { ActionItemDto, DidItHelpDto } from '@/lib/server/actions-plan';
import styles from './action-card.module.css';
import { firstLine } from './first-line';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
const day = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));

const STATUS_WORDS: Record<ActionItemDto['status'], string> = { planned: 'Planned', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' };


/**
 * One action: title, who and when, a one-line rationale, its tasks and status; the full
 * rationale, "did it help?" and the edit, drop and delete forms are collapsed.
 */
export function ActionCard({
  orgId,
  action: a,
  help,
  owners,
  headingLevel = 3,
}: {
  orgId: string;
  action: ActionItemDto;
  help: DidItHelpDto | undefined;
  owners: readonly OwnerOption[];
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const summary = firstLine(a.rationale);
  return (
    <article className="card" aria-labelledby={`action-${a.id}`}>
      <Heading id={`action-${a.id}`}>{a.title}</Heading>
      <p className="small muted">
        {STATUS_WORDS[a.status]} · priority {a.priority}
        {a.owner ? ` · owner: ${a.owner.name}` : a.lead ? ` · lead: ${a.lead}` : ' · no owner yet'}
        {a.dueOn ? ` · due ${day(a.dueOn)}` : ''} · started {day(a.startedOn)}
        {a.measure ? ` · aims to move ${MEASURE_TITLES[a.measure].toLowerCase()}` : ''}
        {a.recommendationId ? ' · from a recommendation' : ''}
      </p>
      <p className={styles.oneLine} title={summary}>
        {summary}
      </p>
      {a.status === 'dropped' && a.droppedReason ? (
        <p className="small">
          <strong>Dropped because:</strong> {a.droppedReason}
        </p>
      ) : null}
      {a.tasks.length ? (
        <ul className={styles.tasks} aria-label={`Tasks of ${a.title}`}>
          {a.tasks.map((t, i) => (
            <li key={`${i}-${t.text}`}>
              <TaskToggle orgId={orgId} actionId={a.id} index={i} text={t.text} done={t.done} />
            </li>
          ))}
        </ul>
      ) : null}
      <ActionStatusForm orgId={orgId} actionId={a.id} status={a.status} title={a.title} />
      <div className={styles.manage}>
        <details>
          <summary>
            Full rationale<span className="visually-hidden"> of {a.title}</span>
          </summary>
          <p className={styles.full}>{a.rationale}</p>
        </details>
        {help ? (
          <details>
            <summary>
              Did it help?<span className="visually-hidden"> ({a.title})</span>
            </summary>
            <p className="alert info small">{help.summary}</p>
            {help.pillar ? <p className="alert info small">{help.pillar.summary}</p> : null}
          </details>
        ) : null}
        <details>
          <summary>
            Edit<span className="visually-hidden"> {a.title}</span>
          </summary>
          <ActionEditForm
            orgId={orgId}
            owners={owners}
            action={{ id: a.id, title: a.title, rationale: a.rationale, priority: a.priority, tasks: a.tasks, ownerMembershipId: a.owner?.membershipId ?? null, dueOn: a.dueOn }}
          />
        </details>
        {a.status !== 'dropped' ? (
          <details>
            <summary>
              Drop<span className="visually-hidden"> {a.title}</span>
            </summary>
            <DropActionForm orgId={orgId} actionId={a.id} title={a.title} />
          </details>
        ) : null}
        <DeleteActionButton orgId={orgId} actionId={a.id} title={a.title} />
      </div>
    </article>
  );
}
