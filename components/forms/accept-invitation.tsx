'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { acceptInvitationExistingUserAction, acceptInvitationNewUserAction } from '@/lib/actions/accounts';
import type { FormState } from '@/lib/validation/form';
import { FormMessage } from './form-message';
import { TextField } from './field';
import { OFFLINE_STATE, useAccountSubmit } from './use-account-submit';

export function AcceptAsNewUserForm({ token, email }: { token: string; email: string | null }) {
  const { state, pending, onSubmit } = useAccountSubmit(
    (form) => acceptInvitationNewUserAction(token, form),
    (orgId) => `/orgs/${orgId}`,
  );
  const fe = state.fieldErrors ?? {};
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormMessage state={state} />
      <TextField name="name" label="Your name" autoComplete="name" errors={fe.name} required />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={email ?? undefined}
        readOnly={email !== null}
        hint={email ? 'This invitation was sent to this address.' : undefined}
        errors={fe.email}
        required
      />
      <TextField
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        errors={fe.password}
        required
      />
      <TextField name="confirmPassword" label="Confirm password" type="password" autoComplete="new-password" errors={fe.confirmPassword} required />
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Joining…' : 'Create account and join'}
        </button>
      </div>
    </form>
  );
}

export function AcceptAsExistingUserButton({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  const [state, setState] = useState<FormState>({ status: 'idle' });
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    const result = await acceptInvitationExistingUserAction(token).catch(() => OFFLINE_STATE);
    if (result.status === 'success' && result.data?.orgId) {
      router.replace(`/orgs/${result.data.orgId}`);
      router.refresh();
      return;
    }
    setState(result);
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit}>
      <FormMessage state={state} />
      <button type="submit" className="button" disabled={pending}>
        {pending ? 'Joining…' : `Join ${orgName}`}
      </button>
    </form>
  );
}
