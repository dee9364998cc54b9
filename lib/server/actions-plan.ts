import 'server-only';
import { pillarHelp, type PillarHelp } from '@/lib/recommendations/pillar-help';
import { listAgencyPillarMeans, listPublishedPillarChanges } from './pillars';
import { and, asc, eq, isNotNull, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { actionItems, memberships, users, type ActionItem } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { MEASURE_LABELS, ORG_GROUP, type ChangeCell, type Measure } from '@/lib/privacy';
import { getMeasure } from '@/lib/measures';
import { formatCi, formatFixed } from '@/lib/stats/format';
import type { actionItemSchema, updateActionItemSchema } from '@/lib/validation/actions';
import { writeAudit } from './audit';
import { isUniqueViolation } from './db-errors';
import { getPublishedCells, getPublishedChanges, listClosedCycles, type CellDto, type ChangeDto, type ClosedCycleDto } from './dashboard';

export interface ActionItemDto {
  id: string;
  title: string;
  recommendationId: string | null;
  rationale: string;
  priority: number;
  tasks: { text: string; done: boolean }[];
  lead: string | null;
  /** The owner's name and membership (never their user id), or null. */
  owner: { membershipId: string; name: string } | null;
  dueOn: string | null;
  status: ActionItem['status'];
  droppedReason: string | null;
  measure: Measure | null;
  startedOn: string;
  createdAt: string;
}

type ActionRow = ActionItem & { ownerMembershipId: string | null; ownerName: string | null };

const toDto = (r: ActionRow): ActionItemDto => ({
  id: r.id,
  title: r.title,
  recommendationId: r.recommendationId,
  rationale: r.rationale,
  priority: r.priority,
  tasks: r.tasks,
  lead: r.lead,
  owner: r.ownerMembershipId && r.ownerName !== null ? { membershipId: r.ownerMembershipId, name: r.ownerName } : null,
  dueOn: r.dueOn,
  status: r.status,
  droppedReason: r.droppedReason,
  measure: (r.measure as Measure | null) ?? null,
  startedOn: r.startedOn,
  createdAt: r.createdAt.toISOString(),
});

/** The agency's actions with their owners' names (the owner's membership in this agency, joined in SQL). */
export async function listActionItems(db: DbOrTx, orgId: string): Promise<ActionItemDto[]> {
  const rows = await db
    .select({ item: actionItems, ownerMembershipId: memberships.id, ownerName: users.name })
    .from(actionItems)
    .leftJoin(memberships, and(eq(memberships.userId, actionItems.ownerUserId), eq(memberships.orgId, actionItems.orgId)))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(eq(actionItems.orgId, orgId))
    .orderBy(asc(actionItems.priority), asc(actionItems.startedOn), asc(actionItems.createdAt));
  return rows.map((r) => toDto({ ...r.item, ownerMembershipId: r.ownerMembershipId, ownerName: r.ownerName }));
}

/** Catalog ids of recommendations already in the plan (live: not dropped). */
export async function listPlannedRecommendationIds(db: DbOrTx, orgId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: actionItems.recommendationId })
    .from(actionItems)
    .where(and(eq(actionItems.orgId, orgId), isNotNull(actionItems.recommendationId), ne(actionItems.status, 'dropped')));
  return new Set(rows.map((r) => r.id!));
}

export const ALREADY_PLANNED_MESSAGE =
  'This recommendation is already in your action plan. Edit that action instead, or drop it first to add it again.';

const OWNER_MESSAGE = 'Choose an active member of this agency as the owner.';

/**
 * The owner's user id, from a membership id that must be an active membership of the
 * caller's agency (checked in SQL, so a member of another agency can never be named).
 */
async function resolveOwner(tx: DbOrTx, orgId: string, membershipId: string | null): Promise<string | null> {
  if (!membershipId) return null;
  const [row] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.orgId, orgId), eq(memberships.active, true)))
    .limit(1);
  if (!row) throw new AppError('VALIDATION', OWNER_MESSAGE, { ownerMembershipId: [OWNER_MESSAGE] });
  return row.userId;
}

