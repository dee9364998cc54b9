'use client';

import { useActionState } from 'react';
import { archiveTeamAction, createTeamAction, renameTeamAction } from '@/lib/actions/admin';
import { idleState } from '@/lib/validation/form';
import type { TeamDto } from '@/lib/server/teams';
import { TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';

export function CreateTeamForm({ orgId }: { orgId: string }) {
  const [state, formAction] = useActionState(createTeamAction.bind(null, orgId), idleState);
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <div className="row">
        <TextField
          name="name"
          label="New team name"
          hint="For example: Shelter, Case management, Legal advocacy."
          errors={state.fieldErrors?.name}
          defaultValue={state.status === 'error' ? state.values?.name : ''}
          key={state.status === 'success' ? state.message : 'form'}
          required
        />
        <div className="field">
          <SubmitButton pendingText="Creating…">Create team</SubmitButton>
        </div>
      </div>
    </form>
  );
}

export function TeamRow({ orgId, team, k }: { orgId: string; team: TeamDto; k: number }) {
  const [renameState, renameAction] = useActionState(renameTeamAction.bind(null, orgId), idleState);
  const [archiveState, archiveAction] = useActionState(archiveTeamAction.bind(null, orgId), idleState);
  return (
    <tr>
      <td>
        <form action={renameAction} noValidate className="row">
          <input type="hidden" name="teamId" value={team.id} />
          <TextField
            name="name"
            idPrefix={`team-${team.id}`}
            label={<span className="visually-hidden">Name of team {team.name}</span>}
            defaultValue={renameState.values?.name ?? team.name}
            errors={renameState.fieldErrors?.name}
            disabled={team.archived}
          />
          {!team.archived ? (
            <div className="field">
              <SubmitButton className="button secondary small" pendingText="Saving…">
                Rename<span className="visually-hidden"> {team.name}</span>
              </SubmitButton>
            </div>
          ) : null}
        </form>
        <FormMessage state={renameState} />
      </td>
      <td className="num">
        {team.memberCount}
        {!team.archived && team.reportableCount < k ? (
          <p className="small field-error" id={`team-${team.id}-below-k`}>
            Below {k}: {team.reportableCount} staff can be counted, so this team&apos;s results will never be shown (its check-ins
            still count for the agency).
          </p>
        ) : null}
      </td>
      <td>{team.archived ? <span className="badge">Archived</span> : <span className="badge low">Active</span>}</td>
      <td>
        <form action={archiveAction}>
          <input type="hidden" name="teamId" value={team.id} />
          <input type="hidden" name="intent" value={team.archived ? 'restore' : 'archive'} />
          <SubmitButton className="button secondary small" pendingText="Saving…">
            {team.archived ? 'Restore' : 'Archive'}
            <span className="visually-hidden"> {team.name}</span>
          </SubmitButton>
        </form>
        <FormMessage state={archiveState} />
      </td>
    </tr>
  );
}
