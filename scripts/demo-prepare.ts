/**
 * Prepares the demo database: opens PGlite under SUSTAIN_DATA_DIR, migrates, seeds the
 * demo agency once, and closes it again so the server can open it.
 */
import { openDb } from '@/db/client';
import { explainOpenError } from '@/db/pglite-lock';
import { runMigrations } from '@/db/migrate';
import { DEMO_ACCOUNTS, DEMO_AGENCY_NAME, DEMO_PASSWORD, seedDemo } from '@/db/seed/demo';
import { seedDemoHistory } from '@/db/seed/demo-history';
import { getEnv } from '@/lib/env';

async function main() {
  const env = getEnv();
  const handle = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SUSTAIN_DATA_DIR, owner: 'demo' });
  try {
    await runMigrations(handle, env.DATABASE_URL);
    const { created, orgId } = await seedDemo(handle.db);
    if (await seedDemoHistory(handle.db, orgId)) console.log('[demo] seeded 8 closed monthly cycles and one open cycle');
    console.log(created ? `[demo] seeded "${DEMO_AGENCY_NAME}"` : `[demo] using the existing "${DEMO_AGENCY_NAME}"`);
  } finally {
    await handle.close();
  }
  console.log('\nDemo sign-ins (password for all: ' + DEMO_PASSWORD + ')');
  for (const [role, a] of Object.entries(DEMO_ACCOUNTS)) console.log(`  ${role.padEnd(9)} ${a.email}`);
  console.log('');
}

main().catch((err) => {
  console.error('[demo] could not prepare the database:', explainOpenError(err));
  process.exit(1);
});
