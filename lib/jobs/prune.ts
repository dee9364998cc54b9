import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { pruneRateLimitCounters } from '@/lib/auth/rate-limit';
import { rowsOf, ts } from './rows';

/** Finished jobs are kept this long for the jobs panel, failed ones longer. */
const DONE_JOBS_KEPT_DAYS = 7;
const FAILED_JOBS_KEPT_DAYS = 30;
/** Audit and mail rows of no agency (sign-ups, password resets) follow the defaults. */
const DEFAULT_AUDIT_DAYS = 400;
const DEFAULT_MAIL_DAYS = 90;

export interface PruneReport {
  rateLimitWindows: number;
  auditRows: number;
  mailRows: number;
  jobs: number;
}

const count = (result: unknown) => rowsOf<{ n: number | string }>(result).reduce((a, r) => a + Number(r.n), 0);

/**
 * The `prune` job: deletes finished rate-limit windows, audit-log rows older than each
 * agency's audit_retention_days, mail-log rows older than its mail_retention_days, and old
 * finished jobs. Set-based statements, safe to run twice (a second run finds nothing).
 */
export async function pruneOldRows(db: DbOrTx, now: Date): Promise<PruneReport> {
  const at = ts(now);
  const rateLimitWindows = await pruneRateLimitCounters(db, now);
  const auditRows = count(
    await db.execute(sql`with d as (
      delete from audit_log a where a.created_at < ${at}::timestamptz - make_interval(days => coalesce(
        (select o.audit_retention_days from organizations o where o.id = a.org_id), ${DEFAULT_AUDIT_DAYS}))
      returning 1) select count(*) as n from d`),
  );
  const mailRows = count(
    await db.execute(sql`with d as (
      delete from mail_messages m where m.created_at < ${at}::timestamptz - make_interval(days => coalesce(
        (select o.mail_retention_days from organizations o where o.id = m.org_id), ${DEFAULT_MAIL_DAYS}))
      returning 1) select count(*) as n from d`),
  );
  const jobs = count(
    await db.execute(sql`with d as (
      delete from jobs where (state = 'done' and finished_at < ${at}::timestamptz - make_interval(days => ${DONE_JOBS_KEPT_DAYS}))
        or (state = 'failed' and finished_at < ${at}::timestamptz - make_interval(days => ${FAILED_JOBS_KEPT_DAYS}))
      returning 1) select count(*) as n from d`),
  );
  return { rateLimitWindows, auditRows, mailRows, jobs };
}
