'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

/** Disabled while its form is submitting, so a double click cannot send twice. */
export function SubmitButton({
  children,
  pendingText,
  className = 'button',
  name,
  value,
}: {
  children: ReactNode;
  pendingText?: string;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending} name={name} value={value}>
      {pending ? (pendingText ?? 'Saving…') : children}
    </button>
  );
}
