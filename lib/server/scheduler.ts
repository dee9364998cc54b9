import 'server-only';
import { and, eq, lte, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db/client';
import { cycles } from '@/db/schema';
import { getEnv } from '@/lib/env';
import type { JobOutcome } from '@/lib/jobs/handlers';
import { openDueCycles } from '@/lib/jobs/open-cycles';
import { enqueueJobs, failExhaustedLeases, type NewJob } from '@/lib/jobs/queue';
import { rowsOf, ts } from '@/lib/jobs/rows';
import { drainJobs } from '@/lib/jobs/runner';

/**
 * The one scheduler. Every server runs a tick a minute (unless SUSTAIN_SCHEDULER=off), and
 * cron may run `npm run cycles:tick` too, but a tick only ENQUEUES due work, inside a
 * transaction holding a Postgres advisory lock taken with pg_try_advisory_xact_lock: with N
 * servers exactly one enqueues each minute, the others return at once. The work itself
 * (closing and publishing, reminders, mail, pruning) runs as background jobs (lib/jobs),
 * claimed by whichever server's worker is free. Enqueueing is idempotent (dedupe keys), so
 * even two ticks that did run would add nothing twice.
 */
const SCHEDULER_LOCK_KEY = 724_311_913;
const INTERVAL_MS = 60_000;
const DEFAULT_REMINDER_DAYS = 3;

export interface EnqueueReport {
  /** False when another server held the scheduler lock: this tick did nothing. */
  locked: boolean;
  opened: number;
  enqueued: number;
}

const hourKey = (now: Date) => now.toISOString().slice(0, 13);

/**
 * One scheduler step at `now`: opens cycles whose window has begun (one insert per agency,
 * idempotent by unique indexes) and enqueues a close job for each cycle past its close, a
 * reminder job for each open cycle in its reminder window (at most one an hour, so someone
 * who joins late is reminded within the hour), and an hourly prune job.
 */
export async function enqueueDueWork(db: Db, now = new Date()): Promise<EnqueueReport> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SCHEDULER_LOCK_KEY}) as locked`));
    if (!lock?.locked) return { locked: false, opened: 0, enqueued: 0 };
    // A job whose worker died on its last allowed attempt would stay "running": mark it failed.
    await failExhaustedLeases(tx, now);
    const opened = await openDueCycles(tx, now);
    const due = await tx
      .select({ id: cycles.id, orgId: cycles.orgId })
      .from(cycles)
      .where(and(eq(cycles.status, 'open'), lte(cycles.closesAt, now)));
    const remind = rowsOf<{ id: string; org_id: string }>(
      await tx.execute(sql`
        select c.id, c.org_id from cycles c left join cycle_schedules s on s.org_id = c.org_id
        where c.status = 'open' and c.closes_at > ${ts(now)}::timestamptz
          and coalesce(s.reminder_days_before_close, ${DEFAULT_REMINDER_DAYS}) > 0
          and c.closes_at - make_interval(days => coalesce(s.reminder_days_before_close, ${DEFAULT_REMINDER_DAYS})) <= ${ts(now)}::timestamptz`),
    );
    const hour = hourKey(now);
    const list: NewJob[] = [
      ...due.map((c) => ({
        kind: 'cycle.close' as const,
        dedupeKey: `cycle.close:${c.id}`,
        orgId: c.orgId,
        payload: { cycleId: c.id },
        runAt: now,
        maxAttempts: 10,
      })),
      ...remind.map((c) => ({
        kind: 'cycle.remind' as const,
        dedupeKey: `cycle.remind:${c.id}:${hour}`,
        orgId: c.org_id,
        payload: { cycleId: c.id },
        runAt: now,
      })),
      { kind: 'prune', dedupeKey: `prune:${hour}`, orgId: null, payload: {}, runAt: now, maxAttempts: 3 },
    ];
    return { locked: true, opened, enqueued: await enqueueJobs(tx, list) };
  });
}

export interface TickReport {
  closed: number;
  opened: number;
  reminded: number;
}

/**
 * A tick that also runs the due jobs here, until none is left: what `npm run cycles:tick`
 * does from cron (so cron alone is enough when no server runs), and what tests use.
 */
export async function runTick(db: Db, now = new Date()): Promise<TickReport> {
  const enqueued = await enqueueDueWork(db, now);
  const done: JobOutcome = await drainJobs(db, now);
  return { closed: done.closed, opened: enqueued.opened + done.opened, reminded: done.reminded };
}

/** Enqueues and runs the reminder work due at `now`; returns how many reminders were queued. */
export async function sendDueReminders(db: Db, now = new Date()): Promise<number> {
  await enqueueDueWork(db, now);
  return (await drainJobs(db, now)).reminded;
}

/* ───────────────────────── the per-minute timer ───────────────────────── */

const globalForScheduler = globalThis as unknown as { __sustainSchedulerTimer?: NodeJS.Timeout; __sustainTickRunning?: boolean };

async function tickOnce() {
  if (globalForScheduler.__sustainTickRunning) return; // never overlap our own ticks
  globalForScheduler.__sustainTickRunning = true;
  try {
    const report = await enqueueDueWork(getDb());
    if (report.locked && (report.opened || report.enqueued > 1)) console.log('[sustain] scheduler', report);
  } catch (err) {
    console.error('[sustain] scheduler tick failed', err);
  } finally {
    globalForScheduler.__sustainTickRunning = false;
  }
}

/**
 * Starts the job worker (always: "Remind now" and mail enqueue jobs too) and, unless
 * SUSTAIN_SCHEDULER=off, the per-minute tick.
 */
export async function startScheduler(): Promise<void> {
  const env = getEnv();
  const { getDbHandle } = await import('@/db/client');
  const { startJobWorker } = await import('@/lib/jobs/runner');
  startJobWorker(getDb, {
    // PGlite is one in-process connection: one job at a time.
    concurrency: getDbHandle().driver === 'pglite' ? 1 : env.SUSTAIN_JOB_CONCURRENCY,
    leaseMs: env.SUSTAIN_JOB_LEASE_SECONDS * 1000,
  });
  if (env.SUSTAIN_SCHEDULER === 'off' || globalForScheduler.__sustainSchedulerTimer) return;
  void tickOnce();
  const timer = setInterval(() => void tickOnce(), INTERVAL_MS);
  timer.unref();
  globalForScheduler.__sustainSchedulerTimer = timer;
}

/** Stops the tick and the worker, waiting up to `graceMs` for running jobs (see stopJobWorker). */
export async function stopScheduler(graceMs = 10_000): Promise<void> {
  if (globalForScheduler.__sustainSchedulerTimer) clearInterval(globalForScheduler.__sustainSchedulerTimer);
  globalForScheduler.__sustainSchedulerTimer = undefined;
  const { stopJobWorker } = await import('@/lib/jobs/runner');
  await stopJobWorker(graceMs);
}
