import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { actionItems, type ActionItem } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { compareCycles, ORG_GROUP, type CycleComparison, type Measure } from '@/lib/privacy';
import type { actionItemSchema } from '@/lib/validation/actions';
import { writeAudit } from './audit';
import { getPublishedCells, listClosedCycles, type CellDto, type ClosedCycleDto } from './dashboard';

export interface ActionItemDto {
  id: string;
  title: string;
  recommendationId: string | null;
  rationale: string;
  priority: number;
  tasks: { text: string; done: boolean }[];
  lead: string | null;
  dueOn: string | null;
  status: ActionItem['status'];
  measure: Measure | null;
  startedOn: string;
  createdAt: string;
}

const toDto = (r: ActionItem): ActionItemDto => ({
  id: r.id,
  title: r.title,
  recommendationId: r.recommendationId,
  rationale: r.rationale,
  priority: r.priority,
  tasks: r.tasks,
  lead: r.lead,
  dueOn: r.dueOn,
  status: r.status,
  measure: (r.measure as Measure | null) ?? null,
  startedOn: r.startedOn,
  createdAt: r.createdAt.toISOString(),
});

export async function listActionItems(db: DbOrTx, orgId: string): Promise<ActionItemDto[]> {
  const rows = await db
    .select()
    .from(actionItems)
    .where(eq(actionItems.orgId, orgId))
    .orderBy(asc(actionItems.priority), asc(actionItems.startedOn));
  return rows.map(toDto);
}

export async function createActionItem(db: Db, member: OrgMember, input: z.infer<typeof actionItemSchema>): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(actionItems)
      .values({
        orgId: member.orgId,
        title: input.title,
        recommendationId: input.recommendationId,
        rationale: input.rationale,
        priority: input.priority,
        tasks: input.tasks.map((text) => ({ text, done: false })),
        lead: input.lead,
        dueOn: input.dueOn,
        status: input.status,
        measure: input.measure,
        startedOn: input.startedOn,
        createdBy: member.userId,
      })
      .returning({ id: actionItems.id });
    await writeAudit(tx, {
      orgId: member.orgId,
      actorUserId: member.userId,
      action: 'action_item.create',
      targetType: 'action_item',
      targetId: row!.id,
      detail: { recommendationId: input.recommendationId, priority: input.priority },
    });
    return row!.id;
  });
}

export async function updateActionStatus(db: Db, member: OrgMember, actionId: string, status: ActionItem['status']): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(actionItems)
      .set({ status, updatedAt: new Date() })
      .where(and(eq(actionItems.id, actionId), eq(actionItems.orgId, member.orgId)))
      .returning({ id: actionItems.id });
    if (!updated.length) throw new AppError('NOT_FOUND', 'That action does not exist.');
    await writeAudit(tx, {
      orgId: member.orgId,
      actorUserId: member.userId,
      action: 'action_item.status',
      targetType: 'action_item',
      targetId: actionId,
      detail: { status },
    });
  });
}

export async function toggleActionTask(db: Db, member: OrgMember, actionId: string, taskIndex: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ tasks: actionItems.tasks })
      .from(actionItems)
      .where(and(eq(actionItems.id, actionId), eq(actionItems.orgId, member.orgId)))
      .for('update');
    if (!row) throw new AppError('NOT_FOUND', 'That action does not exist.');
    if (!row.tasks[taskIndex]) throw new AppError('VALIDATION', 'That task does not exist.');
    const tasks = row.tasks.map((t, i) => (i === taskIndex ? { ...t, done: !t.done } : t));
    await tx
      .update(actionItems)
      .set({ tasks, updatedAt: new Date() })
      .where(and(eq(actionItems.id, actionId), eq(actionItems.orgId, member.orgId)));
  });
}

export interface ActionMarker {
  date: string;
  label: string;
  measure: Measure | null;
}

/** Action start dates for the trend charts. */
export async function listActionMarkers(db: DbOrTx, orgId: string): Promise<ActionMarker[]> {
  const rows = await db
    .select({ title: actionItems.title, startedOn: actionItems.startedOn, measure: actionItems.measure, status: actionItems.status })
    .from(actionItems)
    .where(eq(actionItems.orgId, orgId));
  return rows
    .filter((r) => r.status !== 'dropped')
    .map((r) => ({ date: `${r.startedOn}T00:00:00.000Z`, label: r.title, measure: (r.measure as Measure | null) ?? null }));
}

