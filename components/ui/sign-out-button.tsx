'use client';

import { signOut } from 'next-auth/react';
import { clearCheckInDrafts } from './clear-drafts';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => {
        clearCheckInDrafts();
        // No redirect from next-auth: its URL is built from NEXTAUTH_URL, so signing out from
        // 127.0.0.1 landed on localhost (issue 14). A relative path keeps the host that was used,
        // and cannot lead off-site.
        void signOut({ redirect: false }).then(() => window.location.assign('/login'));
      }}
    >
      Sign out
    </button>
  );
}
