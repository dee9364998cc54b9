import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { migrationsFolder } from '@/db/migrate';
import { rowsOf } from '@/lib/jobs/rows';
import { isDraining } from './http-drain';

/**
 * Readiness for load balancers: the database answers and every migration of this build is
 * applied. "Applied" is drizzle's own rule (db/migrate.ts): a migration counts once the newest
 * row in drizzle.__drizzle_migrations is at least as new as its journal timestamp.
 * Nothing here names the database, a host, a user or a secret.
 */
export interface Readiness {
  ready: boolean;
  status: 'ready' | 'stopping' | 'database unavailable' | 'migrations pending';
  migrations: { applied: number; expected: number } | null;
}

interface JournalEntry {
  when: number;
}

const journals = new Map<string, JournalEntry[]>();

/** The migrations this build ships, from db/migrations/meta/_journal.json (read once per folder). */
export function expectedMigrations(folder = migrationsFolder): JournalEntry[] {
  let entries = journals.get(folder);
  if (!entries) {
    const parsed = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
    entries = parsed.entries.map((e) => ({ when: Number(e.when) }));
    journals.set(folder, entries);
  }
  return entries;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('readiness check timed out')), ms).unref())]);

export async function checkReadiness(getDb: () => Db, options: { timeoutMs?: number; expected?: JournalEntry[] } = {}): Promise<Readiness> {
  if (isDraining()) return { ready: false, status: 'stopping', migrations: null };
  const expected = options.expected ?? expectedMigrations();
  let applied: { n: number; newest: number | null };
  try {
    applied = await withTimeout(
      (async () => {
        const db = getDb();
        const exists = rowsOf<{ t: string | null }>(await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`));
        if (!exists[0]?.t) return { n: 0, newest: null };
        const [row] = rowsOf<{ n: number; newest: string | number | null }>(
          await db.execute(sql`select count(*)::int as n, max(created_at) as newest from drizzle.__drizzle_migrations`),
        );
        return { n: Number(row?.n ?? 0), newest: row?.newest == null ? null : Number(row.newest) };
      })(),
      options.timeoutMs ?? 2000,
    );
  } catch (err) {
    console.error('[sustain] readiness: database check failed', err instanceof Error ? err.message : err);
    return { ready: false, status: 'database unavailable', migrations: null };
  }
  const newestExpected = expected.reduce((m, e) => Math.max(m, e.when), 0);
  const upToDate = expected.length === 0 || (applied.newest !== null && applied.newest >= newestExpected);
  const migrations = { applied: applied.n, expected: expected.length };
  return upToDate ? { ready: true, status: 'ready', migrations } : { ready: false, status: 'migrations pending', migrations };
}
