/**
 * npm run cycles:tick: one scheduler step, for cron. Opens due cycles and enqueues the due
 * work (closes, reminders, pruning) under the scheduler's advisory lock, then runs the
 * runnable background jobs here until none is left, so cron alone is enough when no server
 * runs. Safe next to running servers on Postgres: the lock lets one tick enqueue, and each job
 * is claimed by one process (FOR UPDATE SKIP LOCKED).
 */
import { openDb } from '@/db/client';
import { explainOpenError } from '@/db/pglite-lock';
import { runMigrations } from '@/db/migrate';
import { getEnv } from '@/lib/env';
import { closeMailTransport } from '@/lib/server/mail';
import { runTick } from '@/lib/server/scheduler';

async function main() {
  const env = getEnv();
  const handle = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SUSTAIN_DATA_DIR, owner: 'cycles:tick' });
  try {
    await runMigrations(handle, env.DATABASE_URL);
    const report = await runTick(handle.db);
    console.log(`[cycles:tick] closed ${report.closed}, opened ${report.opened}, reminders queued ${report.reminded}`);
  } finally {
    closeMailTransport();
    await handle.close();
  }
}

main().catch((err) => {
  console.error('[cycles:tick] failed:', explainOpenError(err));
  process.exit(1);
});