/** The one live action per recommendation (a unique index) turns a second add into a clear refusal. */
async function refuseDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'action_items_org_recommendation_live')) throw new AppError('CONFLICT', ALREADY_PLANNED_MESSAGE);
    throw err;
  }
}

type CreateInput = Omit<z.infer<typeof actionItemSchema>, 'ownerMembershipId'> & { ownerMembershipId?: string | null };

export async function createActionItem(db: Db, member: OrgMember, input: CreateInput): Promise<string> {
  return refuseDuplicate(() =>
    db.transaction(async (tx) => {
      const ownerUserId = await resolveOwner(tx, member.orgId, input.ownerMembershipId ?? null);
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
          ownerUserId,
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
    }),
  );
}

/** Locks one action of the caller's agency, or refuses with not found. */
async function lockAction(tx: DbOrTx, orgId: string, actionId: string) {
  const [row] = await tx
    .select({ tasks: actionItems.tasks, status: actionItems.status })
    .from(actionItems)
    .where(and(eq(actionItems.id, actionId), eq(actionItems.orgId, orgId)))
    .for('update');
  if (!row) throw new AppError('NOT_FOUND', 'That action does not exist.');
  return row;
}

/** Edits what the action says and who owns it. A task keeps its tick while its text is unchanged. */
export async function updateActionItem(db: Db, member: OrgMember, input: z.infer<typeof updateActionItemSchema>): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await lockAction(tx, member.orgId, input.actionId);
    const ownerUserId = await resolveOwner(tx, member.orgId, input.ownerMembershipId);
    const done = new Set(current.tasks.filter((t) => t.done).map((t) => t.text));
    await tx
      .update(actionItems)
      .set({
        title: input.title,
        rationale: input.rationale,
        priority: input.priority,
        tasks: input.tasks.map((text) => ({ text, done: done.has(text) })),
        ownerUserId,
        dueOn: input.dueOn,
        updatedAt: new Date(),
      })
      .where(and(eq(actionItems.id, input.actionId), eq(actionItems.orgId, member.orgId)));
    await writeAudit(tx, {
      orgId: member.orgId,
      actorUserId: member.userId,
      action: 'action_item.update',
      targetType: 'action_item',
      targetId: input.actionId,
      detail: { priority: input.priority, hasOwner: ownerUserId !== null },
    });
  });
}

/** Drops an action with its reason. It stays in the plan (and its recommendation may be added again). */
export async function dropActionItem(db: Db, member: OrgMember, actionId: string, droppedReason: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockAction(tx, member.orgId, actionId);
    await tx
      .update(actionItems)
      .set({ status: 'dropped', droppedReason, updatedAt: new Date() })
      .where(and(eq(actionItems.id, actionId), eq(actionItems.orgId, member.orgId)));
    await writeAudit(tx, {
      orgId: member.orgId,
      actorUserId: member.userId,
      action: 'action_item.drop',
      targetType: 'action_item',
      targetId: actionId,
    });
  });
}

/** Deletes an action for good. A second delete of the same action is a not found, never a second change. */
export async function deleteActionItem(db: Db, member: OrgMember, actionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(actionItems)
      .where(and(eq(actionItems.id, actionId), eq(actionItems.orgId, member.orgId)))
      .returning({ id: actionItems.id });
    if (!deleted.length) throw new AppError('NOT_FOUND', 'That action does not exist.');
    await writeAudit(tx, {
      orgId: member.orgId,
      actorUserId: member.userId,
      action: 'action_item.delete',
      targetType: 'action_item',
      targetId: actionId,
    });
  });
}

/** Sets a live status. Reopening a dropped action clears its reason, and is refused if its recommendation was planned again. */
export async function updateActionStatus(db: Db, member: OrgMember, actionId: string, status: ActionItem['status']): Promise<void> {
  await refuseDuplicate(() =>
    db.transaction(async (tx) => {
      const updated = await tx
        .update(actionItems)
        .set({ status, droppedReason: null, updatedAt: new Date() })
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
    }),
  );
}

