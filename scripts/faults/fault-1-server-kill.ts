/**
 * Fault test 1 (issue 13): SIGKILL of the server during a 2,000-submit load, then a restart.
 * Every check-in acknowledged with 2xx is stored exactly once; no participation exists without
 * its response, and no response without its participation.
 *
 * `next start` (the production build) on Postgres, in its own database on the shared server
 * (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards. 2,000
 * staff submit through POST /api/v1/orgs/{org}/checkins, 16 at a time, each retrying after a
 * connection error or 5xx as a client would. After 600 acknowledgements the server gets
 * SIGKILL (no shutdown code runs, transactions in flight are cut) and is started again. At
 * the end the server gets SIGTERM and must shut down gracefully: exit 0 after closing the
 * database. Also checks /api/health and /api/ready on the real server (no session needed).
 * About 60 s. Run: npm run test:faults -- 1
 */
import { createBenchDatabase } from '../bench/lib';
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

const STAFF = 2000;
const KILL_AFTER = 600;
const PORT = Number(process.env.FAULT_PORT ?? 3220);

async function main() {
  const bench = await createBenchDatabase('fault1');
  const base = `http://127.0.0.1:${PORT}`;
  let server: NextServer | undefined;
  try {
    const agency = await seedLoadAgency(bench.handle.db, STAFF);
    server = startNext(PORT, { DATABASE_URL: bench.url });
    await waitForStatus(`${base}/api/ready`, 200);
    const health = await fetch(`${base}/api/health`);
    check('GET /api/health answers 200 without a session', health.status === 200 && (await health.text()) === '{"status":"ok"}');
    const ready = await fetch(`${base}/api/ready`);
    const readyBody = (await ready.json()) as { status: string; migrations: { applied: number; expected: number } };
    check('GET /api/ready answers 200 with all migrations applied', ready.status === 200 && readyBody.migrations.applied === readyBody.migrations.expected, JSON.stringify(readyBody));

    const load = runCheckinLoad(base, agency, { concurrency: 16, timeoutMs: 15_000, retryMs: 100 });
    await load.whenAcknowledged(KILL_AFTER);
    const killedAt = Date.now();
    server.child.kill('SIGKILL');
    const killed = await server.exited;
    console.log(`[fault 1] SIGKILL after ${load.acknowledged.size} acknowledgements (${killed.signal})`);
    server = startNext(PORT, { DATABASE_URL: bench.url });
    const readyMs = await waitForStatus(`${base}/api/ready`, 200);
    console.log(`[fault 1] restarted: ready ${((Date.now() - killedAt) / 1000).toFixed(2)} s after the kill (${(readyMs / 1000).toFixed(2)} s from spawn)`);
    await load.done;

    const w = errorWindow(load, killedAt);
    console.log('\nFault 1: SIGKILL of the server mid-load, then a restart (next start + Postgres, 2 cores)');
    console.table({
      'staff submitting': { value: STAFF },
      attempts: { value: load.attempts.length },
      'acknowledged 2xx': { value: load.acknowledged.size },
      '409 already submitted (answer lost in the kill)': { value: load.already.size },
      'failed attempts (retried)': { value: w.failed },
      '  of which connection errors': { value: w.network },
      '  of which HTTP 5xx': { value: w.http5xx },
      'errors seen for (s)': { value: w.firstErrorAt && w.lastErrorAt ? Number(((w.lastErrorAt - w.firstErrorAt) / 1000).toFixed(2)) : 0 },
      'nothing acknowledged for (s)': { value: Number((w.longestAckGapMs / 1000).toFixed(2)) },
      'latency p99 ms': { value: w.p99LatencyMs },
      'latency max ms': { value: w.maxLatencyMs },
    });
    await checkStoredOnce(bench.handle.db, agency, load);

    // Graceful shutdown of the real server: SIGTERM, exit 0 after closing the database.
    const stop = await stopNext(server);
    const log = server.output.join('');
    check('SIGTERM: the server exits 0 within 30 s after closing the database', stop.graceful && log.includes('[sustain] closing the database'), `code ${stop.code} after ${stop.ms} ms`);
    server = undefined;
  } catch (err) {
    printServerOutput(server);
    throw err;
  } finally {
    if (server) await stopNext(server, 1000);
    await bench.drop();
  }
}

runFaultTest('fault 1', main);
