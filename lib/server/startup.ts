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
    if (env.SUSTAIN_SCHEDULER === 'on') {
      const { startScheduler } = await import('./scheduler');
      startScheduler();
    }
    console.log(`[sustain] ready: database ${handle.driver === 'pglite' ? `PGlite at ${env.SUSTAIN_DATA_DIR}` : 'Postgres'}`);
  })();
  return globalForStartup.__sustainStarted;
}

let shuttingDown = false;

// PGlite must be closed cleanly or it runs crash recovery on the next open
// (STACK-NOTES pitfall 2). Next leaves signals to us when NEXT_MANUAL_SIG_HANDLE=true.
function installShutdownHandlers() {
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`[sustain] ${signal}: closing the database`);
    try {
      const { stopScheduler } = await import('./scheduler');
      stopScheduler();
      await closeDb();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
