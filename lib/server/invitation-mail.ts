import 'server-only';
import type { Db } from '@/db/client';
import type { OrgMember } from '@/lib/auth/authorize';

/**
 * Invitation emails go through the same mail path as reminders (SMTP or the admin's outbox).
 * Until the mail module is registered, no email is sent and the admin copies the link.
 */
export async function sendInvitationEmail(
  _db: Db,
  _admin: OrgMember,
  _email: string,
  _link: string,
  _expiresAt: Date,
): Promise<boolean> {
  return false;
}
