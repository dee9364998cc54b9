'use server';

import { getDb } from '@/db/client';
import { getEnv } from '@/lib/env';
import { sendInvitationEmail } from '@/lib/server/invitation-mail';
import { reissueInvitation } from '@/lib/server/invitations';
import type { FormState } from '@/lib/validation/form';
import { invitationIdSchema } from '@/lib/validation/identity';
import { runOrgAction } from './run';

/**
 * Re-issues a pending invitation (admins only; runOrgAction authorizes): the old link stops
 * working and a new one is shown once, and emailed when the invitation has an address and a
 * mail server is configured. Links are never stored, so this is how an admin gets one again.
 */
export async function reissueInvitationAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', invitationIdSchema, formData, async ({ invitationId }, admin) => {
    const db = getDb();
    const issued = await reissueInvitation(db, admin, invitationId);
    const link = `${getEnv().appUrl}/invite/${issued.token}`;
    const mailed = issued.email ? await sendInvitationEmail(db, admin, issued.email, link, issued.expiresAt, issued.role) : false;
    return {
      status: 'success',
      message: mailed
        ? `New link emailed to ${issued.email}; the old link no longer works. You can also copy it below; it is shown only once.`
        : 'New link created; the old link no longer works. Copy it below and send it to the person; it is shown only once.',
      data: { link, expiresAt: issued.expiresAt.toISOString(), invitationId: issued.invitationId },
    };
  });
  // No revalidatePath: re-rendering the list would replace this row (its invitation id
  // changed) and with it the link, which is shown only here and only once. The row carries
  // the new id from `data.invitationId`; the list catches up on the next visit.
  return state;
}
