import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { cycleAggregates, responses } from '@/db/schema';
import {
  ORG_GROUP,
  PILLAR_MEASURES,
  auditPublication,
  pillarCellSchema,
  type AggregateCell,
  type AuditReport,
  type Measure,
  type PillarCell,
} from '@/lib/privacy';
import { loadViewerRespondentKeys } from '@/lib/server/publication';

const SLOTS: readonly Measure[] = ['cs', 'bo', 'sts', 'vr'];

/**
 * Test helper: the independent auditor run again on a cycle's STORED pillar cells (issue
 * 15), with every response of the cycle and viewers' answers as known, in two batches of
 * measure slots as published (lib/privacy/pillars.ts). Returns the stored cells and both reports.
 */
export async function auditStoredPillars(db: Db, orgId: string, cycleId: string, k: number): Promise<{ cells: PillarCell[]; reports: AuditReport[] }> {
  const [cellRows, rows, viewerKeys] = await Promise.all([
    db
      .select({ cell: cycleAggregates.cell })
      .from(cycleAggregates)
      .where(and(eq(cycleAggregates.cycleId, cycleId), inArray(cycleAggregates.measure, [...PILLAR_MEASURES]))),
    db
      .select({ teamId: responses.teamId, scores: responses.scores, key: responses.respondentKey, asViewer: responses.submittedAsViewer })
      .from(responses)
      .where(and(eq(responses.orgId, orgId), eq(responses.cycleId, cycleId))),
    loadViewerRespondentKeys(db, orgId),
  ]);
  const cells = cellRows.map((r) => pillarCellSchema.parse(r.cell));
  const teamIds = new Set(cells.filter((c) => c.group !== ORG_GROUP).map((c) => c.group));
  const reports = [PILLAR_MEASURES.slice(0, 4), PILLAR_MEASURES.slice(4)].map((batch) =>
    auditPublication({
      k,
      cells: cells.filter((c) => batch.includes(c.measure)).map((c) => ({ ...c, measure: SLOTS[batch.indexOf(c.measure)]! }) as AggregateCell),
      respondents: rows.map((r) => {
        const isViewer = r.asViewer || viewerKeys.has(r.key);
        return {
          teamId: r.teamId && teamIds.has(r.teamId) ? r.teamId : null,
          isViewer,
          isCounted: !isViewer,
          scores: Object.fromEntries(batch.map((p, i) => [SLOTS[i]!, { value: r.scores.orgPillars?.[p]?.value ?? null, level: null }])),
        };
      }),
    }),
  );
  return { cells, reports };
}
