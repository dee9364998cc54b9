import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DbOrTx } from '@/db/client';
import { mailMessages } from '@/db/schema';
import { getEnv } from '@/lib/env';

export type MailKind = 'invitation' | 'reminder';

export interface OutgoingMail {
  orgId: string | null;
  kind: MailKind;
  to: string;
  subject: string;
  /** Plain text. Never answers or scores. */
  body: string;
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
 * The one mail path, used by invitations and reminders. With SMTP_URL it sends through
 * SMTP (nodemailer); without it, the message waits in the agency's outbox, which admins
 * read in the app. Either way the message is logged, so admins can see what went out.
 * Returns true when it was handed to an SMTP server.
 */
export async function sendMail(db: DbOrTx, mail: OutgoingMail): Promise<boolean> {
  const env = getEnv();
  if (!env.SMTP_URL) {
    await db.insert(mailMessages).values({
      orgId: mail.orgId,
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      body: mail.body,
      transport: 'outbox',
    });
    return false;
  }
  let error: string | null = null;
  try {
    await getTransporter(env.SMTP_URL).sendMail({ from: env.SMTP_FROM, to: mail.to, subject: mail.subject, text: mail.body });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    console.error('[sustain] SMTP send failed', error);
  }
  await db.insert(mailMessages).values({
    orgId: mail.orgId,
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject,
    body: mail.body,
    transport: 'smtp',
    sentAt: error ? null : new Date(),
    error,
  });
  return error === null;
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
