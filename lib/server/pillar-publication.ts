import 'server-only';
import { and, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { cycleAggregates, cycleChanges, cycleParticipation, cycles, organizations, responses } from '@/db/schema';
import { ORG_CHECK_PILLARS } from '@/lib/instruments';
import {
  MEASURES,
  ORG_GROUP,
  PILLAR_ALPHA_MEASURE,
  PILLAR_MEASURES,
  pillarCellSchema,
  pillarChangeCellSchema,
  planPillarChangePublication,
  planPillarPublication,
  releasePillarAlphas,
  type PillarCell,
  type PillarLinkedCycle,
  type PillarMeasure,
  type PillarPairedResponse,
  type PillarResponse,
} from '@/lib/privacy';
import { writeAudit } from './audit';
import { loadViewerRespondentKeys } from './publication';

/**
 * Publishes a cycle's organizational-check pillars at close (issue 15), inside the close
 * transaction, after the cycle's wellbeing cells and participation are stored (it reuses
 * their team partition and participation counts, so both publications describe the same
 * groups). Only for cycles that included the check.
 *
 * Pillar cells go through lib/privacy planPillarPublication (the same planner and auditor
 * as the four measures, every rule of ARCHITECTURE §4) and are stored in
 * `cycle_aggregates` with measure keys org_lm … org_hw; the agency's per-pillar Cronbach's
 * alpha (n ≥ 30 non-viewers) is stored as one row with measure 'org_alpha'. Inserted
 * with ON CONFLICT DO NOTHING and never updated (rule 3). A refusal is logged without scores.
 * Then the pillars' within-person change since the previous published org-check cycle
 * ({@link publishPillarChanges}).
 */
export async function publishCyclePillars(tx: Tx, orgId: string, cycleId: string, now: Date): Promise<void> {
  const [cycle] = await tx
    .select({ orgCheck: sql<boolean | null>`(${cycles.instruments}->>'orgCheck')::boolean` })
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, orgId)))
    .limit(1);
  if (!cycle?.orgCheck) return;
  const [org] = await tx.select({ k: organizations.minGroupSize }).from(organizations).where(eq(organizations.id, orgId)).limit(1);
  if (!org) return;

  const [rows, groupRows, participationRows, viewerKeys] = await Promise.all([
    tx
      .select({
        teamId: responses.teamId,
        answers: responses.answers,
        scores: responses.scores,
        respondentKey: responses.respondentKey,
        submittedAsViewer: responses.submittedAsViewer,
      })
      .from(responses)
      .where(and(eq(responses.orgId, orgId), eq(responses.cycleId, cycleId))),
    // The partition the wellbeing cells were published over (stored just before).
    tx
      .selectDistinct({ group: cycleAggregates.groupId })
      .from(cycleAggregates)
      .where(and(eq(cycleAggregates.orgId, orgId), eq(cycleAggregates.cycleId, cycleId), inArray(cycleAggregates.measure, [...MEASURES]))),
    tx
      .select({ group: cycleParticipation.groupId, invited: cycleParticipation.invited, participated: cycleParticipation.participated })
      .from(cycleParticipation)
      .where(and(eq(cycleParticipation.orgId, orgId), eq(cycleParticipation.cycleId, cycleId))),
    loadViewerRespondentKeys(tx, orgId),
  ]);
  const teamIds = new Set(groupRows.map((g) => g.group).filter((g) => g !== ORG_GROUP));
  const isViewer = (r: (typeof rows)[number]) => r.submittedAsViewer || viewerKeys.has(r.respondentKey);

  const pillarResponses: PillarResponse[] = rows.map((r) => ({
    groupId: r.teamId && teamIds.has(r.teamId) ? r.teamId : '__no_team__',
    // Rule 6: known answers; the key is used here and dropped.
    isViewer: isViewer(r),
    cycleId,
    pillars: Object.fromEntries(ORG_CHECK_PILLARS.map((p) => [p.code, r.scores.orgPillars?.[p.code]?.value ?? null])),
  }));
  const publication = planPillarPublication({
    k: org.k,
    cycleId,
    teams: [...teamIds].map((id) => ({ id })),
    responses: pillarResponses,
    participation: participationRows.map((p) => ({
      group: p.group,
      cycle: cycleId,
      invited: p.invited,
      participated: p.participated,
      rate: p.invited > 0 ? p.participated / p.invited : null,
      hasReachedMinimum: p.participated >= org.k,
    })),
  });
  if (publication.refused || publication.extraWithheld > 0) {
    const summary = publication.findings.map((f) => `${f.kind}${f.measure ? ` (${f.measure}, ${f.statistic})` : ''}`).join('; ');
    if (publication.refused) console.error(`Pillar publication of cycle ${cycleId} withheld by the disclosure audit: ${summary}`);
    await writeAudit(tx, {
      orgId,
      actorUserId: null,
      action: publication.refused ? 'cycle.pillars_withheld' : 'cycle.pillars_audit_suppressed',
      targetType: 'cycle',
      targetId: cycleId,
      detail: { findings: summary, extraWithheld: publication.extraWithheld },
    });
  }

  // Cronbach's alpha per pillar over complete non-viewer responses (n ≥ 30), agency only.
  const alphas = releasePillarAlphas(
    rows.map((r) => ({
      isViewer: isViewer(r),
      items: Object.fromEntries(
        ORG_CHECK_PILLARS.map((p) => [p.code, p.items.map((id) => r.answers.orgCheck?.[String(id)] ?? null)]),
      ) as Partial<Record<PillarMeasure, (number | null)[]>>,
    })),
    { k: org.k, cells: publication.cells, refused: publication.refused },
  );

  const values = [
    ...publication.cells.map((cell) => ({ orgId, cycleId, groupId: cell.group, measure: cell.measure, cell, publishedAt: now })),
    { orgId, cycleId, groupId: ORG_GROUP, measure: PILLAR_ALPHA_MEASURE, cell: alphas, publishedAt: now },
  ];
  await tx.insert(cycleAggregates).values(values).onConflictDoNothing();
  await publishPillarChanges(tx, orgId, cycleId, org.k, now);
}

