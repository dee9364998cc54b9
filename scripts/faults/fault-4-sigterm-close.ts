/**
 * Fault test 4 (issue 13): SIGTERM during a close job leaves no half-published cycle; the
 * close is retried and completes.
 *
 * A Sustain server process (the same start-up as `next start`: scheduler and job worker)
 * claims the close job of an agency whose cycle fell due. The test holds the agency row
 * locked from another connection, so the close transaction stops midway: the cycle row is
 * already marked closed and nothing is published yet, all uncommitted. Then SIGTERM: the
 * server stops claiming, waits its grace period, closes its database connections and exits,
 * so Postgres rolls the close back. Check: the cycle is open and nothing is published. The
 * lock is released and a new server starts; when the dead claim's lease runs out it takes the
 * job again (attempt 2) and the cycle is closed and published exactly once.
 * Own database on the shared Postgres, dropped afterwards. About 40 s. Run: npm run test:faults -- 4
 */
import postgres from 'postgres';
import { createBenchDatabase } from '../bench/lib';
import { check, failureCount, scalar, seedFleet, startJobServer, waitFor } from './fault-3-fleet-lib';

async function main() {
  const bench = await createBenchDatabase('fault4');
  const db = bench.handle.db;
  const locker = postgres(bench.url, { max: 1, onnotice: () => {} });
  const servers: ReturnType<typeof startJobServer>[] = [];
  try {
    const now = Date.now();
    await seedFleet(db, { agencies: 1, staff: 40, checkedIn: 30, opensAt: new Date(now - 14 * 86_400_000), closesAt: new Date(now - 1000), reminderDays: 0 });
    console.log('[fault 4] seeded');
    const orgId = String((await locker`select id from organizations`)[0]!.id);
    console.log('[fault 4] org', orgId);
    const env = { DATABASE_URL: bench.url, SUSTAIN_JOB_LEASE_SECONDS: '5', SUSTAIN_SCHEDULER: 'on' };

    // Hold the agency row: publication locks it (FOR UPDATE) right after marking the cycle closed.
    // FOR NO KEY UPDATE blocks that but not the foreign-key checks of job and mail inserts.
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = locker.begin(async (tx) => {
      await tx`select id from organizations where id = ${orgId} for no key update`;
      locked();
      await released;
    });
    await isLocked;
    console.log('[fault 4] agency row locked');

    const first = startJobServer('server-1', env);
    servers.push(first);
    await first.ready;
    await waitFor('the close job to be claimed and blocked mid-transaction', async () => {
      const running = await scalar(db, `select count(*) from jobs where kind = 'cycle.close' and state = 'running'`);
      const waiting = await scalar(db, `select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      return running === 1 && waiting >= 1;
    }, 30_000);
    console.log('[fault 4] close job running and blocked inside its transaction; sending SIGTERM');
    const t0 = Date.now();
    first.child.kill('SIGTERM');
    const code = await first.exited;
    console.log(`[fault 4] server exited with ${code} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    release();
    await holder;

    check('after SIGTERM the cycle is still open (the close rolled back)', (await scalar(db, `select count(*) from cycles where status = 'open'`)) === 1);
    check('after SIGTERM nothing is published', (await scalar(db, `select (select count(*) from cycle_aggregates) + (select count(*) from cycle_participation) + (select count(*) from cycles where published_at is not null)`)) === 0);
    check('after SIGTERM no close audit entry', (await scalar(db, `select count(*) from audit_log where action like 'cycle.close%'`)) === 0);

    const second = startJobServer('server-2', env);
    servers.push(second);
    await second.ready;
    const retryMs = await waitFor('the retried close to complete', async () => (await scalar(db, `select count(*) from jobs where kind = 'cycle.close' and state = 'done'`)) === 1, 60_000);
    console.log(`[fault 4] retried close done ${(retryMs / 1000).toFixed(1)} s after the new server was up`);
    check('the close job completed on its second attempt', (await scalar(db, `select attempts from jobs where kind = 'cycle.close'`)) === 2);
    check('the cycle is closed and published once', (await scalar(db, `select count(*) from cycles where status = 'closed' and publication_seq = 1 and published_at is not null`)) === 1);
    check('participation published once (agency + 2 teams)', (await scalar(db, `select count(*) from cycle_participation`)) === 3);
    check('aggregates published once per cell', (await scalar(db, `select count(*) from (select group_id, measure from cycle_aggregates group by 1, 2 having count(*) > 1) d`)) === 0 && (await scalar(db, `select count(*) from cycle_aggregates`)) > 0);
    check('one close audit entry', (await scalar(db, `select count(*) from audit_log where action = 'cycle.close_scheduled'`)) === 1);
  } finally {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await locker.end({ timeout: 5 });
    await bench.drop();
  }
  const failures = failureCount();
  console.log(failures ? `[fault 4] FAILED (${failures} checks)` : '[fault 4] passed');
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error('[fault 4] error', err);
  process.exit(1);
});
