import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import type { DbHandle } from './client';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

// Any constant works; it only has to be the same for every server of this app.
const MIGRATION_LOCK_KEY = 724_311_905;

/**
 * Applies the drizzle-kit migrations. On Postgres it holds an advisory lock on a
 * dedicated connection, so several servers starting together migrate once.
 */
export async function runMigrations(handle: DbHandle, databaseUrl?: string): Promise<void> {
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!databaseUrl) throw new Error('runMigrations: databaseUrl is required for Postgres');
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
