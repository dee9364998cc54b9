import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getEnv } from '../lib/env';
import * as schema from './schema';

/**
 * The one database client module. With DATABASE_URL it talks to Postgres through
 * postgres.js; otherwise it opens an embedded PGlite under SUSTAIN_DATA_DIR.
 * Both give the same drizzle API over the same schema and migrations.
 */
export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Functions that can run inside or outside a transaction take this. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory` for an in-memory database. */
  dataDir?: string;
  /** postgres.js pool size. */
  poolSize?: number;
}

export function openDb(options: OpenDbOptions): DbHandle {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? './data';
  let pg: PGlite;
  if (dataDir === 'memory') {
    pg = new PGlite();
  } else {
    const dir = path.resolve(dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    pg = new PGlite(dir);
  }
  const db = drizzlePglite(pg, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}

// A process-wide handle, kept on globalThis so dev-server reloads reuse it
// (a second PGlite on the same directory would corrupt it).
const globalForDb = globalThis as unknown as { __sustainDb?: DbHandle };

/** Sets the process-wide handle (tests and scripts use this to point at their own database). */
export function setDbHandle(handle: DbHandle | undefined): void {
  globalForDb.__sustainDb = handle;
}

export function getDbHandle(): DbHandle {
  if (!globalForDb.__sustainDb) {
    const env = getEnv();
    globalForDb.__sustainDb = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SUSTAIN_DATA_DIR });
  }
  return globalForDb.__sustainDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.__sustainDb;
  globalForDb.__sustainDb = undefined;
  if (handle) await handle.close();
}
