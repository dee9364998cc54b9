import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { closeCycle } from '@/lib/server/cycles';
import { deliverQueuedMail } from '@/lib/server/mail';
import { openDueCycles } from './open-cycles';
import { pruneOldRows } from './prune';
import type { ClaimedJob } from './queue';
import { queueCycleReminders } from './reminders';

/** What a job did, summed into the tick report. */
export interface JobOutcome {
  closed: number;
  opened: number;
  reminded: number;
  mailed: number;
}

export const emptyOutcome = (): JobOutcome => ({ closed: 0, opened: 0, reminded: 0, mailed: 0 });

const cyclePayload = z.object({ cycleId: z.uuid() });
const mailPayload = z.object({ mailId: z.uuid() });

function requireOrg(job: ClaimedJob): string {
  if (!job.orgId) throw new Error(`${job.kind}: job has no agency`);
  return job.orgId;
}

/**
 * Runs one job's work. Every handler is idempotent, so a job retried after a crash or a
 * lost lease does its work once:
 * - cycle.close: the existing close path (closeCycle: conditional UPDATE, aggregates,
 *   drivers and audit in one transaction), then opens the agency's next scheduled cycle if
 *   its window has begun;
 * - cycle.remind: claims one reminder per person per cycle and queues their mails;
 * - mail.send: delivers one logged mail, unless it is already marked sent;
 * - prune: deletes rows past their retention.
 */
export async function runJobHandler(db: Db, job: ClaimedJob, now: Date): Promise<JobOutcome> {
  const outcome = emptyOutcome();
  switch (job.kind) {
    case 'cycle.close': {
      const orgId = requireOrg(job);
      const { cycleId } = cyclePayload.parse(job.payload);
      if (await closeCycle(db, orgId, cycleId, { now })) outcome.closed = 1;
      outcome.opened = await openDueCycles(db, now, orgId);
      return outcome;
    }
    case 'cycle.remind': {
      const { cycleId } = cyclePayload.parse(job.payload);
      outcome.reminded = await queueCycleReminders(db, requireOrg(job), cycleId, now);
      return outcome;
    }
    case 'mail.send': {
      const { mailId } = mailPayload.parse(job.payload);
      if (await deliverQueuedMail(db, mailId, now)) outcome.mailed = 1;
      return outcome;
    }
    case 'prune':
      await pruneOldRows(db, now);
      return outcome;
    default:
      throw new Error(`No handler for job kind ${JSON.stringify(job.kind)}`);
  }
}
