import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { cycleAggregates, cycleChanges, cycles, responses } from '@/db/schema';
import {
  PILLAR_MEASURES,
  auditChanges,
  pillarCellSchema,
  pillarChangeCellSchema,
  type AggregateCell,
  type AuditReport,
  type ChangeCell,
  type LinkedCycle,
  type Measure,
  type PillarChangeCell,
} from '@/lib/privacy';
import { loadViewerRespondentKeys } from '@/lib/server/publication';

const SLOTS: readonly Measure[] = ['cs', 'bo', 'sts', 'vr'];
const BATCHES = [PILLAR_MEASURES.slice(0, 4), PILLAR_MEASURES.slice(4)];

/**
 * Test helper: the independent change auditor (lib/privacy audit-change.ts) run again on
 * EVERY stored pillar change cell of an agency (issue 15), over every published cycle that
 * included the organizational check, oldest first by publication number, rebuilt here from
 * the database without the publisher's code: stored pillar cells, responses as they exist
 * now (viewers' answers as known) and the k each cycle was published under. Pillars borrow
 * measure slots in two batches, as published. Returns the stored changes and both reports.
 */
export async function auditStoredPillarChanges(db: Db, orgId: string): Promise<{ changes: PillarChangeCell[]; reports: AuditReport[]; k: number }> {
  const chain = await db
    .select({ id: cycles.id, k: cycles.publishedK })
    .from(cycles)
    .where(and(eq(cycles.orgId, orgId), isNotNull(cycles.publicationSeq), sql`(${cycles.instruments}->>'orgCheck')::boolean is true`))
    .orderBy(asc(cycles.publicationSeq));
  const ids = chain.map((c) => c.id);
  const [cellRows, rows, changeRows, viewerKeys] = await Promise.all([
    db
      .select({ cycleId: cycleAggregates.cycleId, cell: cycleAggregates.cell })
      .from(cycleAggregates)
      .where(and(eq(cycleAggregates.orgId, orgId), inArray(cycleAggregates.cycleId, ids), inArray(cycleAggregates.measure, [...PILLAR_MEASURES]))),
    db
      .select({ cycleId: responses.cycleId, teamId: responses.teamId, scores: responses.scores, key: responses.respondentKey, asViewer: responses.submittedAsViewer })
      .from(responses)
      .where(and(eq(responses.orgId, orgId), inArray(responses.cycleId, ids))),
    db
      .select({ cell: cycleChanges.cell })
      .from(cycleChanges)
      .where(and(eq(cycleChanges.orgId, orgId), inArray(cycleChanges.measure, [...PILLAR_MEASURES]))),
    loadViewerRespondentKeys(db, orgId),
  ]);
  const changes = changeRows.map((r) => pillarChangeCellSchema.parse(r.cell));
  const published = changes.filter((c) => c.suppressed === null);
  const person = new Map<string, number>();
  const personOf = (key: string) => {
    if (!person.has(key)) person.set(key, person.size);
    return person.get(key)!;
  };
  const k = Math.max(...chain.map((c) => c.k ?? 5));
  const reports = BATCHES.map((batch) => {
    const slot = (m: string) => SLOTS[(batch as readonly string[]).indexOf(m)]!;
    const linked: LinkedCycle[] = chain.map((c) => {
      const cells = cellRows
        .filter((r) => r.cycleId === c.id)
        .map((r) => pillarCellSchema.parse(r.cell))
        .filter((x) => batch.includes(x.measure))
        .map((x) => ({ ...x, measure: slot(x.measure) }) as AggregateCell);
      const groups = new Set(cells.map((x) => x.group));
      return {
        id: c.id,
        k: c.k ?? undefined,
        cells,
        respondents: rows
          .filter((r) => r.cycleId === c.id)
          .map((r) => {
            const isViewer = r.asViewer || viewerKeys.has(r.key);
            return {
              person: personOf(r.key),
              teamId: r.teamId && groups.has(r.teamId) ? r.teamId : null,
              isViewer,
              isCounted: !isViewer,
              scores: Object.fromEntries(batch.map((p) => [slot(p), { value: r.scores.orgPillars?.[p]?.value ?? null, level: null }])),
            };
          }),
      };
    });
    const batchChanges = published.filter((x) => batch.includes(x.measure)).map((x) => ({ ...x, measure: slot(x.measure) }) as ChangeCell);
    return auditChanges({ k, cycles: linked, changes: batchChanges });
  });
  return { changes, reports, k };
}
