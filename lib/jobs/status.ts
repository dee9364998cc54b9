import 'server-only';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { jobs } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import type { JobKind } from './queue';

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  'cycle.close': 'Close and publish a check-in cycle',
  'cycle.remind': 'Queue check-in reminders',
  'mail.send': 'Send an email',
  prune: 'Delete old records',
};

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobsPanelDto {
  counts: Record<JobState, number>;
  byKind: { kind: string; label: string; counts: Record<JobState, number> }[];
  lastError: { label: string; message: string; at: string; attempts: number; state: JobState } | null;
  oldestQueuedAt: string | null;
}

const zero = (): Record<JobState, number> => ({ queued: 0, running: 0, done: 0, failed: 0 });

/**
 * The admin "Background jobs" panel: counts by state and kind for this agency's jobs and the
 * most recent error. No personal data: job payloads hold ids only and are never selected,
 * errors were stripped of email addresses when stored, and no recipient, name or score is
 * read here. Admins only (the caller authorized `admin`; checked again here).
 */
export async function getJobsPanel(db: DbOrTx, admin: OrgMember): Promise<JobsPanelDto> {
  if (admin.role !== 'admin') throw new AppError('NOT_FOUND', 'Not found.');
  const rows = await db
    .select({ kind: jobs.kind, state: jobs.state, n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${jobs.runAt}) filter (where ${jobs.state} = 'queued')` })
    .from(jobs)
    .where(eq(jobs.orgId, admin.orgId))
    .groupBy(jobs.kind, jobs.state);
  const counts = zero();
  const byKind = new Map<string, Record<JobState, number>>();
  let oldest: number | null = null;
  for (const r of rows) {
    const n = Number(r.n);
    counts[r.state] += n;
    const k = byKind.get(r.kind) ?? zero();
    k[r.state] += n;
    byKind.set(r.kind, k);
    if (r.oldest) {
      const t = new Date(r.oldest).getTime();
      oldest = oldest === null ? t : Math.min(oldest, t);
    }
  }
  const [err] = await db
    .select({ kind: jobs.kind, lastError: jobs.lastError, at: jobs.updatedAt, attempts: jobs.attempts, state: jobs.state })
    .from(jobs)
    .where(and(eq(jobs.orgId, admin.orgId), isNotNull(jobs.lastError)))
    .orderBy(desc(jobs.updatedAt))
    .limit(1);
  const label = (kind: string) => JOB_KIND_LABELS[kind as JobKind] ?? 'Other';
  return {
    counts,
    byKind: [...byKind.entries()].map(([kind, c]) => ({ kind, label: label(kind), counts: c })).sort((a, b) => a.label.localeCompare(b.label)),
    lastError: err ? { label: label(err.kind), message: err.lastError ?? '', at: err.at.toISOString(), attempts: err.attempts, state: err.state } : null,
    oldestQueuedAt: oldest === null ? null : new Date(oldest).toISOString(),
  };
}
