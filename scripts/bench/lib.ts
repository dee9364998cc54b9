/** Shared helpers for benchmarks: a throwaway Postgres database and timing summaries. */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDb, type Db, type DbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { getMeasure } from '@/lib/measures';

export const BENCH_BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createBenchDatabase(label: string): Promise<{ handle: DbHandle; url: string; drop(): Promise<void> }> {
  const name = `sustain_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BENCH_BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(BENCH_BASE_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const handle = openDb({ databaseUrl: url, poolSize: 8 });
  await runMigrations(handle, url);
  return {
    handle,
    url,
    drop: async () => {
      await handle.close();
      if (!process.env.BENCH_KEEP_DB) await admin.unsafe(`drop database if exists ${name} with (force)`);
      else console.log(`[bench] kept database ${name}`);
      await admin.end({ timeout: 5 });
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1]! };
}

/** `--name 123` from the command line, or `fallback`. */
export function numericArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Wilson 95% interval for a proportion, in percent. */
export function wilson(x: number, n: number): string {
  if (n === 0) return '—';
  const z = 1.959963984540054;
  const p = x / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return `${(100 * p).toFixed(1)}% (${(100 * Math.max(0, centre - half)).toFixed(1)}–${(100 * Math.min(1, centre + half)).toFixed(1)}%)`;
}

/**
 * A ratio Σx/Σm over histories with a cluster-robust 95% interval: releases and terms of one
 * history share people, so they are not independent; the history is the unit (ratio
 * estimator, linearized variance with the H/(H − 1) small-sample factor).
 */
export function clusteredShare(parts: readonly [number, number][]): string {
  const used = parts.filter(([, m]) => m > 0);
  const X = used.reduce((a, [x]) => a + x, 0);
  const M = used.reduce((a, [, m]) => a + m, 0);
  if (M === 0) return '—';
  const r = X / M;
  const H = used.length;
  const ss = used.reduce((a, [x, m]) => a + (x - r * m) ** 2, 0);
  const se = H > 1 ? Math.sqrt((ss * H) / (H - 1)) / M : 0;
  return `${(100 * r).toFixed(1)}% (${(100 * Math.max(0, r - 1.96 * se)).toFixed(1)}–${(100 * Math.min(1, r + 1.96 * se)).toFixed(1)}%) of ${M}`;
}

/**
 * Runs `fn` on a throwaway database: an in-memory PGlite when `pglite` (one connection), else
 * a new Postgres database from {@link createBenchDatabase}, dropped afterwards.
 */
export async function withBenchDb(label: string, pglite: boolean, fn: (db: Db) => Promise<void>): Promise<void> {
  if (pglite) {
    const handle = openDb({ dataDir: 'memory' });
    try {
      await runMigrations(handle);
      await fn(handle.db);
    } finally {
      await handle.close();
    }
  } else {
    const bench = await createBenchDatabase(label);
    try {
      await fn(bench.handle.db);
    } finally {
      await bench.drop();
    }
  }
}

/** Runs `run` over `jobs`, `concurrency` at a time; results in job order; progress on stderr every 10. */
export async function runPool<J, R>(label: string, jobs: readonly J[], concurrency: number, run: (job: J) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await run(jobs[i]!);
      done++;
      if (done % 10 === 0 || done === jobs.length) {
        process.stderr.write(`[${label}] ${done}/${jobs.length} histories, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** True when the module at `moduleUrl` (its import.meta.url) is the script being run, not an import. */
export function isMainModule(moduleUrl: string): boolean {
  const invoked = process.argv[1];
  return invoked !== undefined && resolve(invoked) === fileURLToPath(moduleUrl);
}

/** SQL for a score's level from the measure's cut points (lib/measures), never restated here. */
export const levelSql = (key: 'bo' | 'vr') => (col: string) => {
  const c = getMeasure(key).cutPoints!;
  return `case when ${col} <= ${c.lowMax} then 'low' when ${col} >= ${c.highMin} then 'high' else 'moderate' end`;
};

/** SQL for one stored subscale score (the shape scoring writes into responses.scores). */
export const storedScoreSql = (col: string, lvl: string) =>
  `jsonb_build_object('value', ${col}, 'level', ${lvl}, 'prorated', false, 'answered', 10, 'missing', 0, 'reason', null)`;

/**
 * SQL that gives every user a membership, in order: each agency gets `staff` staff spread
 * over its `teams` teams and one director (without a team), `staff + 1` users per agency.
 */
export const seedMembershipsSql = (staff: number, teams: number) => `
  with o as (select id, row_number() over (order by id) - 1 as rn from organizations),
       t as (select id, org_id, row_number() over (partition by org_id order by id) - 1 as tn from teams),
       u as (select id, row_number() over (order by id) - 1 as rn from users)
  insert into memberships (org_id, user_id, role, team_id)
  select o.id, u.id,
         (case when u.rn % ${staff + 1} = ${staff} then 'director' else 'staff' end)::membership_role,
         case when u.rn % ${staff + 1} = ${staff} then null else t.id end
  from u join o on o.rn = u.rn / ${staff + 1}
  join t on t.org_id = o.id and t.tn = (u.rn % ${staff + 1}) % ${teams}`;
