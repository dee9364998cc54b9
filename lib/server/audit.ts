import 'server-only';
import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema';

export interface AuditEntry {
  orgId: string | null;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Names and settings only. Never answers, scores or anything about wellbeing. */
  detail?: Record<string, string | number | boolean | null>;
}

export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    orgId: entry.orgId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
  });
}
