import 'server-only';
import type { Db } from '@/db/client';
import type { OrgMember } from '@/lib/auth/authorize';
import { roleLabels } from '@/lib/auth/roles';
import { LINK_SLOT, isSmtpConfigured, sendMail } from './mail';

/**
 * Emails an invitation link through the common mail path. The link is a credential (whoever
 * holds it can join), so it goes into the SMTP message only: the mail log keeps the text
 * with the link redacted. Without a mail server nothing can be emailed, so the outbox gets a
 * note that the invitation exists, without the link; the admin copies the link once from the
 * Members page (and can re-issue it there). Returns true when the mail was handed to SMTP.
 */
export async function sendInvitationEmail(
  db: Db,
  admin: OrgMember,
  email: string,
  link: string,
  expiresAt: Date,
  role: 'director' | 'staff',
): Promise<boolean> {
  const expires = expiresAt.toLocaleDateString('en', { dateStyle: 'long', timeZone: 'UTC' });
  const roleName = roleLabels[role].toLowerCase();
  if (!isSmtpConfigured()) {
    await sendMail(db, {
      orgId: admin.orgId,
      kind: 'invitation',
      to: email,
      subject: `Invitation for ${email} (not emailed: no mail server)`,
      body: [
        `An invitation to join ${admin.orgName} as a ${roleName} was created for ${email} (valid until ${expires}).`,
        ``,
        `No mail server is configured, so it was not emailed. The admin who created it copied the link from the Members page, where it is shown once; links are never stored.`,
        `To send a new link, re-issue the invitation on the Members page.`,
      ].join('\n'),
    });
    return false;
  }
  return sendMail(db, {
    orgId: admin.orgId,
    kind: 'invitation',
    to: email,
    subject: `You're invited to ${admin.orgName} on Sustain`,
    body: [
      `Hello,`,
      ``,
      `${admin.orgName} invites you to join Sustain as a ${roleName}.`,
      `Sustain offers short, confidential wellbeing check-ins. Your answers are seen by you alone; your agency sees only anonymized totals for groups.`,
      ``,
      `Accept the invitation (the link works once, until ${expires}):`,
      LINK_SLOT,
      ``,
      `If you did not expect this, you can ignore this email.`,
    ].join('\n'),
    secretLink: link,
  });
}