export async function toggleActionTask(db: Db, member: OrgMember, actionId: string, taskIndex: number): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockAction(tx, member.orgId, actionId);
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

/** One published within-person change of the agency, at a close since the action started. */
export interface DidItHelpStep {
  /** When the later of the two cycles opened. */
  cycleDate: string;
  cell: ChangeCell;
}

export interface DidItHelpDto {
  actionId: string;
  measure: Measure;
  /** The targeted measure's agency change at each close since the action started, oldest first. */
  steps: DidItHelpStep[];
  /** The same closes for the measures the action did not target, for comparison. */
  others: { measure: Measure; steps: DidItHelpStep[] }[];
  /** Plain language: the paired change, the comparison, regression to the mean, and that it is not proof. */
  summary: string;
  /** The organizational pillar its recommendation targets, before and after (issue 15); absent when none. */
  pillar?: PillarHelp | null;
}

/**
 * "Did it help?": the agency's published within-person change of the action's measure
 * at each close since it started (among the people who answered both check-ins of that
 * step), beside the measures it did not target, with regression to the mean named.
 * Read only from published change cells; hidden cells give no answer.
 */
export async function getDidItHelp(db: DbOrTx, orgId: string, action: ActionItemDto): Promise<DidItHelpDto | null> {
  return (await listDidItHelp(db, orgId, [action])).get(action.id) ?? null;
}

/** "Did it help?" for many actions, reading the closed cycles and the agency's changes once. */
export async function listDidItHelp(db: DbOrTx, orgId: string, actions: readonly ActionItemDto[]): Promise<Map<string, DidItHelpDto>> {
  const withMeasure = actions.filter((a) => a.measure);
  const out = new Map<string, DidItHelpDto>();
  if (!withMeasure.length) return out;
  const closed = await listClosedCycles(db, orgId);
  const [changes, orgCells] = await Promise.all([
    getPublishedChanges(db, orgId, closed.map((c) => c.id)).then((all) => all.filter((c) => c.group === ORG_GROUP)),
    getPublishedCells(db, orgId, { groupIds: [ORG_GROUP] }, { closed }),
  ]);
  const [pillarMeans, pillarChanges] = await Promise.all([
    listAgencyPillarMeans(db, orgId, closed),
    listPublishedPillarChanges(db, orgId, closed, { groupIds: [ORG_GROUP] }),
  ]);
  for (const a of withMeasure) {
    out.set(a.id, {
      ...didItHelpFrom(a, a.measure!, closed, changes, orgCells),
      pillar: pillarHelp(a.recommendationId, a.startedOn, pillarMeans, pillarChanges),
    });
  }
  return out;
}

/** Measure names in sentences (lib/measures). */
const MEASURE_WORDS: Readonly<Record<Measure, string>> = MEASURE_LABELS;

function didItHelpFrom(
  action: ActionItemDto,
  measure: Measure,
  closed: readonly ClosedCycleDto[],
  changes: readonly ChangeDto[],
  orgCells: readonly CellDto[],
): DidItHelpDto {
  const start = Date.parse(`${action.startedOn}T00:00:00Z`);
  const since = closed.filter((c) => Date.parse(c.opensAt) >= start);
  const stepsFor = (m: Measure): DidItHelpStep[] =>
    since.flatMap((c) => {
      const cell = changes.find((x) => x.cell.cycle === c.id && x.measure === m)?.cell;
      return cell ? [{ cycleDate: c.opensAt, cell }] : [];
    });
  const steps = stepsFor(measure);
  const others = (['cs', 'bo', 'sts', 'vr'] as const).filter((m) => m !== measure).map((m) => ({ measure: m, steps: stepsFor(m) }));
  const summary =
    since.length > 0 && steps.length === 0 ? summarizeMeans(measure, action, closed, orgCells) : summarize(measure, since.length, steps, others);
  return { actionId: action.id, measure, steps, others, summary };
}

