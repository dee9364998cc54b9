'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { signUpAction } from '@/lib/actions/accounts';
import type { FormState } from '@/lib/validation/form';
import { FormMessage } from './form-message';
import { TextField } from './field';

export function SignUpForm() {
  const router = useRouter();
  const [state, setState] = useState<FormState>({ status: 'idle' });
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await signUpAction(form).catch(() => ({
      status: 'error' as const,
      message: 'We could not reach the server. Check your connection and try again.',
    }));
    if (result.status !== 'success' || !result.data?.orgId) {
      setState(result);
      setPending(false);
      return;
    }
    const res = await signIn('credentials', {
      email: String(form.get('email')),
      password: String(form.get('password')),
      redirect: false,
    });
    if (!res?.ok) {
      router.push('/login');
      return;
    }
    router.replace(`/orgs/${result.data.orgId}/admin/teams?welcome=1`);
    router.refresh();
  }

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
