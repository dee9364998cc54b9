'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { getEnv } from '@/lib/env';
import { sendInvitationEmail } from '@/lib/server/invitation-mail';
import { createInvitation, revokeInvitation } from '@/lib/server/invitations';
import { setMemberActive, updateMember } from '@/lib/server/members';
import { updateOrgSettings } from '@/lib/server/organizations';
import { removePack, setPackDisabled } from '@/lib/server/packs';
import { createTeam, renameTeam, setTeamArchived } from '@/lib/server/teams';
import type { FormState } from '@/lib/validation/form';
import {
  createInvitationSchema,
  createTeamSchema,
  invitationIdSchema,
  membershipIdSchema,
  orgSettingsSchema,
  renameTeamSchema,
  teamIdSchema,
  updateMemberSchema,
} from '@/lib/validation/identity';
import { packIdSchema, setPackDisabledSchema } from '@/lib/validation/packs';
import { runOrgAction } from './run';

/* Every action here is admin-only and authorizes itself through runOrgAction. */

export async function updateSettingsAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', orgSettingsSchema, formData, async (data, admin) => {
    await updateOrgSettings(getDb(), admin, data);
    return { status: 'success', message: 'Settings saved.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

export async function createTeamAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', createTeamSchema, formData, async ({ name }, admin) => {
    await createTeam(getDb(), admin, name);
    return { status: 'success', message: `Team "${name}" created.` };
  });
  revalidatePath(`/orgs/${orgId}/admin/teams`);
  return state;
}

export async function renameTeamAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', renameTeamSchema, formData, async ({ teamId, name }, admin) => {
    await renameTeam(getDb(), admin, teamId, name);
    return { status: 'success', message: `Team renamed to "${name}".` };
  });
  revalidatePath(`/orgs/${orgId}/admin/teams`);
  return state;
}

export async function archiveTeamAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', teamIdSchema, formData, async ({ teamId, intent }, admin) => {
    const archive = intent !== 'restore';
    await setTeamArchived(getDb(), admin, teamId, archive);
    return { status: 'success', message: archive ? 'Team archived. Its history is kept.' : 'Team restored.' };
  });
  revalidatePath(`/orgs/${orgId}/admin/teams`);
  return state;
}

export async function createInvitationAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', createInvitationSchema, formData, async (data, admin) => {
    const { token, expiresAt } = await createInvitation(getDb(), admin, data);
    const link = `${getEnv().appUrl}/invite/${token}`;
    const mailed = data.email ? await sendInvitationEmail(getDb(), admin, data.email, link, expiresAt, data.role) : false;
    return {
      status: 'success',
      message: mailed
        ? `Invitation emailed to ${data.email}. You can also copy the link below; it is shown only once.`
        : data.email
          ? `Invitation created for ${data.email}, but no mail server is configured, so it was not emailed. Copy the link below and send it yourself; it is shown only once (you can re-issue it later).`
          : 'Invitation created. Copy the link below and send it to the person; it is shown only once.',
      data: { link, expiresAt: expiresAt.toISOString() },
    };
  });
  revalidatePath(`/orgs/${orgId}/admin/members`);
  return state;
}

export async function revokeInvitationAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', invitationIdSchema, formData, async ({ invitationId }, admin) => {
    await revokeInvitation(getDb(), admin, invitationId);
    return { status: 'success', message: 'Invitation revoked. The link no longer works.' };
  });
  revalidatePath(`/orgs/${orgId}/admin/members`);
  return state;
}

export async function updateMemberAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', updateMemberSchema, formData, async (data, admin) => {
    await updateMember(getDb(), admin, data);
    return { status: 'success', message: 'Member updated.' };
  });
  revalidatePath(`/orgs/${orgId}/admin/members`);
  return state;
}

export async function setMemberActiveAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', membershipIdSchema, formData, async ({ membershipId, intent }, admin) => {
    const active = intent === 'reactivate';
    await setMemberActive(getDb(), admin, membershipId, active);
    return { status: 'success', message: active ? 'Member reactivated.' : 'Member deactivated. Their access ended immediately.' };
  });
  revalidatePath(`/orgs/${orgId}/admin/members`);
  return state;
}

/** Disabled packs cannot be chosen for new cycles; cycles that used them keep them. */
export async function setPackDisabledAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', setPackDisabledSchema, formData, async ({ packId, intent }, admin) => {
    await setPackDisabled(getDb(), admin, packId, intent === 'disable');
    return { status: 'success', message: intent === 'disable' ? 'Pack disabled: new cycles cannot use it.' : 'Pack enabled.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

/** Only a pack no cycle used can be removed. */
export async function removePackAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', packIdSchema, formData, async ({ packId }, admin) => {
    await removePack(getDb(), admin, packId);
    return { status: 'success', message: 'Pack removed.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}
