import 'server-only';
import { closeDb, getDbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { getEnv } from '@/lib/env';

const globalForStartup = globalThis as unknown as { __sustainStarted?: Promise<void> };

/** Checks the environment, migrates, and arranges a clean shutdown. Idempotent. */
export function startServer(): Promise<void> {
  globalForStartup.__sustainStarted ??= (async () => {
    const env = getEnv();
    const handle = getDbHandle();
    await runMigrations(handle, env.DATABASE_URL);
    installShutdownHandlers();
    // The background-job worker always runs; the per-minute tick unless SUSTAIN_SCHEDULER=off.
    const { startScheduler } = await import('./scheduler');
    await startScheduler();
    console.log(`[sustain] ready: database ${handle.driver === 'pglite' ? `PGlite at ${env.SUSTAIN_DATA_DIR}` : 'Postgres'}`);
  })();
  return globalForStartup.__sustainStarted;
}

let shuttingDown = false;

/** How long a graceful shutdown waits for running requests, and then for running jobs. */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Graceful shutdown on SIGTERM/SIGINT (Next leaves signals to us with NEXT_MANUAL_SIG_HANDLE=true):
 * 1. stop taking requests (/api/ready answers 503, new connections are refused, a request
 *    on an open keep-alive connection gets 503 + Retry-After) and let running requests finish;
 * 2. at the same time stop the scheduler tick and the job worker, which stops claiming and
 *    waits for running jobs (lib/jobs/runner.ts stopJobWorker; an abandoned job's transaction
 *    rolls back and its lease lets another server retry it);
 * 3. close the database: PGlite must be closed cleanly or it runs crash recovery on the next
 *    open (STACK-NOTES pitfall 2), and closing releases its data-dir lock; postgres.js ends
 *    its connections so PostgreSQL does not wait on them.
 */
export async function shutdownGracefully(signal: string, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  console.log(`[sustain] ${signal}: no new requests; finishing running requests and jobs`);
  const { drainHttp } = await import('./http-drain');
  const { stopScheduler } = await import('./scheduler');
  const [cutOff] = await Promise.all([drainHttp(graceMs), stopScheduler(graceMs)]);
  if (cutOff > 0) console.warn(`[sustain] ${cutOff} request(s) still running after ${graceMs} ms; stopping anyway`);
  console.log('[sustain] closing the database');
  await closeDb();
}

function installShutdownHandlers() {
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    // Whatever hangs, the process ends: the grace period plus time to close the database.
    setTimeout(() => {
      console.error('[sustain] shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 10_000).unref();
    try {
      await shutdownGracefully(signal);
    } catch (err) {
      console.error('[sustain] shutdown failed', err);
    } finally {
      process.exit(0);
    }
  };
  // A repeated SIGTERM (orchestrators resend it) must not cut the drain short; a second Ctrl+C
  // (SIGINT) still stops at once, as people expect in a terminal.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
