/** Prepares the e2e database: migrate, then seed the demo agency and the e2e fixtures. */
import { openDb } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { seedDemo } from '@/db/seed/demo';
import { seedDemoHistory } from '@/db/seed/demo-history';
import { seedE2e } from '@/db/seed/e2e';
import { getEnv } from '@/lib/env';

async function main() {
  const env = getEnv();
  const handle = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SUSTAIN_DATA_DIR });
  try {
    await runMigrations(handle, env.DATABASE_URL);
    const { orgId } = await seedDemo(handle.db);
    await seedDemoHistory(handle.db, orgId);
    await seedE2e(handle.db);
    console.log('[e2e] database ready');
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error('[e2e] could not prepare the database:', err);
  process.exit(1);
});
