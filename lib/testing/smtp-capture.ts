import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on localhost that keeps what it receives, for tests (integration and
 * e2e) that must see the mail Sustain actually sends. Test code only.
 */

export interface CapturedMail {
  from: string | null;
  /** Envelope recipients, lower-cased. */
  to: string[];
  subject: string | null;
  /** The plain-text body, quoted-printable decoded. */
  body: string;
}

export interface SmtpCapture {
  /** Every message received, oldest first. Tests may empty it (`inbox.length = 0`). */
  readonly inbox: CapturedMail[];
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  readonly url: string;
  close(): Promise<void>;
}

/** The body of a raw text/plain message; nodemailer sends it quoted-printable (soft breaks "=\n", bytes "=XX"). */
export function bodyOf(raw: string): string {
  const body = raw.split(/\r?\n\r?\n/).slice(1).join('\n\n');
  if (!/Content-Transfer-Encoding: quoted-printable/i.test(raw)) return body;
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The Subject header of a raw message, unfolded (long headers wrap onto continuation lines). */
export function subjectOf(raw: string): string | null {
  const headers = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return /^Subject: (.*)$/im.exec(headers)?.[1]?.trim() ?? null;
}

/** Starts a capturing SMTP server on 127.0.0.1 (port 0: an ephemeral one). */
export async function startSmtpCapture(port = 0): Promise<SmtpCapture> {
  const inbox: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        inbox.push({
          from: mailFrom ? mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: subjectOf(raw),
          body: bodyOf(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    inbox,
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
