'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { closeCycleEarly, openOneOffCycle, updateSchedule } from '@/lib/server/cycles';
import { remindNow } from '@/lib/jobs/reminders';
import { MAX_PACK_BYTES, installPack } from '@/lib/server/packs';
import { UNREADABLE_FORM_STATE, isFormData, type FormState } from '@/lib/validation/form';
import { cycleIdSchema, openCycleSchema, scheduleSchema } from '@/lib/validation/cycles';
import { errorToFormState, runOrgAction } from './run';

export async function updateScheduleAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'admin', scheduleSchema, formData, async (data, admin) => {
    await updateSchedule(getDb(), admin, data);
    return { status: 'success', message: data.enabled ? 'Schedule saved. Cycles will open automatically.' : 'Schedule saved (automatic cycles are off).' };
  });
  revalidatePath(`/orgs/${orgId}/cycles`);
  return state;
}

/** Program directors and admins run cycles: open a one-off cycle. */
export async function openCycleAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', openCycleSchema, formData, async (data, member) => {
    await openOneOffCycle(getDb(), member, data);
    return { status: 'success', message: `Check-in cycle opened for ${data.durationDays} days.` };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

/** Closing publishes the cycle's aggregates, once. */
export async function closeCycleAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', cycleIdSchema, formData, async ({ cycleId }, member) => {
    await closeCycleEarly(getDb(), member, cycleId);
    return { status: 'success', message: 'Cycle closed. Its results are published on the dashboard.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

/**
 * "Remind now" on an open cycle (issue 14): queues one reminder for each staff member who has
 * not checked in and has not been reminded for this cycle yet. Counts only, never names.
 */
export async function remindNowAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', cycleIdSchema, formData, async ({ cycleId }, member) => {
    const { queued, alreadyReminded } = await remindNow(getDb(), member, cycleId);
    const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
    const already = alreadyReminded ? ` ${people(alreadyReminded)} who have not checked in were already reminded for this cycle.` : '';
    if (queued === 0)
      return {
        status: 'success',
        message: alreadyReminded ? `No new reminders: everyone who has not checked in was already reminded for this cycle (${people(alreadyReminded)}).` : 'No reminders needed: everyone has checked in.',
      };
    return { status: 'success', message: `Reminders queued for ${people(queued)}.${already} Each person gets one reminder per cycle.` };
  });
  revalidatePath(`/orgs/${orgId}/cycles`);
  return state;
}

export async function installPackAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireOrgRole(orgId, 'admin');
  if (!isFormData(formData)) return UNREADABLE_FORM_STATE;
  // The form has one field, the file; anything else was not sent by it (issue 12).
  const extra = [...formData.keys()].filter((k) => k !== 'pack' && !k.startsWith('$ACTION'));
  if (extra.length) return { status: 'error', message: 'The form sent fields this page does not use, so nothing was installed. Reload the page and try again.' };
  const files = formData.getAll('pack');
  const file = files[0];
  if (files.length !== 1 || !(file instanceof File) || file.size === 0) {
    return { status: 'error', message: 'Choose a pack file (.json) to upload.', fieldErrors: { pack: ['Choose a pack file (.json).'] } };
  }
  if (file.size > MAX_PACK_BYTES) {
    return { status: 'error', message: 'The pack file is larger than 512 KB.', fieldErrors: { pack: ['The pack file is larger than 512 KB.'] } };
  }
  try {
    const pack = await installPack(getDb(), admin, await file.text());
    revalidatePath(`/orgs/${orgId}/admin/instruments`);
    return { status: 'success', message: `Installed "${pack.name}" version ${pack.version}. It can now be chosen as a cycle's vicarious-resilience measure.` };
  } catch (err) {
    return errorToFormState(err);
  }
}
