/**
 * Fault test 3 (issue 13): three Sustain servers and `npm run cycles:tick` together against one
 * Postgres, 300 agencies whose cycles all fall due in the same minute. Each cycle must be
 * closed and published exactly once, and each reminder sent exactly once, counted at a real
 * SMTP server (smtp-server). Uses its own database on the shared Postgres (DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/postgres) and drops it afterwards. About 90 s.
 * Run: npm run test:faults -- 3
 */
import { createBenchDatabase } from '../bench/lib';
import { startSmtpCapture } from '@/lib/testing/smtp-capture';
import { check, failureCount, runCyclesTick, scalar, seedFleet, startJobServer, waitFor } from './fault-3-fleet-lib';

const AGENCIES = 300;
const STAFF = 4;
const CHECKED_IN = 1;

async function main() {
  const bench = await createBenchDatabase('fault3');
  const db = bench.handle.db;
  const smtp = await startSmtpCapture();
  const servers: ReturnType<typeof startJobServer>[] = [];
  try {
    const t0 = Date.now();
    const closesAt = new Date(t0 + 30_000);
    await seedFleet(db, { agencies: AGENCIES, staff: STAFF, checkedIn: CHECKED_IN, opensAt: new Date(t0 - 10 * 86_400_000), closesAt, reminderDays: 3 });
    const reminders = AGENCIES * (STAFF - CHECKED_IN);
    console.log(`[fault 3] ${AGENCIES} agencies, cycles closing at ${closesAt.toISOString()}, ${reminders} reminders due now`);
    const env = { DATABASE_URL: bench.url, SMTP_URL: smtp.url, SUSTAIN_JOB_LEASE_SECONDS: '30', SUSTAIN_SCHEDULER: 'on' };
    for (const name of ['server-1', 'server-2', 'server-3']) servers.push(startJobServer(name, env));
    await Promise.all(servers.map((s) => s.ready));
    console.log(`[fault 3] three servers up after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Reminders: the servers' first tick enqueues them (one server wins the lock), every worker sends.
    const remindMs = await waitFor('every reminder at the SMTP server', async () => smtp.inbox.length >= reminders, 60_000);
    console.log(`[fault 3] ${smtp.inbox.length} reminders received in ${(remindMs / 1000).toFixed(1)} s`);

    // Closes: cron's cycles:tick fires just after the close time, while the three servers' workers
    // (and their own next tick) compete for the same jobs.
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() + 1000 - Date.now())));
    const tick = runCyclesTick(env);
    const closeMs = await waitFor(
      'every cycle closed',
      async () => (await scalar(db, `select count(*) from cycles where status = 'closed'`)) === AGENCIES,
      90_000,
    );
    console.log(`[fault 3] all ${AGENCIES} cycles closed ${(closeMs / 1000).toFixed(1)} s after the close time`);
    const tickResult = await tick;
    console.log(`[fault 3] cycles:tick exited ${tickResult.code}: ${tickResult.output.trim().split('\n').pop()}`);
    // Let every server tick again after the closes (their per-minute timers), then count.
    await waitFor('a later tick on every server', async () => Date.now() > t0 + 75_000, 120_000, 1000);
    await waitFor(
      'no job left to run',
      async () => (await scalar(db, `select count(*) from jobs where state in ('queued', 'running')`)) === 0,
      30_000,
    );

    check('cycles:tick exited 0', tickResult.code === 0, tickResult.output.slice(-300));
    check('every cycle closed', (await scalar(db, `select count(*) from cycles where status = 'closed'`)) === AGENCIES);
    check('every cycle published once (publication_seq 1)', (await scalar(db, `select count(*) from cycles where publication_seq = 1 and published_at is not null`)) === AGENCIES);
    const audits = await scalar(db, `select count(*) from audit_log where action = 'cycle.close_scheduled'`);
    const auditTargets = await scalar(db, `select count(distinct target_id) from audit_log where action = 'cycle.close_scheduled'`);
    check('one close audit entry per cycle', audits === AGENCIES && auditTargets === AGENCIES, `${audits} entries, ${auditTargets} cycles`);
    const participation = await scalar(db, `select count(*) from cycle_participation`);
    check('participation published once per cycle and group (agency + 2 teams)', participation === AGENCIES * 3, `${participation} rows`);
    const cells = await scalar(db, `select count(*) from (select cycle_id, group_id, measure, count(*) c from cycle_aggregates group by 1, 2, 3) x where c > 1`);
    check('no aggregate cell published twice', cells === 0, `${cells} duplicated cells`);
    const closeJobs = await scalar(db, `select count(*) from jobs where kind = 'cycle.close' and state = 'done'`);
    check('one close job per cycle, all done', closeJobs === AGENCIES, `${closeJobs}`);
    const recipients = new Set(smtp.inbox.flatMap((m) => m.to));
    check('each reminder received exactly once at the SMTP server', smtp.inbox.length === reminders && recipients.size === reminders, `${smtp.inbox.length} messages, ${recipients.size} recipients, ${reminders} expected`);
    check('one reminder row per person', (await scalar(db, `select count(*) from reminders`)) === reminders);
    check('every reminder mail marked sent', (await scalar(db, `select count(*) from mail_messages where kind = 'reminder' and sent_at is not null`)) === reminders);
    check('no job failed', (await scalar(db, `select count(*) from jobs where state = 'failed'`)) === 0);
    const runsBy = new Set<string>();
    for (const s of servers) if (s.output.join('').includes('[sustain] scheduler')) runsBy.add(s.name);
    console.log(`[fault 3] servers that won a scheduler tick with work: ${[...runsBy].join(', ') || 'none logged'}`);
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await smtp.close();
    await bench.drop();
  }
  const failures = failureCount();
  console.log(failures ? `[fault 3] FAILED (${failures} checks)` : '[fault 3] passed');
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error('[fault 3] error', err);
  process.exit(1);
});
