/** Shared helpers for benchmarks: a throwaway Postgres database and timing summaries. */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDb, type DbHandle } from '@/db/client';
import { runMigrations } from '@/db/migrate';

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
