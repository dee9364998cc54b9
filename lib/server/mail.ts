import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DbOrTx } from '@/db/client';
import { mailMessages } from '@/db/schema';
import { getEnv } from '@/lib/env';

export type MailKind = 'invitation' | 'reminder' | 'password-reset';

/** Where a secret link goes in a mail body. */
export const LINK_SLOT = '{{secret-link}}';
/** What the mail log keeps instead of a secret link. */
export const REDACTED_LINK = '[link sent by email; not stored]';

export interface OutgoingMail {
  orgId: string | null;
  kind: MailKind;
  to: string;
  subject: string;
  /** Plain text. Never answers or scores. A secret link is written as LINK_SLOT, never inline. */
  body: string;
  /**
   * A link that grants something (an invitation or password-reset token). It is put into the
   * message handed to SMTP and nowhere else: the mail log stores REDACTED_LINK in its place,
   * because anyone who can read the log could otherwise use the link.
   */
  secretLink?: string;
}

/** The body as stored in mail_messages: secret links redacted. Throws if a secret would leak. */
export function bodyForLog(mail: OutgoingMail): string {
  if (mail.secretLink === undefined) return mail.body;
  if (!mail.body.includes(LINK_SLOT)) throw new Error('sendMail: a mail with a secret link must place it with LINK_SLOT');
  const stored = mail.body.split(LINK_SLOT).join(REDACTED_LINK);
  if (stored.includes(mail.secretLink)) throw new Error('sendMail: the secret link appears in the body itself');
  return stored;
}

function bodyForDelivery(mail: OutgoingMail): string {
  return mail.secretLink === undefined ? mail.body : mail.body.split(LINK_SLOT).join(mail.secretLink);
}

let transporter: Transporter | undefined;
let transporterUrl: string | undefined;

function getTransporter(url: string): Transporter {
  if (!transporter || transporterUrl !== url) {
    transporter = nodemailer.createTransport(url);
    transporterUrl = url;
  }
  return transporter;
}

/**
 * The one mail path, used by invitations, reminders and password resets. With SMTP_URL it
 * sends through SMTP (nodemailer); without it, the message waits in the agency's outbox,
 * which admins read in the app. Either way the message is logged, so admins can see what
 * went out, with any secret link redacted (a mail whose link would be redacted is useless
 * in the outbox, so callers send those only when isSmtpConfigured()).
 * Returns true when it was handed to an SMTP server.
 */
export async function sendMail(db: DbOrTx, mail: OutgoingMail): Promise<boolean> {
  const env = getEnv();
  const storedBody = bodyForLog(mail);
  if (!env.SMTP_URL) {
    await db.insert(mailMessages).values({
      orgId: mail.orgId,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      body: storedBody,
      transport: 'outbox',
    });
    return false;
  }
  let error: string | null = null;
  try {
    await getTransporter(env.SMTP_URL).sendMail({
      from: env.SMTP_FROM,
      to: mail.to,
      subject: mail.subject,
      text: bodyForDelivery(mail),
    });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    // A server's reply could quote the message; the secret never reaches the log or the console.
    if (mail.secretLink) error = error.split(mail.secretLink).join(REDACTED_LINK);
    error = error.slice(0, 500);
    console.error('[sustain] SMTP send failed', error);
  }
  await db.insert(mailMessages).values({
    orgId: mail.orgId,
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject,
    body: storedBody,
    transport: 'smtp',
    sentAt: error ? null : new Date(),
    error,
  });
  return error === null;
}

/** True when mail leaves the server (SMTP_URL is set), rather than waiting in the outbox. */
export function isSmtpConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

export interface OutboxMessageDto {
  id: string;
  kind: string;
  to: string;
  subject: string;
  body: string;
  transport: string;
  sentAt: string | null;
  error: string | null;
  createdAt: string;
}

/** The agency's mail log, newest first (admins only; scoped by org in SQL). */
export async function listOutbox(db: DbOrTx, orgId: string, limit = 100): Promise<OutboxMessageDto[]> {
  const rows = await db
    .select()
    .from(mailMessages)
    .where(and(eq(mailMessages.orgId, orgId)))
    .orderBy(desc(mailMessages.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.toAddress,
    subject: r.subject,
    body: r.body,
    transport: r.transport,
    sentAt: r.sentAt?.toISOString() ?? null,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
  }));
}