/**
 * Without a published within-person change: the agency's published means before and after
 * the action started, with their CIs and n, and no test (the two cycles share most of
 * their respondents, so they are not independent samples, and a test that assumes so
 * would overstate or understate the evidence).
 */
function summarizeMeans(measure: Measure, action: ActionItemDto, closed: readonly ClosedCycleDto[], orgCells: readonly CellDto[]): string {
  const word = MEASURE_WORDS[measure];
  const start = Date.parse(`${action.startedOn}T00:00:00Z`);
  const before = [...closed].reverse().find((c) => Date.parse(c.opensAt) < start);
  const after = closed[closed.length - 1];
  const cellOf = (id: string | undefined) => orgCells.find((c) => c.cycle === id && c.measure === measure);
  const b = cellOf(before?.id);
  const a = cellOf(after?.id);
  if (!before || !b || !a || b.mean === null || a.mean === null || !b.ci95 || !a.ci95) {
    return `There is no published agency ${word} result both before and after this action started yet, so there is no answer yet.`;
  }
  const rtm = getMeasure(measure).concerningEnd;
  return (
    `The agency's mean ${word} was ${formatFixed(b.mean)} (95% CI ${formatCi(b.ci95[0], b.ci95[1])}, n ${b.n}) in ${monthOf(before.opensAt)}, ` +
    `before the action started, and ${formatFixed(a.mean)} (95% CI ${formatCi(a.ci95[0], a.ci95[1])}, n ${a.n}) in ${monthOf(after.opensAt)}. ` +
    'Most people answered both, so these are not independent samples and no test is applied; overlapping intervals do not show there was no change. ' +
    `If the action was started because ${word} was unusually ${rtm}, some movement back toward the usual level is expected anyway (regression to the mean). ` +
    'A change over time is not proof the action caused it.'
  );
}

function summarize(measure: Measure, closesSince: number, steps: DidItHelpStep[], others: DidItHelpDto['others']): string {
  const word = MEASURE_WORDS[measure];
  if (closesSince === 0) return 'No cycle has closed since this action started. The comparison appears when one does.';
  const latest = steps[steps.length - 1];
  if (!latest) return `No ${word} change has been published since this action started: it needs a closed cycle before and after it.`;
  const cell = latest.cell;
  if (cell.suppressed !== null) return `The latest ${word} change is hidden (${cell.suppressed}), so there is no answer yet.`;
  const d = cell.meanChange;
  const what =
    `Among the ${cell.nPairs} people who answered both of the last two check-ins, ${word} ` +
    `${d > 0 ? 'rose' : d < 0 ? 'fell' : 'stayed level'}${d !== 0 ? ` by ${formatFixed(Math.abs(d))} points` : ''} (95% CI ${formatCi(cell.ci95[0], cell.ci95[1])})` +
    (cell.flagged ? ', a clear change even after allowing for every change in that release.' : '; that is not a clear change.');
  const history =
    steps.length > 1
      ? ` Since the action started: ${steps
          .map((s) => (s.cell.suppressed === null ? `${monthOf(s.cycleDate)} ${signed(s.cell.meanChange)}` : `${monthOf(s.cycleDate)} hidden`))
          .join(', ')} (each among the people who answered both check-ins of that step).`
      : '';
  const compared = others
    .map((o) => {
      const c = o.steps.find((s) => s.cycleDate === latest.cycleDate)?.cell;
      return c && c.suppressed === null ? `${MEASURE_WORDS[o.measure]} ${signed(c.meanChange)}` : null;
    })
    .filter((x): x is string => x !== null);
  const comparison = compared.length ? ` Over the same step, measures this action did not target moved: ${compared.join(', ')}.` : '';
  return (
    `${what}${history}${comparison} If the action was started because ${word} was unusually ${getMeasure(measure).concerningEnd}, ` +
    'some movement back toward the usual level is expected anyway (regression to the mean). A change over time is not proof the action caused it.'
  );
}

const monthOf = (iso: string) => new Date(iso).toLocaleDateString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const signed = (x: number) => (x > 0 ? `+${formatFixed(x)}` : formatFixed(x));
