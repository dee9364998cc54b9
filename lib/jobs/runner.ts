import 'server-only';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { emptyOutcome, runJobHandler, type JobOutcome } from './handlers';
import { claimJobs, completeJob, extendLease, failExhaustedLeases, failJob, type ClaimedJob } from './queue';

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export interface RunOptions {
  workerId: string;
  leaseMs: number;
  /** The clock; the worker reads the real time, tests and the tick pass their own `now`. */
  now?: () => Date;
}

/**
 * Runs one claimed job: renews its lease while the handler works (so a slow close is not
 * taken over), then marks it done, or records the error for a retry with backoff.
 */
export async function runClaimedJob(db: Db, job: ClaimedJob, options: RunOptions): Promise<JobOutcome | null> {
  const clock = options.now ?? (() => new Date());
  const heartbeat = options.now
    ? undefined
    : setInterval(() => {
        extendLease(db, job, options.workerId, new Date(Date.now() + options.leaseMs)).catch((err: unknown) =>
          console.error('[sustain] jobs: lease renewal failed', err),
        );
      }, Math.max(500, Math.floor(options.leaseMs / 3)));
  heartbeat?.unref();
  try {
    const outcome = await runJobHandler(db, job, clock());
    await completeJob(db, job, options.workerId, clock());
    return outcome;
  } catch (err) {
    const result = await failJob(db, job, options.workerId, err, clock());
    console.error(`[sustain] jobs: ${job.kind} ${job.id} attempt ${job.attempts} failed (${result})`, err instanceof Error ? err.message : err);
    return null;
  } finally {
    if (heartbeat) clearInterval(heartbeat);
  }
}

const add = (a: JobOutcome, b: JobOutcome | null) => {
  if (b) for (const k of Object.keys(a) as (keyof JobOutcome)[]) a[k] += b[k];
};

/**
 * Runs every job runnable at `now` until none is left (jobs a handler enqueues included),
 * in this process. Used by `npm run cycles:tick` and tests; servers run the worker instead.
 * A job that fails is rescheduled after its backoff, so the loop ends.
 */
export async function drainJobs(db: Db, now: Date, options: { workerId?: string; leaseMs?: number } = {}): Promise<JobOutcome> {
  const workerId = options.workerId ?? newWorkerId();
  const leaseMs = options.leaseMs ?? 300_000;
  const total = emptyOutcome();
  await failExhaustedLeases(db, now);
  for (;;) {
    const [job] = await claimJobs(db, { workerId, limit: 1, now, leaseMs });
    if (!job) return total;
    add(total, await runClaimedJob(db, job, { workerId, leaseMs, now: () => now }));
  }
}

/* ───────────────────────── the worker in each server ───────────────────────── */

interface WorkerState {
  stopping: boolean;
  inFlight: Set<Promise<unknown>>;
  loops: Promise<void>[];
  wakers: Set<() => void>;
}

const MAIL_BATCH = 20;

const globalForWorker = globalThis as unknown as { __sustainJobWorker?: WorkerState };

const sleep = (ms: number, state: WorkerState) =>
  new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(t);
      state.wakers.delete(wake);
      resolve();
    };
    const t = setTimeout(wake, ms);
    t.unref();
    state.wakers.add(wake);
  });

/**
 * Starts `concurrency` loops that claim and run jobs until stopJobWorker. An idle loop polls
 * every `pollMs` (with jitter, so servers do not poll in step).
 */
export function startJobWorker(getDb: () => Db, options: { concurrency: number; leaseMs: number; pollMs?: number }): void {
  if (globalForWorker.__sustainJobWorker) return;
  const state: WorkerState = { stopping: false, inFlight: new Set(), loops: [], wakers: new Set() };
  globalForWorker.__sustainJobWorker = state;
  const workerId = newWorkerId();
  const pollMs = options.pollMs ?? 1000;
  const loop = async () => {
    while (!state.stopping) {
      let job: ClaimedJob | undefined;
      try {
        [job] = await claimJobs(getDb(), { workerId, limit: 1, now: new Date(), leaseMs: options.leaseMs });
      } catch (err) {
        console.error('[sustain] jobs: claim failed', err instanceof Error ? err.message : err);
      }
      if (!job) {
        await sleep(pollMs * (0.5 + Math.random()), state);
        continue;
      }
      // Mail is many small jobs: take a few more of them in the same claim, to spend less
      // time claiming than sending. Heavier jobs (closes) are claimed one at a time so they
      // spread over every server.
      let batch = [job];
      if (job.kind === 'mail.send') {
        try {
          batch = batch.concat(await claimJobs(getDb(), { workerId, limit: MAIL_BATCH - 1, now: new Date(), leaseMs: options.leaseMs, kind: 'mail.send' }));
        } catch (err) {
          console.error('[sustain] jobs: claim failed', err instanceof Error ? err.message : err);
        }
      }
      // A batch of mails is sent concurrently: each SMTP exchange mostly waits on the network.
      const run = Promise.all(batch.map((claimed) => runClaimedJob(getDb(), claimed, { workerId, leaseMs: options.leaseMs })));
      state.inFlight.add(run);
      await run;
      state.inFlight.delete(run);
    }
  };
  for (let i = 0; i < options.concurrency; i++) state.loops.push(loop());
}

/**
 * Stops claiming, then waits up to `graceMs` for running jobs to finish. A job still running
 * after that is abandoned: its transaction rolls back when the process exits and its lease
 * runs out, so another server (or this one, restarted) runs it again. Nothing is half done.
 */
export async function stopJobWorker(graceMs = 10_000): Promise<void> {
  const state = globalForWorker.__sustainJobWorker;
  if (!state) return;
  state.stopping = true;
  for (const wake of [...state.wakers]) wake();
  globalForWorker.__sustainJobWorker = undefined;
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  await Promise.race([Promise.allSettled([...state.inFlight]), timeout]);
}

/** True while this process runs the job worker. */
export function isJobWorkerRunning(): boolean {
  return Boolean(globalForWorker.__sustainJobWorker);
}
