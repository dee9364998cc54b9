'use client';

import { useActionState } from 'react';
import {
  changePasswordAction,
  requestPasswordResetAction,
  resetPasswordAction,
  signOutEverywhereAction,
} from '@/lib/actions/account-security';
import { idleState } from '@/lib/validation/form';
import { clearCheckInDrafts } from '@/components/ui/clear-drafts';
import { TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';

// lib/auth/password.ts (MIN_PASSWORD_LENGTH) is server-only (argon2); the sign-up form says the same.
const NEW_PASSWORD_HINT = 'At least 12 characters. A short sentence is easy to remember and hard to guess.';

/** "Forgot password": one email field. The answer is the same for every address. */
export function ForgotPasswordForm() {
  const [state, formAction] = useActionState(requestPasswordResetAction, idleState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate aria-describedby="forgot-message">
      <FormMessage state={state} id="forgot-message" />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={state.status === 'error' ? state.values?.email : ''}
        errors={fe.email}
        required
      />
      <div className="actions">
        <SubmitButton pendingText="Sending…">Send reset link</SubmitButton>
      </div>
    </form>
  );
}

/** A new password from a reset link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(resetPasswordAction.bind(null, token), idleState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        errors={fe.password}
        required
      />
      <TextField
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        errors={fe.confirmPassword}
        required
      />
      <div className="actions">
        <SubmitButton pendingText="Saving…">Set new password</SubmitButton>
      </div>
    </form>
  );
}

/** Change password while signed in: the current password is required. */
export function ChangePasswordForm() {
  const [state, formAction] = useActionState(changePasswordAction, idleState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <TextField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        errors={fe.currentPassword}
        required
      />
      <TextField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={NEW_PASSWORD_HINT}
        errors={fe.newPassword}
        required
      />
      <TextField
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        errors={fe.confirmPassword}
        required
      />
      <div className="actions">
        <SubmitButton pendingText="Changing…">Change password</SubmitButton>
      </div>
    </form>
  );
}

/** Ends every session of this person, on every device, this one included. */
export function SignOutEverywhereForm() {
  const [state, formAction] = useActionState(signOutEverywhereAction, idleState);
  return (
    <form action={formAction} onSubmit={() => clearCheckInDrafts()}>
      <FormMessage state={state} />
      <SubmitButton className="button danger" pendingText="Signing out…">
        Sign out everywhere
      </SubmitButton>
    </form>
  );
}