type PillarRow = {
  cycleId: string;
  teamId: string | null;
  scores: { orgPillars?: Partial<Record<string, { value: number | null } | undefined>> };
  respondentKey: string;
  submittedAsViewer: boolean;
};

const pillarsOf = (r: PillarRow): Partial<Record<PillarMeasure, number | null>> =>
  Object.fromEntries(PILLAR_MEASURES.map((p) => [p, r.scores.orgPillars?.[p]?.value ?? null]));

/**
 * Within-person change of the pillars at close (issue 15), computed and published exactly
 * as publishCycleChanges does for the four measures (lib/server/publication.ts), stored in
 * `cycle_changes` with measure keys org_lm … org_hw:
 * - the previous cycle is the previous PUBLISHED cycle that included the organizational
 *   check, by publication number (`cycles.publication_seq`, assigned under the agency
 *   lock; this cycle is not numbered yet), however many months lie between them;
 * - pairs are matched here by respondent key, and the key never leaves this function
 *   (the privacy layer sees opaque person numbers);
 * - the auditor sees the whole chain of org-check cycles linked by published PILLAR change
 *   cells (walked back through `cycle_changes`, pillar rows only: the wellbeing chain links
 *   other cycles), each with its stored pillar cells and the k it was published under,
 *   the responses as they exist now (people who erased their data are modelled from the
 *   stored counts) and every stored pillar change touching the chain.
 * Runs inside the close transaction, after this cycle's pillar cells are stored; stored
 * once with ON CONFLICT DO NOTHING, never recomputed (rule 3).
 */
