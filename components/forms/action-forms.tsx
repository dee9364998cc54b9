'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import {
  createActionItemAction,
  deleteActionItemAction,
  dropActionItemAction,
  toggleTaskAction,
  updateActionItemAction,
  updateActionStatusAction,
} from '@/lib/actions/plan';
import { MEASURE_KEYS, measureLabel } from '@/lib/measures';
import { idleState, type FormState } from '@/lib/validation/form';
import { SelectField, TextAreaField, TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';

export interface ActionPrefill {
  title: string;
  recommendationId: string | null;
  rationale: string;
  measure: string | null;
}

/** A member who can own an action. */
export interface OwnerOption {
  membershipId: string;
  name: string;
}

/** Statuses the status form sets; dropping has its own form, because it needs a reason. */
const STATUS_LABELS: Record<string, string> = { planned: 'Planned', in_progress: 'In progress', done: 'Done' };

/** What an action says and who owns it: shared by the add and edit forms. */
interface ActionValues {
  title: string;
  rationale: string;
  priority: string;
  tasks: string;
  ownerMembershipId: string;
  dueOn: string;
}

function ActionFields({
  idPrefix,
  state,
  initial,
  owners,
}: {
  idPrefix: string;
  state: FormState;
  initial: ActionValues;
  owners: readonly OwnerOption[];
}) {
  const fe = state.fieldErrors ?? {};
  const v = state.status === 'error' ? state.values : undefined;
  return (
    <>
      <TextField name="title" idPrefix={idPrefix} label="Action" defaultValue={v?.title ?? initial.title} errors={fe.title} required />
      <TextAreaField
        name="rationale"
        idPrefix={idPrefix}
        label="Rationale"
        hint="Why this action, and what you hope it changes. The first line is shown on the card."
        defaultValue={v?.rationale ?? initial.rationale}
        errors={fe.rationale}
        required
      />
      <div className="row">
        <SelectField name="priority" idPrefix={idPrefix} label="Priority" defaultValue={v?.priority ?? initial.priority} errors={fe.priority}>
          <option value="1">1 (highest)</option>
          <option value="2">2</option>
          <option value="3">3</option>
        </SelectField>
        <SelectField
          name="ownerMembershipId"
          idPrefix={idPrefix}
          label="Owner (optional)"
          defaultValue={v?.ownerMembershipId ?? initial.ownerMembershipId}
          errors={fe.ownerMembershipId}
        >
          <option value="">No owner yet</option>
          {owners.map((o) => (
            <option key={o.membershipId} value={o.membershipId}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <TextField name="dueOn" idPrefix={idPrefix} type="date" label="Due (optional)" defaultValue={v?.dueOn ?? initial.dueOn} errors={fe.dueOn} />
      </div>
      <TextAreaField name="tasks" idPrefix={idPrefix} label="Tasks (one per line, optional)" defaultValue={v?.tasks ?? initial.tasks} errors={fe.tasks} />
    </>
  );
}

type CreateFormProps = { orgId: string; prefill: ActionPrefill | null; today: string; idPrefix: string; owners: readonly OwnerOption[] };

function CreateActionFields({
  state,
  formAction,
  prefill,
  today,
  idPrefix,
  owners,
}: Omit<CreateFormProps, 'orgId'> & { state: FormState; formAction: (fd: FormData) => void }) {
  const fe = state.fieldErrors ?? {};
  const v = state.status === 'error' ? state.values : undefined;
  const initial: ActionValues = { title: prefill?.title ?? '', rationale: prefill?.rationale ?? '', priority: '2', tasks: '', ownerMembershipId: '', dueOn: '' };
  return (
    <form action={formAction} noValidate key={state.status === 'success' ? state.message : 'form'}>
      <FormMessage state={state} />
      <input type="hidden" name="recommendationId" value={prefill?.recommendationId ?? ''} />
      <ActionFields idPrefix={idPrefix} state={state} initial={initial} owners={owners} />
      <div className="row">
        <SelectField name="measure" idPrefix={idPrefix} label="Measure it aims to move" defaultValue={v?.measure ?? prefill?.measure ?? ''} errors={fe.measure}>
          <option value="">None in particular</option>
          {MEASURE_KEYS.map((m) => (
            <option key={m} value={m}>
              {measureLabel(m)}
            </option>
          ))}
        </SelectField>
        <SelectField name="status" idPrefix={idPrefix} label="Status" defaultValue={v?.status ?? 'planned'} errors={fe.status}>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <TextField name="startedOn" idPrefix={idPrefix} type="date" label="Starts" defaultValue={v?.startedOn ?? today} errors={fe.startedOn} required />
      </div>
      <SubmitButton pendingText="Adding…">Add to action plan</SubmitButton>
    </form>
  );
}

/** The director's own action. */
export function ActionItemForm({ orgId, ...rest }: CreateFormProps) {
  const [state, formAction] = useActionState(createActionItemAction.bind(null, orgId), idleState);
  return <CreateActionFields state={state} formAction={formAction} {...rest} />;
}

/**
 * A recommendation's "Add to the action plan", or "In your plan" once it is there. One
 * component for both, so the confirmation survives the page refresh that follows the add.
 */
export function RecommendationPlanControl({ planned, prefill, ...rest }: CreateFormProps & { prefill: ActionPrefill; planned: boolean }) {
  const [state, formAction] = useActionState(createActionItemAction.bind(null, rest.orgId), idleState);
  if (planned) {
    return (
      <div className="small">
        <FormMessage state={state} />
        <p>
          Already in <Link href={`/orgs/${rest.orgId}/actions`}>your action plan</Link>. Drop it there to add it again.
        </p>
      </div>
    );
  }
  return (
    <details>
      <summary>Add &quot;{prefill.title}&quot; to the action plan</summary>
      <CreateActionFields state={state} formAction={formAction} prefill={prefill} {...rest} />
    </details>
  );
}

export interface EditableAction {
  id: string;
  title: string;
  rationale: string;
  priority: number;
  tasks: { text: string }[];
  ownerMembershipId: string | null;
  dueOn: string | null;
}

export function ActionEditForm({ orgId, action, owners }: { orgId: string; action: EditableAction; owners: readonly OwnerOption[] }) {
  const [state, formAction] = useActionState(updateActionItemAction.bind(null, orgId), idleState);
  const initial: ActionValues = {
    title: action.title,
    rationale: action.rationale,
    priority: String(action.priority),
    tasks: action.tasks.map((t) => t.text).join('\n'),
    ownerMembershipId: action.ownerMembershipId ?? '',
    dueOn: action.dueOn ?? '',
  };
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="actionId" value={action.id} />
      <ActionFields idPrefix={`edit-${action.id}`} state={state} initial={initial} owners={owners} />
      <SubmitButton pendingText="Saving…">
        Save changes<span className="visually-hidden"> to {action.title}</span>
      </SubmitButton>
    </form>
  );
}

export function DropActionForm({ orgId, actionId, title }: { orgId: string; actionId: string; title: string }) {
  const [state, formAction] = useActionState(dropActionItemAction.bind(null, orgId), idleState);
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="actionId" value={actionId} />
      <TextAreaField
        name="droppedReason"
        idPrefix={`drop-${actionId}`}
        label={
          <>
            Why drop it?<span className="visually-hidden"> ({title})</span>
          </>
        }
        hint="Required. Kept with the action so the team knows later. A dropped recommendation can be added again."
        defaultValue={state.status === 'error' ? state.values?.droppedReason : undefined}
        errors={state.fieldErrors?.droppedReason}
        required
      />
      <SubmitButton className="button secondary" pendingText="Dropping…">
        Drop action<span className="visually-hidden"> {title}</span>
      </SubmitButton>
    </form>
  );
}

export function DeleteActionButton({ orgId, actionId, title }: { orgId: string; actionId: string; title: string }) {
  const [state, formAction] = useActionState(deleteActionItemAction.bind(null, orgId), idleState);
  return (
    <ConfirmDialog
      triggerLabel={
        <>
          Delete<span className="visually-hidden"> {title}</span>
        </>
      }
      title={`Delete "${title}"?`}
    >
      {(close) => (
        <form action={formAction}>
          <p>The action, its tasks and its history in the plan are removed for good. To keep a record, drop it instead.</p>
          <input type="hidden" name="actionId" value={actionId} />
          <FormMessage state={state} />
          <DialogActions close={close}>
            <SubmitButton className="button danger" pendingText="Deleting…">
              Delete for good
            </SubmitButton>
          </DialogActions>
        </form>
      )}
    </ConfirmDialog>
  );
}

export function ActionStatusForm({ orgId, actionId, status, title }: { orgId: string; actionId: string; status: string; title: string }) {
  const [state, formAction] = useActionState(updateActionStatusAction.bind(null, orgId), idleState);
  const dropped = status === 'dropped';
  return (
    <form action={formAction} className="row">
      <input type="hidden" name="actionId" value={actionId} />
      <SelectField
        name="status"
        idPrefix={`status-${actionId}`}
        label={
          <span className="small">
            {dropped ? 'Reopen as' : 'Status'}
            <span className="visually-hidden"> of {title}</span>
          </span>
        }
        defaultValue={dropped ? 'planned' : status}
      >
        {Object.entries(STATUS_LABELS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <div className="field">
        <SubmitButton className="button secondary small" pendingText="Saving…">
          {dropped ? 'Reopen' : 'Update'}
          <span className="visually-hidden"> status of {title}</span>
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
