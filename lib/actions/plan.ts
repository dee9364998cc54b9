'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import {
  createActionItem,
  deleteActionItem,
  dropActionItem,
  toggleActionTask,
  updateActionItem,
  updateActionStatus,
} from '@/lib/server/actions-plan';
import type { FormState } from '@/lib/validation/form';
import {
  actionIdSchema,
  actionItemSchema,
  dropActionItemSchema,
  toggleTaskSchema,
  updateActionItemSchema,
  updateActionStatusSchema,
} from '@/lib/validation/actions';
import { runOrgAction } from './run';

/** Directors and admins keep the action plan; every action authorizes itself. */
export async function createActionItemAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', actionItemSchema, formData, async (data, member) => {
    await createActionItem(getDb(), member, data);
    return { status: 'success', message: `Added "${data.title}" to the action plan.` };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

export async function updateActionItemAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', updateActionItemSchema, formData, async (data, member) => {
    await updateActionItem(getDb(), member, data);
    return { status: 'success', message: 'Action saved.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

export async function dropActionItemAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', dropActionItemSchema, formData, async ({ actionId, droppedReason }, member) => {
    await dropActionItem(getDb(), member, actionId, droppedReason);
    return { status: 'success', message: 'Action dropped.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

export async function deleteActionItemAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', actionIdSchema, formData, async ({ actionId }, member) => {
    await deleteActionItem(getDb(), member, actionId);
    return { status: 'success', message: 'Action deleted.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

export async function updateActionStatusAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', updateActionStatusSchema, formData, async ({ actionId, status }, member) => {
    await updateActionStatus(getDb(), member, actionId, status);
    return { status: 'success', message: 'Status updated.' };
  });
  revalidatePath(`/orgs/${orgId}`, 'layout');
  return state;
}

export async function toggleTaskAction(orgId: string, _prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runOrgAction(orgId, 'director', toggleTaskSchema, formData, async ({ actionId, taskIndex }, member) => {
    await toggleActionTask(getDb(), member, actionId, taskIndex);
    return { status: 'success', message: 'Task updated.' };
  });
  revalidatePath(`/orgs/${orgId}/actions`);
  return state;
}