export interface DidItHelpDto {
  actionId: string;
  measure: Measure;
  before: CellDto | null;
  after: CellDto | null;
  comparison: CycleComparison | null;
  /** Plain-language, honest about n and cause. */
  summary: string;
}

/**
 * "Did it help?": the agency's published mean for the action's measure in the last
 * closed cycle before it started vs the latest closed cycle after, by Welch's test on
 * the published summaries. Never from raw rows; suppressed cells give no answer.
 */
export async function getDidItHelp(db: DbOrTx, orgId: string, action: ActionItemDto): Promise<DidItHelpDto | null> {
  return (await listDidItHelp(db, orgId, [action])).get(action.id) ?? null;
}

/** "Did it help?" for many actions, reading the closed cycles and the agency's cells once. */
export async function listDidItHelp(db: DbOrTx, orgId: string, actions: readonly ActionItemDto[]): Promise<Map<string, DidItHelpDto>> {
  const withMeasure = actions.filter((a) => a.measure);
  const out = new Map<string, DidItHelpDto>();
  if (!withMeasure.length) return out;
  const closed = await listClosedCycles(db, orgId);
  const orgCells = await getPublishedCells(db, orgId, { groupIds: [ORG_GROUP] }, { closed });
  for (const a of withMeasure) out.set(a.id, didItHelpFrom(a, a.measure!, closed, orgCells));
  return out;
}

function didItHelpFrom(action: ActionItemDto, measure: Measure, closed: readonly ClosedCycleDto[], orgCells: readonly CellDto[]): DidItHelpDto {
  const start = Date.parse(`${action.startedOn}T00:00:00Z`);
  const before = [...closed].reverse().find((c) => Date.parse(c.opensAt) < start);
  const afterCycles = closed.filter((c) => Date.parse(c.opensAt) >= start);
  const after = afterCycles[afterCycles.length - 1];
  const cellOf = (cycleId: string | undefined) => orgCells.find((c) => c.cycle === cycleId && c.measure === measure) ?? null;
  const beforeCell = cellOf(before?.id);
  const afterCell = cellOf(after?.id);
  if (!beforeCell || !afterCell) {
    return {
      actionId: action.id,
      measure,
      before: beforeCell,
      after: afterCell,
      comparison: null,
      summary: !beforeCell
        ? 'No closed cycle before this action started, so there is nothing to compare against yet.'
        : 'No cycle has closed since this action started. The comparison appears when one does.',
    };
  }
  if (measure === 'vr' && before!.vrInstrument !== after!.vrInstrument) {
    return {
      actionId: action.id,
      measure,
      before: beforeCell,
      after: afterCell,
      comparison: { comparable: false, reason: 'The vicarious-resilience measure changed between these cycles.' },
      summary: 'The vicarious-resilience measure changed between these cycles, so they cannot be compared.',
    };
  }
  const comparison = compareCycles(beforeCell, afterCell);
  let summary: string;
  if (!comparison.comparable) summary = `No comparison: ${comparison.reason}.`;
  else {
    const [lo, hi] = comparison.ci;
    const d = comparison.difference;
    const range = `95% CI ${lo.toFixed(1)} to ${hi.toFixed(1)}; n ${comparison.nPrevious} before, ${comparison.nCurrent} after`;
    summary = comparison.flagged
      ? `The agency mean ${d > 0 ? 'rose' : 'fell'} by ${Math.abs(d).toFixed(1)} points (${range}; Welch p = ${comparison.pValue.toFixed(3)}). This is a change over time, not proof the action caused it: other things changed too, and different people may have responded.`
      : `No clear change: the difference is ${d.toFixed(1)} points (${range}; Welch p = ${comparison.pValue.toFixed(2)}). That does not show the action failed; the change may be too small to detect with these numbers, or need more time.`;
  }
  return { actionId: action.id, measure, before: beforeCell, after: afterCell, comparison, summary };
}
