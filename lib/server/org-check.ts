import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycles } from '@/db/schema';
import { isOrgCheckDue, isOrgCheckSetting } from '@/lib/cycles/org-check-due';

/** When the agency's latest cycle that included the organizational check opened, or null. */
export async function getLastOrgCheckOpening(db: DbOrTx, orgId: string): Promise<Date | null> {
  const [row] = await db
    .select({ opensAt: cycles.opensAt })
    .from(cycles)
    .where(and(eq(cycles.orgId, orgId), sql`(${cycles.instruments}->>'orgCheck')::boolean is true`))
    .orderBy(desc(cycles.opensAt))
    .limit(1);
  return row?.opensAt ?? null;
}

/** Whether a cycle of `orgId` opening at `opensAt` includes the organizational check under `setting`. */
export async function shouldIncludeOrgCheck(db: DbOrTx, orgId: string, setting: string, opensAt: Date): Promise<boolean> {
  const rule = isOrgCheckSetting(setting) ? setting : 'twice_yearly';
  if (rule !== 'twice_yearly') return isOrgCheckDue(rule, null, opensAt);
  return isOrgCheckDue(rule, await getLastOrgCheckOpening(db, orgId), opensAt);
}
