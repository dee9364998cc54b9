import { afterEach, describe, expect, it, vi } from 'vitest';
import { setDbHandle, type Db } from '@/db/client';
import { sessionJwtCallback } from './options';
import { StaleSessionError } from './session-version';

/**
 * A database that does not answer (PostgreSQL restarting) must not sign anyone out: next-auth
 * clears the session cookie when the JWT callback throws, so only a stale version may throw.
 */
const token = { sub: '6f1c4a0e-8a51-4c57-9a7e-4b7f7a0c1d2e', sv: 3, name: 'A', email: 'a@x.test' };
const dbAnswering = (version: number | null, fail = false) =>
  setDbHandle({
    driver: 'postgres',
    close: async () => {},
    db: {
      select: () => ({
        from: () => ({
          where: () => ({
            limit: () => (fail ? Promise.reject(new Error('write CONNECTION_CLOSED 127.0.0.1:5432')) : Promise.resolve(version === null ? [] : [{ version }])),
          }),
        }),
      }),
    } as unknown as Db,
  });

describe('the session check while the database is unavailable', () => {
  afterEach(() => setDbHandle(undefined));

  it('keeps the session when the database fails, instead of signing the person out', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    dbAnswering(null, true);
    await expect(sessionJwtCallback({ token })).resolves.toMatchObject({ sub: token.sub, sv: 3 });
  });

  it('still refuses a stale session when the database answers', async () => {
    dbAnswering(4);
    await expect(sessionJwtCallback({ token })).rejects.toBeInstanceOf(StaleSessionError);
    dbAnswering(3);
    await expect(sessionJwtCallback({ token })).resolves.toMatchObject({ sv: 3 });
  });
});
