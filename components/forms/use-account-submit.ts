'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { FormState } from '@/lib/validation/form';

export const OFFLINE_STATE: FormState = { status: 'error', message: 'We could not reach the server. Check your connection and try again.' };

/**
 * Submit for forms that create an account (sign-up, accepting an invitation): run the
 * server action, then sign in through next-auth (with its CSRF token) using the
 * credentials the browser still holds, then go to `destination(orgId)`.
 */
export function useAccountSubmit(action: (formData: FormData) => Promise<FormState>, destination: (orgId: string) => string) {
  const router = useRouter();
  const [state, setState] = useState<FormState>({ status: 'idle' });
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await action(form).catch(() => OFFLINE_STATE);
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
    router.replace(res?.ok ? destination(result.data.orgId) : '/login');
    router.refresh();
  }

  return { state, pending, onSubmit };
}
