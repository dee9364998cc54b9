/** npm run db:migrate: applies the migrations to DATABASE_URL, or to the PGlite under SUSTAIN_DATA_DIR. */
import { openDb } from '@/db/client';
import { explainOpenError } from '@/db/pglite-lock';
import { runMigrations } from '@/db/migrate';
import { getEnv } from '@/lib/env';

async function main() {
  const env = getEnv();
  const handle = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SUSTAIN_DATA_DIR, owner: 'db:migrate' });
  try {
    await runMigrations(handle, env.DATABASE_URL);
    console.log(`[db:migrate] up to date (${handle.driver === 'pglite' ? `PGlite at ${env.SUSTAIN_DATA_DIR}` : 'Postgres'})`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error('[db:migrate] failed:', explainOpenError(err));
  process.exit(1);
});
