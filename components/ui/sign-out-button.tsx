'use client';

import { signOut } from 'next-auth/react';

/** Check-in drafts live in this browser until submitted; signing out removes them (shared computers). */
function clearCheckInDrafts() {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key?.startsWith('sustain:checkin:')) localStorage.removeItem(key);
    }
  } catch {
    // Storage unavailable: nothing stored, nothing to clear.
  }
}

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
