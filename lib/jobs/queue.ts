/**
 * Background jobs on Postgres: a `jobs` table claimed with FOR UPDATE SKIP LOCKED.
 *
 * Why a table and not pg-boss or graphile-worker: both need a real Postgres server
 * (LISTEN/NOTIFY, their own schema migrations, several pooled connections), while Sustain
 * also runs on embedded PGlite, one in-process connection, where the same handlers must run.
 * A table in our own drizzle schema and migrations works on both unchanged, keeps payloads
 * under our privacy rules (ids only), and is a few small statements we can test.
 *
 * Guarantees:
 * - idempotent enqueue: every job has a dedupe key (unique index, ON CONFLICT DO NOTHING);
 * - a claim is a lease (locked_until): a worker that crashes or is killed mid-job loses
 *   nothing, because the row becomes claimable again when the lease runs out;
 * - failures are retried with exponential backoff until max_attempts, then marked failed
 *   with the last error (redacted: no email addresses), which admins see in the jobs panel;
 * - handlers are idempotent themselves (a close is a conditional UPDATE, a reminder claims
 *   its (cycle, person) row, a mail is marked sent), so a job run twice does its work once.
 */
import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { jobs, type Job } from '@/db/schema';
import { rowsOf, ts } from './rows';

export type JobKind = 'cycle.close' | 'cycle.remind' | 'mail.send' | 'prune';
export type JobPayload = Record<string, string | number | boolean | null>;

export interface NewJob {
  kind: JobKind;
  dedupeKey: string;
  orgId: string | null;
  payload: JobPayload;
  runAt: Date;
  maxAttempts?: number;
}

const INSERT_CHUNK = 1000;

/** Enqueues jobs; those whose dedupe key exists already are skipped. Returns how many were new. */
export async function enqueueJobs(db: DbOrTx, list: readonly NewJob[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < list.length; i += INSERT_CHUNK) {
    const chunk = list.slice(i, i + INSERT_CHUNK).map((j) => ({
      kind: j.kind,
      dedupeKey: j.dedupeKey,
      orgId: j.orgId,
      payload: j.payload,
      runAt: j.runAt,
      maxAttempts: j.maxAttempts ?? 8,
    }));
    const rows = await db.insert(jobs).values(chunk).onConflictDoNothing({ target: jobs.dedupeKey }).returning({ id: jobs.id });
    added += rows.length;
  }
  return added;
}

export interface ClaimedJob {
  id: string;
  kind: JobKind;
  orgId: string | null;
  payload: JobPayload;
  attempts: number;
  maxAttempts: number;
}

/**
 * Claims up to `limit` runnable jobs for `workerId`: queued ones whose run_at has come, and
 * running ones whose lease ran out (their worker died). One statement, so two workers never
 * claim the same row (SKIP LOCKED passes over rows another transaction is claiming).
 */
export async function claimJobs(
  db: DbOrTx,
  options: { workerId: string; limit: number; now: Date; leaseMs: number; kind?: JobKind },
): Promise<ClaimedJob[]> {
  const now = sql`${ts(options.now)}::timestamptz`;
  const kindFilter = options.kind ? sql`and kind = ${options.kind}` : sql``;
  // Two statements rather than one OR, so each uses its partial index (a queue of 100,000
  // waiting mails must not be scanned per claim): first jobs whose worker died, then due ones.
  const expired = await claimWhere(db, options, sql`state = 'running' and locked_until < ${now} and attempts < max_attempts ${kindFilter}`, 'locked_until');
  if (expired.length >= options.limit) return expired;
  const due = await claimWhere(
    db,
    { ...options, limit: options.limit - expired.length },
    sql`state = 'queued' and run_at <= ${now} ${kindFilter}`,
    'run_at',
  );
  return expired.concat(due);
}

async function claimWhere(
  db: DbOrTx,
  options: { workerId: string; limit: number; now: Date; leaseMs: number },
  condition: SQL,
  orderBy: 'run_at' | 'locked_until',
): Promise<ClaimedJob[]> {
  const lockedUntil = new Date(options.now.getTime() + options.leaseMs);
  const result = await db.execute(sql`
    update jobs set state = 'running', attempts = jobs.attempts + 1, locked_by = ${options.workerId},
      locked_until = ${ts(lockedUntil)}::timestamptz, updated_at = ${ts(options.now)}::timestamptz
    where id in (
      select id from jobs where ${condition}
      order by ${sql.raw(orderBy)}
      limit ${options.limit}
      for update skip locked
    )
    returning id, kind, org_id, payload, attempts, max_attempts`);
  return rowsOf<{ id: string; kind: JobKind; org_id: string | null; payload: JobPayload; attempts: number; max_attempts: number }>(
    result,
  ).map((r) => ({
    id: r.id,
    kind: r.kind,
    orgId: r.org_id,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as JobPayload) : r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
  }));
}

/** Only the worker that holds the current claim may finish it (a reclaimed job is not ours). */
const ourClaim = (job: ClaimedJob, workerId: string) =>
  and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.attempts, job.attempts), eq(jobs.state, 'running'));

export async function extendLease(db: DbOrTx, job: ClaimedJob, workerId: string, until: Date): Promise<void> {
  await db.update(jobs).set({ lockedUntil: until }).where(ourClaim(job, workerId));
}

export async function completeJob(db: DbOrTx, job: ClaimedJob, workerId: string, now: Date): Promise<void> {
  await db
    .update(jobs)
    .set({ state: 'done', finishedAt: now, updatedAt: now, lockedBy: null, lockedUntil: null })
    .where(ourClaim(job, workerId));
}

/** Exponential backoff: 10 s, 20 s, 40 s, … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** An error as the jobs panel may show it: one line, no email address, at most 300 characters. */
export function redactJobError(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text
    .replace(/[^\s@<>()"',;:]+@[^\s@<>()"',;:]+/g, '[address]')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

/** Records a failure: back to queued after the backoff, or failed for good after max attempts. */
export async function failJob(db: DbOrTx, job: ClaimedJob, workerId: string, err: unknown, now: Date): Promise<'retry' | 'failed'> {
  const final = job.attempts >= job.maxAttempts;
  await db
    .update(jobs)
    .set({
      state: final ? 'failed' : 'queued',
      runAt: new Date(now.getTime() + backoffMs(job.attempts)),
      lastError: redactJobError(err),
      updatedAt: now,
      finishedAt: final ? now : null,
      lockedBy: null,
      lockedUntil: null,
    })
    .where(ourClaim(job, workerId));
  return final ? 'failed' : 'retry';
}

/**
 * Jobs whose lease ran out after their last allowed attempt would otherwise be claimed
 * forever: mark them failed (a job that kills its worker every time must stop).
 */
export async function failExhaustedLeases(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({
      state: 'failed',
      finishedAt: now,
      updatedAt: now,
      lockedBy: null,
      lockedUntil: null,
      lastError: 'The worker stopped while running this job, on every attempt.',
    })
    .where(and(eq(jobs.state, 'running'), sql`${jobs.lockedUntil} < ${ts(now)}::timestamptz`, sql`${jobs.attempts} >= ${jobs.maxAttempts}`))
    .returning({ id: jobs.id });
  return rows.length;
}

export type { Job };
