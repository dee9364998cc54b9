/**
 * Fault test 2 (issue 13): PostgreSQL restarts during load. The app recovers without a
 * restart, errors stop within 2 s of PostgreSQL answering again, no request hangs past the
 * client's timeout, no exception goes uncaught, and no acknowledged check-in is lost.
 *
 * A PRIVATE cluster (scripts/faults/private-postgres.ts: initdb under a temp dir, on a free
 * port), so the machine's shared server is never restarted. `next start` on it; 2,000 staff
 * submit through the API, 16 at a time, retrying after an error. After 500 acknowledgements,
 * a restart: `pg_ctl stop -m fast`, 2.5 s down, `pg_ctl start` (about 3 s in all). A probe connects every 25 ms to time when PostgreSQL answers
 * again. About 60 s. Run: npm run test:faults -- 2
 */
import { openDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import {
  check,
  checkStoredOnce,
  errorWindow,
  printServerOutput,
  runCheckinLoad,
  runFaultTest,
  seedLoadAgency,
  startNext,
  stopNext,
  waitForStatus,
  type NextServer,
} from './checkin-load-lib';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';

const STAFF = 2000;
const RESTART_AFTER = 500;
const PORT = Number(process.env.FAULT_PORT ?? 3220);
const CLIENT_TIMEOUT_MS = 15_000;
/** The target: after PostgreSQL answers again, errors stop within this. */
const RECOVERY_TARGET_MS = 2000;

/** Polls PostgreSQL (pg_isready) while it restarts: when it stopped answering and when it answered again. */
async function timeAnswering(pg: PrivatePostgres, restarting: Promise<number>): Promise<{ downAt: number | null; backAt: number }> {
  let downAt: number | null = null;
  let finished = false;
  void restarting.then(() => (finished = true));
  for (;;) {
    const ok = await pg.isAnswering();
    if (!ok && downAt === null) downAt = Date.now();
    if (ok && (downAt !== null || finished)) return { downAt, backAt: Date.now() };
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function main() {
  // A rejection nobody awaited in this (test) process is reported, not fatal: the cleanup must run.
  process.on('unhandledRejection', (err) => console.error('[fault 2] unhandled rejection in the test process:', err));
  const pg = await startPrivatePostgres();
  console.log(`[fault 2] private PostgreSQL on port ${pg.port}`);
  const handle = openDb({ databaseUrl: pg.url, poolSize: 4 });
  const base = `http://127.0.0.1:${PORT}`;
  let server: NextServer | undefined;
  try {
    await runMigrations(handle, pg.url);
    const agency = await seedLoadAgency(handle.db, STAFF);
    server = startNext(PORT, { DATABASE_URL: pg.url });
    await waitForStatus(`${base}/api/ready`, 200);
    const pid = server.child.pid;

    const load = runCheckinLoad(base, agency, { concurrency: 16, timeoutMs: CLIENT_TIMEOUT_MS, retryMs: 100 });
    await load.whenAcknowledged(RESTART_AFTER);
    const restartAt = Date.now();
    const restarting = pg.restart();
    const [restartMs, answering] = await Promise.all([restarting, timeAnswering(pg, restarting)]);
    // Readiness follows the database: 200 again once it answers.
    await waitForStatus(`${base}/api/ready`, 200, 30_000);
    const readyAgainAt = Date.now();
    await load.done;

    const w = errorWindow(load, restartAt);
    const afterBack = w.lastErrorAt !== null ? w.lastErrorAt - answering.backAt : 0;
    const log = server.output.join('');
    console.log('\nFault 2: PostgreSQL restart (stop -m fast, 2.5 s down, start) under load, private cluster, next start, 2 cores');
    console.table({
      'staff submitting': { value: STAFF },
      attempts: { value: load.attempts.length },
      'acknowledged 2xx': { value: load.acknowledged.size },
      '409 already submitted': { value: load.already.size },
      'restart took (s)': { value: Number((restartMs / 1000).toFixed(2)) },
      'PostgreSQL not answering (s)': { value: answering.downAt ? Number(((answering.backAt - answering.downAt) / 1000).toFixed(2)) : 0 },
      'failed attempts (retried)': { value: w.failed },
      '  HTTP 5xx / connection errors / timeouts': { value: `${w.http5xx} / ${w.network} / ${w.timeouts}` },
      'errors seen for (s)': { value: w.firstErrorAt && w.lastErrorAt ? Number(((w.lastErrorAt - w.firstErrorAt) / 1000).toFixed(2)) : 0 },
      'last error after PostgreSQL answered (s)': { value: Number((afterBack / 1000).toFixed(2)) },
      'nothing acknowledged for (s)': { value: Number((w.longestAckGapMs / 1000).toFixed(2)) },
      '/api/ready 200 again after the restart (s)': { value: Number(((readyAgainAt - restartAt) / 1000).toFixed(2)) },
      'latency p99 ms': { value: w.p99LatencyMs },
      'latency max ms': { value: w.maxLatencyMs },
    });

    check('the server recovered without a restart (same process, still running)', server.child.exitCode === null && server.child.pid === pid);
    check('no uncaught exception in the server', !/uncaught|reading 'write'/i.test(log), log.match(/.*(uncaught|reading 'write').*/i)?.[0] ?? '');
    check(`errors stop within ${RECOVERY_TARGET_MS / 1000} s of PostgreSQL answering`, afterBack <= RECOVERY_TARGET_MS, `${afterBack} ms`);
    check(`no request hung past the ${CLIENT_TIMEOUT_MS / 1000} s client timeout`, w.timeouts === 0 && w.maxLatencyMs < CLIENT_TIMEOUT_MS, `max ${w.maxLatencyMs} ms`);
    await checkStoredOnce(handle.db, agency, load);
  } catch (err) {
    printServerOutput(server);
    throw err;
  } finally {
    if (server) {
      const stop = await stopNext(server);
      check('SIGTERM: the server exits 0 within 30 s', stop.graceful, `code ${stop.code} after ${stop.ms} ms`);
    }
    await handle.close();
    pg.stop();
  }
}

runFaultTest('fault 2', main);
