/**
 * Reminders for 100,000 staff (issue 13): 2,500 agencies × 40 staff, nobody checked in, every
 * cycle in its reminder window. Three Sustain server processes (scheduler + job worker) with
 * SMTP_URL pointing at a real SMTP server (smtp-server) in this process. Prints the enqueue
 * time (from the first tick until every reminder is claimed and its mail queued) and the send
 * rate measured at the SMTP server. Sending stops being measured after --max-send-seconds.
 * Run: npm run bench:reminders [-- --agencies 2500 --staff 40 --max-send-seconds 240]
 */
import { sql } from 'drizzle-orm';
import { startSmtpCapture } from '@/lib/testing/smtp-capture';
import { scalar, seedFleet, startJobServer, waitFor } from '../faults/fault-3-fleet-lib';
import { numericArg as arg, createBenchDatabase } from './lib';

const AGENCIES = arg('agencies', 2500);
const STAFF = arg('staff', 40);
const MAX_SEND_S = arg('max-send-seconds', 240);
const SERVERS = 3;

async function main() {
  const bench = await createBenchDatabase('reminders');
  const db = bench.handle.db;
  const smtp = await startSmtpCapture();
  const servers: ReturnType<typeof startJobServer>[] = [];
  const total = AGENCIES * STAFF;
  try {
    const t0 = performance.now();
    await seedFleet(db, { agencies: AGENCIES, staff: STAFF, checkedIn: 0, opensAt: new Date(Date.now() - 10 * 86_400_000), closesAt: new Date(Date.now() + 2 * 86_400_000), reminderDays: 3 });
    await db.execute(sql`analyze`);
    console.log(`[bench] seeded ${AGENCIES} agencies × ${STAFF} staff in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const env = { DATABASE_URL: bench.url, SMTP_URL: smtp.url, SUSTAIN_SCHEDULER: 'on' };
    const started = Date.now();
    for (let i = 1; i <= SERVERS; i++) servers.push(startJobServer(`server-${i}`, env));
    await Promise.all(servers.map((s) => s.ready));
    const enqueueMs = await waitFor('every reminder queued', async () => (await scalar(db, `select count(*) from mail_messages`)) >= total, 600_000, 250);
    const firstJob = await scalar(db, `select extract(epoch from min(created_at)) * 1000 from jobs where kind = 'cycle.remind'`);
    const lastMail = await scalar(db, `select extract(epoch from max(created_at)) * 1000 from mail_messages`);
    const sendStart = Date.now();
    const atStart = smtp.inbox.length;
    await waitFor('sending', async () => smtp.inbox.length >= total || Date.now() - sendStart > MAX_SEND_S * 1000, MAX_SEND_S * 1000 + 5000, 500);
    const sent = smtp.inbox.length;
    const sendSeconds = (Date.now() - sendStart) / 1000;
    const unique = new Set(smtp.inbox.flatMap((m) => m.to)).size;
    console.log(`\nReminders for ${total.toLocaleString('en')} staff in ${AGENCIES} agencies, ${SERVERS} servers, Postgres, smtp-server on localhost`);
    console.table({
      'enqueue: first reminder job → all mails queued (s)': { value: +((lastMail - firstJob) / 1000).toFixed(1) },
      'servers up → all queued (s)': { value: +((enqueueMs + (Date.now() - Date.now())) / 1000).toFixed(1), note: `started ${((firstJob - started) / 1000).toFixed(1)} s after launch` },
      'received at SMTP': { value: sent, note: `${unique} distinct recipients; ${atStart} before queueing ended` },
      'send rate (messages/s)': { value: +((sent - atStart) / sendSeconds).toFixed(0), note: `over ${sendSeconds.toFixed(0)} s after queueing ended` },
      'overall rate, first job → last measured (messages/s)': { value: +(sent / ((Date.now() - firstJob) / 1000)).toFixed(0) },
    });
    if (unique !== sent) console.log('[bench] WARNING: a recipient received more than one reminder');
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await smtp.close();
    await bench.drop();
  }
  process.exit(0);
}

main().catch((err) => {
  console.error('[bench] reminders failed', err);
  process.exit(1);
});
