import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { requireOrgRole } from '@/lib/auth/require';
import { getEnv } from '@/lib/env';
import { listOutbox } from '@/lib/server/mail';

export const metadata: Metadata = { title: 'Outbox' };

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function OutboxPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  const admin = await requireOrgRole(orgId, 'admin');
  const messages = await listOutbox(getDb(), admin.orgId);
  const smtp = Boolean(getEnv().SMTP_URL);
  return (
    <>
      <h1>Outbox</h1>
      <p className="lede">
        {smtp
          ? 'Invitations and reminders are sent by email. This is the log of what was sent.'
          : 'No mail server is configured (SMTP_URL), so invitations and reminders are noted here instead of sent. Reminders can be forwarded; invitation links are never stored, so copy each one from the Members page when you create it, or re-issue it there.'}
      </p>
      {messages.length === 0 ? (
        <p className="card empty">No messages yet. Invitations with an email address and check-in reminders appear here.</p>
      ) : (
        messages.map((m) => (
          <article key={m.id} className="card" aria-labelledby={`msg-${m.id}`}>
            <h2 id={`msg-${m.id}`} className="small">
              {m.subject}
            </h2>
            <p className="small muted">
              To {m.to} · {m.kind} · {timeFormat.format(new Date(m.createdAt))} UTC ·{' '}
              {m.transport === 'outbox' ? 'waiting in outbox' : m.error ? `not sent: ${m.error}` : m.sentAt ? 'sent' : 'queued for sending'}
            </p>
            <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>{m.body}</pre>
          </article>
        ))
      )}
    </>
  );
}
