'use client';

import { signUpAction } from '@/lib/actions/accounts';
import { FormMessage } from './form-message';
import { TextField } from './field';
import { useAccountSubmit } from './use-account-submit';

export function SignUpForm() {
  const { state, pending, onSubmit } = useAccountSubmit(signUpAction, (orgId) => `/orgs/${orgId}/admin/teams?welcome=1`);
  const fe = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormMessage state={state} />
      <TextField name="agencyName" label="Agency name" autoComplete="organization" errors={fe.agencyName} required />
      <TextField name="name" label="Your name" autoComplete="name" errors={fe.name} required />
      <TextField name="email" label="Your work email" type="email" autoComplete="email" errors={fe.email} required />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters. A short sentence is easy to remember and hard to guess."
        errors={fe.password}
        required
      />
      <TextField
        name="confirmPassword"
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        errors={fe.confirmPassword}
        required
      />
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Creating your agency…' : 'Create agency'}
        </button>
      </div>
    </form>
  );
}
