'use client';

import { useEffect } from 'react';
import { DRAFT_KEY_PREFIX } from '@/lib/checkin/types';

/** Removes every check-in draft kept in this browser (shared computers). */
export function clearCheckInDrafts(): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key?.startsWith(DRAFT_KEY_PREFIX)) localStorage.removeItem(key);
    }
  } catch {
    // Storage unavailable: nothing stored, nothing to clear.
  }
}

/** Rendered on the sign-in page: whoever signs in next starts without anyone's draft. */
export function ClearCheckInDrafts() {
  useEffect(() => clearCheckInDrafts(), []);
  return null;
}
