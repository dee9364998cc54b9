import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import { AppError } from '../lib/errors';
import { openDb, setDbHandle, type Db, type DbHandle } from './client';
import { runMigrations } from './migrate';

/**
 * Integration-test harness. Every suite runs on an in-memory PGlite, and again on
 * real Postgres when DATABASE_URL is set. Each Postgres run gets its own database,
 * created and migrated here and dropped afterwards.
 */
export type Driver = 'pglite' | 'postgres';

export function testDrivers(): Driver[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  handle: DbHandle;
  databaseUrl?: string;
  dispose(): Promise<void>;
}

export async function createTestDatabase(driver: Driver): Promise<TestDatabase> {
  if (driver === 'pglite') {
    const handle = openDb({ dataDir: 'memory' });
    await runMigrations(handle);
    return { handle, dispose: () => handle.close() };
  }
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('createTestDatabase: DATABASE_URL is not set');
  const name = `sustain_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const handle = openDb({ databaseUrl, poolSize: 5 });
  await runMigrations(handle, databaseUrl);
  return {
    handle,
    databaseUrl,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Empties every application table (keeps the schema and the migration journal). */
export async function resetDatabase(db: Db): Promise<void> {
  const rows = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`));
  const list = rows.map((r) => `"${r.tablename}"`);
  if (list.length) await db.execute(sql.raw(`truncate ${list.join(', ')} cascade`));
}

export interface DriverContext {
  driver: Driver;
  readonly db: Db;
  readonly databaseUrl: string | undefined;
}

/**
 * Runs `fn` once per driver, with a migrated database installed as the process-wide
 * handle (so server modules that call getDb() use it) and emptied before each test.
 */
export function describeEachDriver(name: string, fn: (ctx: DriverContext) => void): void {
  for (const driver of testDrivers()) {
    describe(`${name} [${driver}]`, () => {
      let testDb: TestDatabase | undefined;
      const ctx: DriverContext = {
        driver,
        get db() {
          if (!testDb) throw new Error('describeEachDriver: database not ready');
          return testDb.handle.db;
        },
        get databaseUrl() {
          return testDb?.databaseUrl;
        },
      };
      beforeAll(async () => {
        testDb = await createTestDatabase(driver);
        setDbHandle(testDb.handle);
      });
      beforeEach(async () => {
        setDbHandle(testDb!.handle);
        await resetDatabase(testDb!.handle.db);
      });
      afterAll(async () => {
        setDbHandle(undefined);
        await testDb?.dispose();
      });
      fn(ctx);
    });
  }
}

/** Rows from db.execute on either driver (postgres.js returns an array; PGlite returns { rows }). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** Awaits a promise that must reject with an AppError of `code` (and, optionally, a message). */
export async function expectAppError(p: Promise<unknown>, code: string, message?: RegExp | string): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected an AppError').toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (typeof message === 'string') expect((err as AppError).message).toBe(message);
  else if (message) expect((err as AppError).message).toMatch(message);
  return err as AppError;
}
