import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { GET as getHealth } from '@/app/api/health/route';
import { GET as getReady } from '@/app/api/ready/route';
import type { Db } from '@/db/client';
import { describeEachDriver } from '@/db/testing';
import { checkReadiness, expectedMigrations } from './health';
import { drainHttp, resetHttpDrainForTests } from './http-drain';

describe('GET /api/health', () => {
  it('answers 200 without a session or a database, and says nothing else', async () => {
    const res = getHealth();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describeEachDriver('GET /api/ready', (ctx) => {
  afterEach(() => resetHttpDrainForTests());

  it('is 200 when the database answers and every migration of the journal is applied; the body holds counts only', async () => {
    const res = await getReady();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const expected = expectedMigrations().length;
    expect(body).toEqual({ status: 'ready', migrations: { applied: expected, expected } });
    // No connection string, host, user, driver or error text.
    expect(JSON.stringify(body)).not.toMatch(/postgres|pglite|127\.0\.0\.1|password|secret/i);
  });

  it('is 503 "migrations pending" when the build ships a migration the database lacks', async () => {
    const journal = [...expectedMigrations(), { when: Date.now() + 86_400_000 }];
    const readiness = await checkReadiness(() => ctx.db, { expected: journal });
    expect(readiness).toMatchObject({ ready: false, status: 'migrations pending', migrations: { expected: journal.length } });
  });

  it('is 503 "migrations pending" on a database never migrated', async () => {
    await ctx.db.execute(sql`alter table drizzle.__drizzle_migrations rename to __drizzle_migrations_moved`);
    try {
      expect(await checkReadiness(() => ctx.db)).toMatchObject({ ready: false, status: 'migrations pending', migrations: { applied: 0 } });
    } finally {
      await ctx.db.execute(sql`alter table drizzle.__drizzle_migrations_moved rename to __drizzle_migrations`);
    }
  });

  it('is 503 "database unavailable" when the database fails or hangs past the timeout, without the error text', async () => {
    const failing = { execute: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:5432 user=sustain')) } as unknown as Db;
    expect(await checkReadiness(() => failing)).toEqual({ ready: false, status: 'database unavailable', migrations: null });
    const hanging = { execute: () => new Promise(() => {}) } as unknown as Db;
    const t0 = Date.now();
    expect(await checkReadiness(() => hanging, { timeoutMs: 200 })).toMatchObject({ status: 'database unavailable' });
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('is 503 "stopping" once a graceful shutdown has begun', async () => {
    await drainHttp(0);
    const res = await getReady();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'stopping', migrations: null });
  });
});
