import { hash } from '@node-rs/argon2';
import { expect, it, vi } from 'vitest';
import { makeMember, makeOrg } from '@/db/factories';
import { rateLimitCounters } from '@/db/schema';
import { describeEachDriver } from '@/db/testing';
import { runTick } from '@/lib/server/scheduler';
import { WRONG_CREDENTIALS_MESSAGE, authorizeCredentials } from './options';
import {
  LOGIN_FAILURE_LIMIT,
  LOGIN_WINDOW_MS,
  RATE_LIMIT_MESSAGE,
  SIGNUP_LIMIT,
  checkAndCountSignup,
  countLoginAttempt,
  countPasswordResetRequest,
  hitRateLimit,
  isLoginRateLimited,
  pruneRateLimitCounters,
  rateLimitKey,
  windowStartOf,
} from './rate-limit';

/** Counts how many sign-in attempts reach password verification. */
const verified = vi.hoisted(() => ({ calls: 0 }));
vi.mock('./password', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./password')>();
  return {
    ...actual,
    verifyPassword: async (passwordHash: string, password: string) => {
      verified.calls++;
      return actual.verifyPassword(passwordHash, password);
    },
  };
});

const PASSWORD = 'correct horse battery staple';

describeEachDriver('atomic rate limiting', (ctx) => {
  it('50 concurrent wrong passwords for one email: at most the limit reach password verification', async () => {
    const org = await makeOrg(ctx.db);
    await makeMember(ctx.db, org.id, 'staff', { user: { email: 'target@x.test', passwordHash: await hash(PASSWORD) } });
    verified.calls = 0;
    // Each attempt from its own address, as a botnet would: only the per-email limit can stop them.
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => authorizeCredentials({ email: 'target@x.test', password: `guess number ${i}` }, `198.51.100.${i + 1}`)),
    );
    const messages = results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'signed in'));
    expect(messages.filter((m) => m === WRONG_CREDENTIALS_MESSAGE)).toHaveLength(LOGIN_FAILURE_LIMIT);
    expect(messages.filter((m) => m === RATE_LIMIT_MESSAGE)).toHaveLength(50 - LOGIN_FAILURE_LIMIT);
    expect(verified.calls).toBeLessThanOrEqual(LOGIN_FAILURE_LIMIT);
    // The right password is refused too while the email is locked.
    await expect(authorizeCredentials({ email: 'target@x.test', password: PASSWORD }, '192.0.2.1')).rejects.toThrow(RATE_LIMIT_MESSAGE);
  });

  it('50 concurrent wrong passwords from one address for many emails: at most the limit are verified', async () => {
    verified.calls = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => authorizeCredentials({ email: `spray${i}@x.test`, password: 'Summer2026!' }, '203.0.113.50')),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(verified.calls).toBeLessThanOrEqual(LOGIN_FAILURE_LIMIT);
    expect(await isLoginRateLimited(ctx.db, 'someone-else@x.test', '203.0.113.50')).toBe(true);
    expect(await isLoginRateLimited(ctx.db, 'someone-else@x.test', '203.0.113.51')).toBe(false);
  });

  it('one statement per attempt: 50 concurrent hits on one key return the counts 1…50 exactly once each', async () => {
    const now = new Date();
    const counts = await Promise.all(Array.from({ length: 50 }, () => hitRateLimit(ctx.db, 'test:burst', LOGIN_WINDOW_MS, now)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const rows = await ctx.db.select().from(rateLimitCounters);
    expect(rows).toEqual([{ key: 'test:burst', windowStart: windowStartOf(now, LOGIN_WINDOW_MS), count: 50 }]);
  });

  it('a successful sign-in clears the email and hands its attempt back to the address', async () => {
    const org = await makeOrg(ctx.db);
    await makeMember(ctx.db, org.id, 'staff', { user: { email: 'ok@x.test', passwordHash: await hash(PASSWORD) } });
    for (let i = 0; i < 3; i++) await expect(authorizeCredentials({ email: 'ok@x.test', password: 'wrong one!!' }, '192.0.2.9')).rejects.toThrow();
    await expect(authorizeCredentials({ email: 'ok@x.test', password: PASSWORD }, '192.0.2.9')).resolves.toMatchObject({ email: 'ok@x.test' });
    const byKey = new Map((await ctx.db.select().from(rateLimitCounters)).map((r) => [r.key, r.count]));
    expect(byKey.has(rateLimitKey('login-email', 'ok@x.test'))).toBe(false);
    expect(byKey.get(rateLimitKey('login-address', '192.0.2.9'))).toBe(3);
    // Many people signing in from one office address do not lock each other out.
    for (let i = 0; i < 2 * LOGIN_FAILURE_LIMIT; i++) {
      await expect(authorizeCredentials({ email: 'ok@x.test', password: PASSWORD }, '192.0.2.10')).resolves.toBeTruthy();
    }
  });

  it('keys hold neither emails nor addresses, and any input (a NUL byte, 10 kB) is safe to count', async () => {
    expect(await countLoginAttempt(ctx.db, 'nul\u0000@x.test', '203.0.113.1')).toBe(true);
    expect(await countLoginAttempt(ctx.db, 'x'.repeat(10_000), 'unknown')).toBe(true);
    await expect(authorizeCredentials({ email: 'nul\u0000@x.test', password: 'whatever' }, '203.0.113.1')).rejects.toThrow(/valid email/);
    for (const row of await ctx.db.select().from(rateLimitCounters)) {
      expect(row.key).toMatch(/^[a-z-]+:[0-9a-f]{64}$/);
      expect(row.key).not.toContain('x.test');
      expect(row.key).not.toContain('203.0.113');
    }
  });

  it('sign-up and password-reset limits count concurrently too', async () => {
    const now = new Date();
    const signups = await Promise.all(Array.from({ length: 30 }, () => checkAndCountSignup(ctx.db, '203.0.113.20', now)));
    expect(signups.filter(Boolean)).toHaveLength(SIGNUP_LIMIT);
    const resets = await Promise.all(Array.from({ length: 20 }, () => countPasswordResetRequest(ctx.db, 'reset@x.test', '203.0.113.21', now)));
    expect(resets.filter(Boolean)).toHaveLength(3);
  });

  it('old windows are pruned by the scheduler tick, not by requests; current windows stay', async () => {
    const now = new Date('2026-05-01T12:00:00Z');
    await ctx.db.insert(rateLimitCounters).values([
      { key: 'old:a', windowStart: new Date('2026-05-01T10:00:00Z'), count: 4 },
      { key: 'old:b', windowStart: new Date('2026-04-30T12:00:00Z'), count: 9 },
      { key: 'current:a', windowStart: new Date('2026-05-01T11:45:00Z'), count: 2 },
      { key: 'current:b', windowStart: new Date('2026-05-01T11:00:00Z'), count: 2 },
    ]);
    // A failed sign-in no longer scans the table.
    await countLoginAttempt(ctx.db, 'a@x.test', '203.0.113.30', now);
    expect(await ctx.db.select().from(rateLimitCounters)).toHaveLength(6);
    await runTick(ctx.db, now);
    const keys = (await ctx.db.select().from(rateLimitCounters)).map((r) => r.key).sort();
    expect(keys.filter((k) => k.startsWith('old:'))).toEqual([]);
    expect(keys).toContain('current:a');
    expect(keys).toContain('current:b');
    expect(await pruneRateLimitCounters(ctx.db, now)).toBe(0);
  });
});
