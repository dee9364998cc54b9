'use client';

import { signOut } from 'next-auth/react';
import { clearCheckInDrafts } from './clear-drafts';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => {
        clearCheckInDrafts();
        void signOut({ callbackUrl: '/login' });
      }}
    >
      Sign out
    </button>
  );
}
