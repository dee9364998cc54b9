/**
 * npm run cycles:tick: one scheduler step, for cron. Opens due cycles, closes (and
 * publishes) ended ones, sends due reminders. Safe to run alongside the servers.
 */
import { openDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { getEnv } from '@/lib/env';
import { runTick } from '@/lib/server/cycles';

async function main() {
  const env = getEnv();
  const handle = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SUSTAIN_DATA_DIR });
  try {
    await runMigrations(handle, env.DATABASE_URL);
    const report = await runTick(handle.db);
    console.log(`[cycles:tick] closed ${report.closed}, opened ${report.opened}, reminders sent ${report.reminded}`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error('[cycles:tick] failed:', err);
  process.exit(1);
});
