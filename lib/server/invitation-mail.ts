import 'server-only';
import type { Db } from '@/db/client';
import type { OrgMember } from '@/lib/auth/authorize';
import { roleLabels } from '@/lib/auth/roles';
import { sendMail } from './mail';

/** Emails an invitation link through the common mail path (SMTP, or the admin's outbox). */
export async function sendInvitationEmail(
  db: Db,
  admin: OrgMember,
  email: string,
  link: string,
  expiresAt: Date,
  role: 'director' | 'staff',
): Promise<boolean> {
  const expires = expiresAt.toLocaleDateString('en', { dateStyle: 'long', timeZone: 'UTC' });
  return sendMail(db, {
    orgId: admin.orgId,
    kind: 'invitation',
    to: email,
    subject: `You're invited to ${admin.orgName} on Sustain`,
    body: [
      `Hello,`,
      ``,
      `${admin.orgName} invites you to join Sustain as a ${roleLabels[role].toLowerCase()}.`,
      `Sustain offers short, confidential wellbeing check-ins. Your answers are seen by you alone; your agency sees only anonymized totals for groups.`,
      ``,
      `Accept the invitation (the link works once, until ${expires}):`,
      link,
      ``,
      `If you did not expect this, you can ignore this email.`,
    ].join('\n'),
  });
}