export async function publishPillarChanges(tx: Tx, orgId: string, cycleId: string, orgK: number, now: Date): Promise<void> {
  const isOrgCheck = sql`(${cycles.instruments}->>'orgCheck')::boolean is true`;
  const [previous] = await tx
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.orgId, orgId), ne(cycles.id, cycleId), isNotNull(cycles.publicationSeq), isOrgCheck))
    .orderBy(desc(cycles.publicationSeq))
    .limit(1);
  if (!previous) return;

  const pillarChanges = inArray(cycleChanges.measure, [...PILLAR_MEASURES]);
  // Walk back through published pillar changes: the chain the auditor must see whole.
  const chain: string[] = [previous.id];
  for (let id = previous.id; ; ) {
    const into = (
      await tx
        .select({ cell: cycleChanges.cell })
        .from(cycleChanges)
        .where(and(eq(cycleChanges.orgId, orgId), eq(cycleChanges.cycleId, id), pillarChanges))
    )
      .map((r) => pillarChangeCellSchema.parse(r.cell))
      .filter((c) => c.suppressed === null);
    const before = [...new Set(into.map((c) => c.previousCycle))];
    if (before.length !== 1 || chain.includes(before[0]!)) break; // none, or inconsistent (the auditor reports it)
    id = before[0]!;
    chain.unshift(id);
  }
  const ids = [...chain, cycleId];

  const [viewerKeys, info, cellRows, responseRows, changeRows] = await Promise.all([
    loadViewerRespondentKeys(tx, orgId),
    tx.select({ id: cycles.id, k: cycles.publishedK }).from(cycles).where(and(eq(cycles.orgId, orgId), inArray(cycles.id, ids))),
    tx
      .select({ cycleId: cycleAggregates.cycleId, cell: cycleAggregates.cell })
      .from(cycleAggregates)
      .where(and(eq(cycleAggregates.orgId, orgId), inArray(cycleAggregates.cycleId, ids), inArray(cycleAggregates.measure, [...PILLAR_MEASURES]))),
    tx
      .select({
        cycleId: responses.cycleId,
        teamId: responses.teamId,
        scores: responses.scores,
        respondentKey: responses.respondentKey,
        submittedAsViewer: responses.submittedAsViewer,
      })
      .from(responses)
      .where(and(eq(responses.orgId, orgId), inArray(responses.cycleId, ids))),
    tx
      .select({ cell: cycleChanges.cell })
      .from(cycleChanges)
      .where(and(eq(cycleChanges.orgId, orgId), pillarChanges, or(inArray(cycleChanges.cycleId, chain), inArray(cycleChanges.previousCycleId, chain)))),
  ]);
  const kOf = new Map(info.map((c) => [c.id, c.k]));
  const cellsOf = (id: string): PillarCell[] => cellRows.filter((r) => r.cycleId === id).map((r) => pillarCellSchema.parse(r.cell));
  const rowsOf = (id: string) => (responseRows as PillarRow[]).filter((r) => r.cycleId === id);

  // Opaque person numbers: the same person has the same number in every linked cycle.
  const person = new Map<string, number>();
  const personOf = (key: string) => {
    if (!person.has(key)) person.set(key, person.size);
    return person.get(key)!;
  };
  const isViewer = (r: PillarRow) => r.submittedAsViewer || viewerKeys.has(r.respondentKey);
  const linked = (id: string, k: number): PillarLinkedCycle => {
    const cells = cellsOf(id);
    const groups = new Set(cells.map((c) => c.group));
    return {
      id,
      k,
      cells,
      respondents: rowsOf(id).map((r) => ({
        person: personOf(r.respondentKey),
        teamId: r.teamId && groups.has(r.teamId) ? r.teamId : null,
        isViewer: isViewer(r),
        isCounted: !isViewer(r),
        pillars: pillarsOf(r),
      })),
    };
  };
  const linkedCycles = [...chain.map((id) => linked(id, kOf.get(id) ?? orgK)), linked(cycleId, orgK)];
  const k = Math.max(orgK, ...linkedCycles.map((c) => c.k ?? orgK));

  const currentCells = cellsOf(cycleId);
  const teamRefs = [...new Set(currentCells.map((c) => c.group))].filter((g) => g !== ORG_GROUP).map((id) => ({ id }));
  const before = new Map(rowsOf(previous.id).map((r) => [r.respondentKey, r]));
  const pairs: PillarPairedResponse[] = rowsOf(cycleId).flatMap((r) => {
    const b = before.get(r.respondentKey);
    if (!b) return [];
    return [{ groupId: r.teamId ?? '__no_team__', isViewer: isViewer(r) || isViewer(b), previous: pillarsOf(b), current: pillarsOf(r) }];
  });
  // Only published change cells link cycles (as for measures).
  const earlierChanges = changeRows.map((r) => pillarChangeCellSchema.parse(r.cell)).filter((c) => c.suppressed === null);
  const publication = planPillarChangePublication({
    k,
    cycleId,
    previousCycleId: previous.id,
    teams: teamRefs,
    pairs,
    currentCells,
    linkedCycles,
    earlierChanges,
  });
  if (publication.refused || publication.extraWithheld > 0) {
    const summary = publication.findings.map((f) => `${f.kind}${f.measure ? ` (${f.measure}, ${f.statistic})` : ''}`).join('; ');
    if (publication.refused) console.error(`Pillar change of cycle ${cycleId} withheld by the disclosure audit: ${summary}`);
    await writeAudit(tx, {
      orgId,
      actorUserId: null,
      action: publication.refused ? 'cycle.pillar_changes_withheld' : 'cycle.pillar_changes_audit_suppressed',
      targetType: 'cycle',
      targetId: cycleId,
      detail: { findings: summary, extraWithheld: publication.extraWithheld },
    });
  }
  if (publication.cells.length) {
    await tx
      .insert(cycleChanges)
      .values(
        publication.cells.map((cell) => ({ orgId, cycleId, previousCycleId: previous.id, groupId: cell.group, measure: cell.measure, cell, publishedAt: now })),
      )
      .onConflictDoNothing();
  }
}
