import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { getEnv } from '../lib/env';
import { acquirePgliteLock, type PgliteLockOwner } from './pglite-lock';
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
  /**
   * Who opens a PGlite data dir: recorded in its lock file (db/pglite-lock.ts), so a second
   * process is refused with a message naming the holder. Default 'script'.
   */
  owner?: PgliteLockOwner;
}

/**
 * postgres.js connection options, chosen for recovery from a database restart (issue 13).
 * With the library's defaults, a PostgreSQL restart under load (fault test 2: 3.2 s down) gave
 * HTTP 500 for 12.4 s after the database answered again, and 5 requests hung for 15 s; with
 * these options the last error came 0.4 s after, the slowest request took 1.9 s:
 * - `backoff`: the default waits (0.5–1) × min(3^retries / 100, 20) s before reconnecting,
 *   where `retries` is shared by the whole pool and grows with every failed connection attempt
 *   during the outage; 16 connections failing a few times each push every reconnect to 10–20 s.
 *   Here a reconnect waits at most 0.5 s, so the pool is back within a second of PostgreSQL.
 * - `connect_timeout` 5 s (default 30): a connection attempt that hangs half-open (TCP
 *   accepted, no startup reply, as while PostgreSQL shuts down) fails fast and is retried,
 *   instead of holding a request and delaying PostgreSQL's own shutdown for 30 s.
 * - `idle_timeout` 60 s and `max_lifetime` 30 min: idle sockets are closed before a
 *   firewall or PgBouncer drops them silently, and no connection lives forever.
 * The crash in the same path (`Cannot read properties of null (reading 'write')`, porsager/postgres
 * #1154 and #1208; no release fixes it: 3.4.10 does not touch nextWrite and 4.x is a rewrite)
 * is patched in patches/postgres+3.4.9.patch (patch-package), tested by db/postgres-patch.test.ts.
 */
export const POSTGRES_OPTIONS = {
  connect_timeout: 5,
  idle_timeout: 60,
  max_lifetime: 30 * 60,
  backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
} as const;

export function openDb(options: OpenDbOptions): DbHandle {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      ...POSTGRES_OPTIONS,
      max: options.poolSize ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    // end() waits up to 5 s for running queries, then destroys the connections; its own promise
    // can stay pending if a query was queued on a connection that never came back (seen with the
    // database gone during a shutdown), so closing never waits longer than 6 s.
    const close = () =>
      Promise.race([client.end({ timeout: 5 }), new Promise<void>((resolve) => setTimeout(resolve, 6000).unref())]);
    return { db, driver: 'postgres', close };
  }
  const dataDir = options.dataDir ?? './data';
  let pg: PGlite;
  let lock: { release(): void } | undefined;
  if (dataDir === 'memory') {
    pg = new PGlite();
  } else {
    // One process per data dir: a second PGlite on the same files corrupts them. Throws
    // PgliteLockedError, naming the holder, while a live process holds the dir.
    lock = acquirePgliteLock(dataDir, options.owner ?? 'script');
    const dir = path.resolve(dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    pg = new PGlite(dir);
  }
  const db = drizzlePglite(pg, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    close: async () => {
      try {
        if (!pg.closed) await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}

// A process-wide handle, kept on globalThis so dev-server reloads reuse it
// (a second PGlite on the same directory would corrupt it; the lock file refuses other processes).
const globalForDb = globalThis as unknown as { __sustainDb?: DbHandle };

/** Sets the process-wide handle (tests and scripts use this to point at their own database). */
export function setDbHandle(handle: DbHandle | undefined): void {
  globalForDb.__sustainDb = handle;
}

export function getDbHandle(): DbHandle {
  if (!globalForDb.__sustainDb) {
    const env = getEnv();
    globalForDb.__sustainDb = openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SUSTAIN_DATA_DIR, owner: 'server' });
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
