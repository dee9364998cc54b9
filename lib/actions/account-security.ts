'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { getDb } from '@/db/client';
import { changePasswordSchema, forgotPasswordSchema, resetPasswordSchema } from '@/lib/auth/account-schemas';
import { clientAddress } from '@/lib/auth/client-address';
import { requireUser } from '@/lib/auth/require';
import {
  PASSWORD_RESET_REQUESTED_MESSAGE,
  changePassword,
  requestPasswordReset,
  resetPasswordWithToken,
  signOutEverywhere,
} from '@/lib/server/accounts';
import { echoValues, parseFormData, type FormState } from '@/lib/validation/form';
import { errorToFormState } from './run';

/*
 * Account security: forgot password, reset from a link, change password, sign out everywhere.
 * Shape: parse (zod) → authorize where there is a session to authorize → write → redirect
 * (outside the try). The sign-in page shows a fixed sentence for each `notice`.
 */

async function requestAddress(): Promise<string> {
  return clientAddress({ headers: await headers() });
}

function sendAfterResponse(deliver: () => Promise<void>): void {
  const run = () => deliver().catch((err: unknown) => console.error('[sustain] password-reset mail failed', err));
  try {
    after(run);
  } catch {
    // Never let the answer differ for a real account: without after(), send in the background.
    void run();
  }
}

/** "Forgot password": the same answer whether or not the account exists (see requestPasswordReset). */
export async function requestPasswordResetAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseFormData(forgotPasswordSchema, formData);
  if (!parsed.success) return { ...parsed.state, values: echoValues(formData) };
  try {
    const { deliver } = await requestPasswordReset(getDb(), parsed.data.email, await requestAddress());
    // The mail goes out after the response, so its SMTP round trip does not reveal the account.
    if (deliver) sendAfterResponse(deliver);
  } catch (err) {
    return errorToFormState(err, formData);
  }
  return { status: 'success', message: PASSWORD_RESET_REQUESTED_MESSAGE };
}

/** A new password from a reset link. Every session ends; the person signs in with the new password. */
export async function resetPasswordAction(token: string, _prev: FormState, formData: FormData): Promise<FormState> {
  // A bound token arrives from the client as-is: anything but a short string is refused, never coerced.
  if (typeof token !== 'string' || token.length === 0 || token.length > 512) return { status: 'error', message: 'This link is not valid. Ask for a new one.' };
  const parsed = parseFormData(resetPasswordSchema, formData);
  if (!parsed.success) return parsed.state;
  try {
    await resetPasswordWithToken(getDb(), token, parsed.data.password);
  } catch (err) {
    return errorToFormState(err);
  }
  redirect('/login?notice=password-reset');
}

/** A signed-in person changes their password (the current one is required). */
export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const userId = await requireUser('/account');
  const parsed = parseFormData(changePasswordSchema, formData);
  if (!parsed.success) return parsed.state;
  try {
    await changePassword(getDb(), userId, parsed.data, await requestAddress());
  } catch (err) {
    return errorToFormState(err);
  }
  redirect('/login?notice=password-changed');
}

/** Ends every session of the signed-in person, on every device, this one included. */
export async function signOutEverywhereAction(_prev: FormState, _formData: FormData): Promise<FormState> {
  const userId = await requireUser('/account');
  try {
    await signOutEverywhere(getDb(), userId);
  } catch (err) {
    return errorToFormState(err);
  }
  redirect('/login?notice=signed-out-everywhere');
}
