'use client';

import { useActionState, useState } from 'react';
import { createInvitationAction, revokeInvitationAction, setMemberActiveAction, updateMemberAction } from '@/lib/actions/admin';
import { reissueInvitationAction } from '@/lib/actions/invitations';
import { idleState } from '@/lib/validation/form';
import type { MemberDto } from '@/lib/server/members';
import type { PendingInvitationDto } from '@/lib/server/invitations';
import { SelectField, TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';
import styles from './member-forms.module.css';

type TeamOption = { id: string; name: string };

const roleNames: Record<string, string> = { admin: 'Admin', director: 'Program director', staff: 'Staff member' };

/** A one-time link, shown once: a read-only field with a copy button. */
function OneTimeLink({ id, label, link, expiresAt }: { id: string; label: string; link: string; expiresAt?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-box">
        <input id={id} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} aria-describedby={`${id}-hint`} />
        <button type="button" className="button secondary small" onClick={() => void navigator.clipboard?.writeText(link)}>
          Copy link
        </button>
      </div>
      <p className="hint" id={`${id}-hint`}>
        {expiresAt ? `Expires ${new Date(expiresAt).toLocaleDateString(undefined, { dateStyle: 'long' })}. ` : ''}It works once. It
        is not stored anywhere: copy it now. If it is lost, re-issue the invitation.
      </p>
    </div>
  );
}

export function InviteForm({ orgId, teams }: { orgId: string; teams: TeamOption[] }) {
  const [state, formAction] = useActionState(createInvitationAction.bind(null, orgId), idleState);
  const [role, setRole] = useState('staff');
  const fe = state.fieldErrors ?? {};
  const link = state.status === 'success' ? state.data?.link : undefined;
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      {link ? <OneTimeLink id="invitation-link" label="Invitation link (shown once)" link={link} expiresAt={state.data?.expiresAt} /> : null}
      <div className="row">
        <SelectField name="role" label="Role" value={role} onChange={(e) => setRole(e.target.value)} errors={fe.role}>
          <option value="staff">Staff member</option>
          <option value="director">Program director</option>
        </SelectField>
        <SelectField
          name="teamId"
          label={role === 'staff' ? 'Team' : 'Team (optional)'}
          defaultValue={state.values?.teamId ?? ''}
          errors={fe.teamId}
        >
          <option value="">{teams.length ? 'Choose a team…' : 'No teams yet: create one first'}</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <TextField
          name="email"
          label="Email (optional)"
          type="email"
          hint="If given, only this address can accept, and we email the link."
          defaultValue={state.status === 'error' ? state.values?.email : ''}
          errors={fe.email}
        />
        <TextField
          name="expiresInDays"
          label="Link valid for (days)"
          type="number"
          min={1}
          max={30}
          defaultValue={state.values?.expiresInDays ?? '14'}
          errors={fe.expiresInDays}
        />
      </div>
      <SubmitButton pendingText="Creating link…">Create invitation link</SubmitButton>
    </form>
  );
}

/**
 * The actions of one pending invitation: re-issue (a new link, shown once; the old one stops
 * working) and revoke. After a re-issue the row acts on the new invitation.
 */
export function InvitationActions({ orgId, invitation }: { orgId: string; invitation: PendingInvitationDto }) {
  const [reissueState, reissueAction] = useActionState(reissueInvitationAction.bind(null, orgId), idleState);
  const [revokeState, revokeAction] = useActionState(revokeInvitationAction.bind(null, orgId), idleState);
  const currentId = (reissueState.status === 'success' && reissueState.data?.invitationId) || invitation.id;
  const who = invitation.email ?? roleNames[invitation.role];
  const link = reissueState.status === 'success' ? reissueState.data?.link : undefined;
  return (
    <div>
      <div className="row">
        <form action={reissueAction}>
          <input type="hidden" name="invitationId" value={currentId} />
          <SubmitButton className="button secondary small" pendingText="Re-issuing…">
            Re-issue link<span className="visually-hidden"> for {who}</span>
          </SubmitButton>
        </form>
        <form action={revokeAction}>
          <input type="hidden" name="invitationId" value={currentId} />
          <SubmitButton className="button secondary small" pendingText="Revoking…">
            Revoke<span className="visually-hidden"> invitation for {who}</span>
          </SubmitButton>
        </form>
      </div>
      <FormMessage state={revokeState.status === 'success' ? idleState : reissueState} />
      <FormMessage state={revokeState} />
      {link && revokeState.status !== 'success' ? (
        <OneTimeLink id={`reissued-${invitation.id}`} label={`New link for ${who} (shown once)`} link={link} expiresAt={reissueState.data?.expiresAt} />
      ) : null}
    </div>
  );
}

export function MemberRow({ orgId, member, teams }: { orgId: string; member: MemberDto; teams: TeamOption[] }) {
  const [updateState, updateAction] = useActionState(updateMemberAction.bind(null, orgId), idleState);
  const [activeState, activeAction] = useActionState(setMemberActiveAction.bind(null, orgId), idleState);
  const prefix = `m-${member.membershipId}`;
  const teamChoices =
    member.teamId && !teams.some((t) => t.id === member.teamId)
      ? [...teams, { id: member.teamId, name: `${member.teamName ?? 'Unknown'} (archived)` }]
      : teams;
  return (
    <tr>
      <th scope="row">
        {member.name}
        {member.isYou ? <span className="muted"> (you)</span> : null}
        <div className="small muted">{member.email}</div>
      </th>
      <td colSpan={2}>
        <form action={updateAction} noValidate className={`row ${styles.memberForm}`}>
          <input type="hidden" name="membershipId" value={member.membershipId} />
          <SelectField
            name="role"
            idPrefix={prefix}
            label={
              <span className="small">
                Role<span className="visually-hidden"> of {member.name}</span>
              </span>
            }
            defaultValue={member.role}
            errors={updateState.fieldErrors?.role}
          >
            <option value="staff">Staff member</option>
            <option value="director">Program director</option>
            <option value="admin">Admin</option>
          </SelectField>
          <SelectField
            name="teamId"
            idPrefix={prefix}
            label={
              <span className="small">
                Team<span className="visually-hidden"> of {member.name}</span>
              </span>
            }
            defaultValue={member.teamId ?? ''}
            errors={updateState.fieldErrors?.teamId}
          >
            <option value="">No team</option>
            {teamChoices.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
          <div className="field">
            <SubmitButton className="button secondary small" pendingText="Saving…">
              Save<span className="visually-hidden"> changes for {member.name}</span>
            </SubmitButton>
          </div>
        </form>
        <FormMessage state={updateState} />
      </td>
      <td>{member.active ? <span className="badge low">Active</span> : <span className="badge high">Deactivated</span>}</td>
      <td>
        <form action={activeAction}>
          <input type="hidden" name="membershipId" value={member.membershipId} />
          <input type="hidden" name="intent" value={member.active ? 'deactivate' : 'reactivate'} />
          <SubmitButton className={member.active ? 'button danger small' : 'button secondary small'} pendingText="Saving…">
            {member.active ? 'Deactivate' : 'Reactivate'}
            <span className="visually-hidden"> {member.name}</span>
          </SubmitButton>
        </form>
        <FormMessage state={activeState} />
      </td>
    </tr>
  );
}
