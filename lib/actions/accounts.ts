'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { clientAddress } from '@/lib/auth/client-address';
import { SIGNUP_RATE_LIMIT_MESSAGE, checkAndCountSignup } from '@/lib/auth/rate-limit';
import { getSessionUserId } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { createAgencyWithAdmin } from '@/lib/server/accounts';
import { acceptInvitationAsExistingUser, acceptInvitationAsNewUser } from '@/lib/server/invitations';
import { echoValues, parseFormData, type FormState } from '@/lib/validation/form';
import { acceptInvitationNewUserSchema, signUpSchema } from '@/lib/validation/identity';
import { errorToFormState } from './run';

/**
 * Sign-up: creates the agency and its admin. The browser then signs in through
 * next-auth (with its CSRF token) using the credentials it still holds.
 */
async function isSignupAllowed(): Promise<boolean> {
  return checkAndCountSignup(getDb(), clientAddress({ headers: await headers() }));
}

export async function signUpAction(formData: FormData): Promise<FormState> {
  const parsed = parseFormData(signUpSchema, formData);
  if (!parsed.success) return { ...parsed.state, values: echoValues(formData) };
  if (!(await isSignupAllowed())) return { status: 'error', message: SIGNUP_RATE_LIMIT_MESSAGE, values: echoValues(formData) };
  try {
    const { orgId } = await createAgencyWithAdmin(getDb(), parsed.data);
    return { status: 'success', data: { orgId } };
  } catch (err) {
    return errorToFormState(err, formData);
  }
}

const INVALID_LINK_MESSAGE = 'This link is not valid. Ask for a new one.';

/** A bound token arrives from the client as-is: anything but a short string is refused, never coerced. */
function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= 512;
}

export async function acceptInvitationNewUserAction(token: string, formData: FormData): Promise<FormState> {
  if (!isTokenShaped(token)) return { status: 'error', message: INVALID_LINK_MESSAGE };
  const parsed = parseFormData(acceptInvitationNewUserSchema, formData);
  if (!parsed.success) return { ...parsed.state, values: echoValues(formData) };
  if (!(await isSignupAllowed())) return { status: 'error', message: SIGNUP_RATE_LIMIT_MESSAGE, values: echoValues(formData) };
  try {
    const { orgId } = await acceptInvitationAsNewUser(getDb(), token, parsed.data);
    return { status: 'success', data: { orgId } };
  } catch (err) {
    return errorToFormState(err, formData);
  }
}

export async function acceptInvitationExistingUserAction(token: string): Promise<FormState> {
  if (!isTokenShaped(token)) return { status: 'error', message: INVALID_LINK_MESSAGE };
  const userId = await getSessionUserId();
  if (!userId) return { status: 'error', message: 'Sign in first, then open the invitation link again.' };
  try {
    const { orgId } = await acceptInvitationAsExistingUser(getDb(), token, userId);
    return { status: 'success', data: { orgId } };
  } catch (err) {
    if (err instanceof AppError) return { status: 'error', message: err.message };
    return errorToFormState(err);
  }
}
