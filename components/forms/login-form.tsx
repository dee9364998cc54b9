'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { TextField } from './field';

/** Email + password sign-in through next-auth (CSRF token included by signIn). */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setError('Enter your email and password.');
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const res = await signIn('credentials', { email, password, redirect: false, callbackUrl });
      if (!res || res.error || !res.ok) {
        setError(
          res?.status === 429
            ? 'Too many failed sign-in attempts. For your security, sign-in is paused for 15 minutes. Try again later or ask your admin to help.'
            : res?.error && res.error !== 'CredentialsSignin'
              ? res.error
              : "That email and password don't match an account. Check both and try again.",
        );
        setPending(false);
        return;
      }
      // Checked again here: the page already did, but this is the line that navigates.
      router.replace(safeCallbackPath(callbackUrl, window.location.origin));
      router.refresh();
    } catch {
      setError('We could not reach the server. Check your connection and try again.');
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby="login-error">
      <div id="login-error" aria-live="assertive">
        {error ? <p className="alert error">{error}</p> : null}
      </div>
      <TextField name="email" label="Email" type="email" autoComplete="email" required />
      <TextField name="password" label="Password" type="password" autoComplete="current-password" required />
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
