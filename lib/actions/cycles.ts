'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { closeCycleEarly, openOneOffCycle, updateSchedule } from '@/lib/server/cycles';
import { installPack } from '@/lib/server/packs';
import type { FormState } from '@/lib/validation/form';
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

export async function installPackAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const admin = await requireOrgRole(orgId, 'admin');
  const file = formData.get('pack');
  if (!(file instanceof File) || file.size === 0) {
    return { status: 'error', message: 'Choose a pack file (.json) to upload.', fieldErrors: { pack: ['Choose a pack file (.json).'] } };
  }
  try {
    const pack = await installPack(getDb(), admin, await file.text());
    revalidatePath(`/orgs/${orgId}/admin/instruments`);
    return { status: 'success', message: `Installed "${pack.name}" version ${pack.version}. It can now be chosen as a cycle's vicarious-resilience measure.` };
  } catch (err) {
    return errorToFormState(err);
  }
}
