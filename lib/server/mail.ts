import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DbOrTx } from '@/db/client';
import { mailMessages } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { enqueueJobs } from '@/lib/jobs/queue';

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

/**
 * A pooled SMTP transport: a few connections kept open and reused, so a burst of queued
 * reminders is not one TCP and SMTP handshake per message.
 */
function getTransporter(url: string): Transporter {
  if (!transporter || transporterUrl !== url) {
    transporter?.close();
    transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 8, maxMessages: 1000 } as Parameters<typeof nodemailer.createTransport>[0]);
    transporterUrl = url;
  }
  return transporter;
}

/** Closes pooled SMTP connections (command-line scripts call this before they exit). */
export function closeMailTransport(): void {
  transporter?.close();
  transporter = undefined;
  transporterUrl = undefined;
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

/**
 * Queues mails that carry no secret link (reminders) in the caller's transaction: each is
 * written to the mail log, and with SMTP_URL a `mail.send` job delivers it (retried with
 * backoff, at most once marked sent); without SMTP it waits in the agency's outbox. Mails
 * with a secret link never go through the queue: a job would have to store the link.
 * Returns how many were queued.
 */
export async function queueMails(tx: DbOrTx, list: readonly OutgoingMail[], now: Date): Promise<number> {
  if (list.some((m) => m.secretLink !== undefined)) throw new Error('queueMails: a mail with a secret link is sent with sendMail');
  const smtp = Boolean(getEnv().SMTP_URL);
  const CHUNK = 1000;
  for (let i = 0; i < list.length; i += CHUNK) {
    const rows = await tx
      .insert(mailMessages)
      .values(
        list.slice(i, i + CHUNK).map((m) => ({
          orgId: m.orgId,
          kind: m.kind,
          toAddress: m.to,
          subject: m.subject,
          body: m.body,
          transport: smtp ? 'smtp' : 'outbox',
          createdAt: now,
        })),
      )
      .returning({ id: mailMessages.id, orgId: mailMessages.orgId });
    if (smtp)
      await enqueueJobs(
        tx,
        rows.map((r) => ({ kind: 'mail.send', dedupeKey: `mail.send:${r.id}`, orgId: r.orgId, payload: { mailId: r.id }, runAt: now, maxAttempts: 6 })),
      );
  }
  return list.length;
}

/**
 * The `mail.send` job: delivers one logged mail through SMTP. Idempotent: a mail already
 * marked sent is not sent again. A failure is noted on the mail log row and rethrown, so the
 * job is retried with backoff.
 */
export async function deliverQueuedMail(db: DbOrTx, mailId: string, now: Date): Promise<boolean> {
  const env = getEnv();
  const [row] = await db.select().from(mailMessages).where(eq(mailMessages.id, mailId)).limit(1);
  if (!row || row.sentAt || row.transport !== 'smtp') return false;
  if (!env.SMTP_URL) throw new Error('deliverQueuedMail: SMTP_URL is not set on this server');
  try {
    await getTransporter(env.SMTP_URL).sendMail({ from: env.SMTP_FROM, to: row.toAddress, subject: row.subject, text: row.body });
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    await db.update(mailMessages).set({ error }).where(eq(mailMessages.id, mailId));
    throw err;
  }
  await db.update(mailMessages).set({ sentAt: now, error: null }).where(eq(mailMessages.id, mailId));
  return true;
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
