'use client';

import { useActionState } from 'react';
import { createActionItemAction, toggleTaskAction, updateActionStatusAction } from '@/lib/actions/plan';
import { idleState } from '@/lib/validation/form';
import { SelectField, TextAreaField, TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';

export interface ActionPrefill {
  title: string;
  recommendationId: string | null;
  rationale: string;
  measure: string | null;
}

const STATUS_LABELS: Record<string, string> = { planned: 'Planned', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' };

export function ActionItemForm({ orgId, prefill, today, idPrefix }: { orgId: string; prefill: ActionPrefill | null; today: string; idPrefix: string }) {
  const [state, formAction] = useActionState(createActionItemAction.bind(null, orgId), idleState);
  const fe = state.fieldErrors ?? {};
  const v = state.status === 'error' ? state.values : undefined;
  return (
    <form action={formAction} noValidate key={state.status === 'success' ? state.message : 'form'}>
      <FormMessage state={state} />
      <input type="hidden" name="recommendationId" value={prefill?.recommendationId ?? ''} />
      <TextField name="title" idPrefix={idPrefix} label="Action" defaultValue={v?.title ?? prefill?.title ?? ''} errors={fe.title} required />
      <TextAreaField
        name="rationale"
        idPrefix={idPrefix}
        label="Rationale"
        hint="Why this action, and what you hope it changes."
        defaultValue={v?.rationale ?? prefill?.rationale ?? ''}
        errors={fe.rationale}
        required
      />
      <div className="row">
        <SelectField name="priority" idPrefix={idPrefix} label="Priority" defaultValue={v?.priority ?? '2'} errors={fe.priority}>
          <option value="1">1 (highest)</option>
          <option value="2">2</option>
          <option value="3">3</option>
        </SelectField>
        <SelectField name="measure" idPrefix={idPrefix} label="Measure it aims to move" defaultValue={v?.measure ?? prefill?.measure ?? ''} errors={fe.measure}>
          <option value="">None in particular</option>
          <option value="cs">Compassion satisfaction</option>
          <option value="bo">Burnout</option>
          <option value="sts">Secondary traumatic stress</option>
          <option value="vr">Vicarious resilience</option>
        </SelectField>
        <SelectField name="status" idPrefix={idPrefix} label="Status" defaultValue={v?.status ?? 'planned'} errors={fe.status}>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="row">
        <TextField name="lead" idPrefix={idPrefix} label="Lead (optional)" defaultValue={v?.lead ?? ''} errors={fe.lead} />
        <TextField name="startedOn" idPrefix={idPrefix} type="date" label="Starts" defaultValue={v?.startedOn ?? today} errors={fe.startedOn} required />
        <TextField name="dueOn" idPrefix={idPrefix} type="date" label="Due (optional)" defaultValue={v?.dueOn ?? ''} errors={fe.dueOn} />
      </div>
      <TextAreaField name="tasks" idPrefix={idPrefix} label="Tasks (one per line, optional)" defaultValue={v?.tasks ?? ''} errors={fe.tasks} />
      <SubmitButton pendingText="Adding…">Add to action plan</SubmitButton>
    </form>
  );
}

export function ActionStatusForm({ orgId, actionId, status, title }: { orgId: string; actionId: string; status: string; title: string }) {
  const [state, formAction] = useActionState(updateActionStatusAction.bind(null, orgId), idleState);
  return (
    <form action={formAction} className="row">
      <input type="hidden" name="actionId" value={actionId} />
      <SelectField name="status" idPrefix={`status-${actionId}`} label={<span className="small">Status<span className="visually-hidden"> of {title}</span></span>} defaultValue={status}>
        {Object.entries(STATUS_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <SubmitButton className="button secondary small" pendingText="Saving…">
          Update<span className="visually-hidden"> status of {title}</span>
        </SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}

export function TaskToggle({ orgId, actionId, index, text, done }: { orgId: string; actionId: string; index: number; text: string; done: boolean }) {
  const [, formAction] = useActionState(toggleTaskAction.bind(null, orgId), idleState);
  return (
    <form action={formAction} className="inline-form">
      <input type="hidden" name="actionId" value={actionId} />
      <input type="hidden" name="taskIndex" value={index} />
      <button type="submit" className="button secondary small" aria-pressed={done}>
        {done ? '☑' : '☐'} <span className={done ? 'muted' : undefined}>{text}</span>
      </button>
    </form>
  );
}
