'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { checkInPayloadSchema, type SubmitCheckInResult } from '@/lib/checkin/types';
import { eraseMyData, submitCheckIn } from '@/lib/server/checkins';
import { parseFormData, type FormState } from '@/lib/validation/form';
import { describeJsonShapeProblem, findJsonShapeProblem } from '@/lib/validation/json';
import { errorToFormState } from './run';
import { isUuid } from '@/lib/auth/authorize';

/** Submits the caller's own check-in. Any active member may check in for their agency. */
export async function submitCheckInAction(orgId: string, cycleId: string, payload: unknown): Promise<SubmitCheckInResult> {
  const member = await requireOrgRole(orgId, 'staff');
  if (!isUuid(cycleId)) return { status: 'error', message: 'That check-in does not exist.' };
  const shape = findJsonShapeProblem(payload);
  if (shape) return { status: 'error', message: `Some answers could not be read (${describeJsonShapeProblem(shape)}). Please review and try again.` };
  const parsed = checkInPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      status: 'error',
      message: `Some answers could not be read${first ? ` (${first.path.join('.')}: ${first.message})` : ''}. Please review and try again.`,
    };
  }
  try {
    await submitCheckIn(getDb(), member, cycleId, parsed.data);
  } catch (err) {
    const state = errorToFormState(err);
    return { status: 'error', message: state.message ?? 'Your check-in could not be saved.', fieldErrors: state.fieldErrors };
  }
  revalidatePath(`/orgs/${orgId}/me`, 'layout');
  return { status: 'success', resultsUrl: `/orgs/${orgId}/me/cycles/${cycleId}?submitted=1` };
}

/** The erase form: one field, where the person types DELETE. */
const eraseSchema = z.strictObject({ confirm: z.string().max(100).optional() });

export async function eraseMyDataAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const member = await requireOrgRole(orgId, 'staff');
  const parsed = parseFormData(eraseSchema, formData);
  if (!parsed.success) return parsed.state;
  if ((parsed.data.confirm ?? '').trim().toUpperCase() !== 'DELETE') {
    return {
      status: 'error',
      message: 'Type DELETE to confirm. Nothing was deleted.',
      fieldErrors: { confirm: ['Type DELETE (in capitals) to confirm.'] },
    };
  }
  try {
    const result = await eraseMyData(getDb(), member);
    revalidatePath(`/orgs/${orgId}/me`, 'layout');
    return {
      status: 'success',
      message: `Deleted ${result.responses} check-in${result.responses === 1 ? '' : 's'}${result.profile ? ' and your profile' : ''}. Your record of having taken part remains, without any answers.`,
    };
  } catch (err) {
    return errorToFormState(err, formData);
  }
}
