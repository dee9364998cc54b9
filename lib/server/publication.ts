import 'server-only';
import { and, desc, eq, inArray, isNotNull, isNull, ne, notExists, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import {
  cycleAggregates,
  cycleChanges,
  cycleParticipation,
  cycles,
  memberships,
  organizations,
  participations,
  responses,
  teams,
  users,
} from '@/db/schema';
import {
  MEASURES,
  ORG_GROUP,
  aggregateCellSchema,
  changeCellSchema,
  planChangePublication,
  planCyclePublication,
  summarizeParticipation,
  type ChangeCell,
  type LinkedCycle,
  type Measure,
  type MeasureScore,
  type PairedResponse,
  type ParticipationRow,
  type ScoredResponse,
} from '@/lib/privacy';
import { writeAudit } from './audit';
import { publishCyclePillars } from './pillar-publication';
import { respondentKeyFor } from './respondent-key';

/**
 * Who counts as invited to a cycle (and gets reminders): active staff members. Program
 * directors and admins may check in too, but only into the agency total (see
 * submitCheckIn): they see team results, so counting them in a team would let them
 * subtract their own answers from it.
 */
export const eligibleMemberCondition = and(eq(memberships.active, true), eq(memberships.role, 'staff'));

/**
 * Who was invited to a cycle and whether they checked in, one row per person (no ids
 * leave this function): the eligible members, plus participants who have since left the
 * agency, who still count as invited and participating. Directors and admins who chose
 * to check in were not invited, so they are not counted. One definition, used for the
 * live counts, the cycles page and the counts published at close.
 */
export async function loadParticipationRows(
  db: DbOrTx,
  orgId: string,
  cycleId: string,
  teamIds: ReadonlySet<string>,
): Promise<ParticipationRow[]> {
  const [members, done] = await Promise.all([
    db
      .select({ userId: memberships.userId, teamId: memberships.teamId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eligibleMemberCondition)),
    db
      .select({
        userId: participations.userId,
        teamId: participations.teamId,
        stillActive: memberships.active,
        everViewer: memberships.everViewer,
      })
      .from(participations)
      .leftJoin(memberships, and(eq(memberships.orgId, participations.orgId), eq(memberships.userId, participations.userId)))
      .where(and(eq(participations.orgId, orgId), eq(participations.cycleId, cycleId))),
  ]);
  const group = (teamId: string | null) => (teamId && teamIds.has(teamId) ? teamId : null);
  const doneUsers = new Set(done.map((d) => d.userId));
  const rows: ParticipationRow[] = members.map((m) => ({ groupId: group(m.teamId), hasParticipated: doneUsers.has(m.userId) }));
  for (const d of done) {
    // Former staff still count; directors and admins never do (rule 6: they see results).
    if (!d.stillActive && !d.everViewer) rows.push({ groupId: group(d.teamId), hasParticipated: true });
  }
  return rows;
}

/**
 * Respondent keys of everyone who can see, or has ever been able to see, results in the
 * agency: its program directors and admins now, and anyone who has held either role
 * before (`ever_viewer`, kept by a database trigger), active or not. Their answers are
 * known to the insider (privacy rule 6), so their responses never enter a published
 * number, including responses given as staff before a promotion, or after a demotion
 * (an admin cannot demote an account to staff, check in and count as a stranger).
 * Keys stay on the server.
 */
export async function loadViewerRespondentKeys(db: DbOrTx, orgId: string): Promise<Set<string>> {
  const viewers = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), or(inArray(memberships.role, ['admin', 'director']), eq(memberships.everViewer, true))));
  return new Set(viewers.map((v) => respondentKeyFor(v.userId, orgId)));
}

/**
 * Publishes a cycle's aggregates (privacy rule 3). Called once, inside the transaction
 * that closes the cycle. Rows are inserted with ON CONFLICT DO NOTHING and never updated:
 * a deletion or a late response after close must not change what was published, because
 * the difference between two publications would reveal the person who changed.
 *
 * The planner and the independent auditor both run here (lib/privacy
 * planCyclePublication). If the auditor cannot be satisfied, every cell is stored as
 * withheld and the refusal is logged (without scores): the leak is never stored.
 */
export async function publishCycleAggregates(tx: Tx, orgId: string, cycleId: string, now: Date): Promise<void> {
  // The organization row is locked for the rest of the close transaction: two closes of
  // the same agency (two servers, a tick and a director) publish one after the other, so
  // publication numbers never tie and each change is planned against a settled chain.
  const [org] = await tx
    .select({ k: organizations.minGroupSize })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1)
    .for('update');
  if (!org) throw new Error(`publishCycleAggregates: organization ${orgId} not found`);

  const [rows, teamRows, viewerKeys] = await Promise.all([
    tx
      .select({
        teamId: responses.teamId,
        scores: responses.scores,
        respondentKey: responses.respondentKey,
        submittedAsViewer: responses.submittedAsViewer,
      })
      .from(responses)
      .where(and(eq(responses.orgId, orgId), eq(responses.cycleId, cycleId))),
    // The partition: every active team, plus any team that has responses in this cycle.
    tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.orgId, orgId), isNull(teams.archivedAt))),
    loadViewerRespondentKeys(tx, orgId),
  ]);
  const teamIds = new Set(teamRows.map((t) => t.id));
  for (const r of rows) if (r.teamId) teamIds.add(r.teamId);
  const teamRefs = [...teamIds].map((id) => ({ id }));

  const scored: ScoredResponse[] = rows.map((r) => ({
    // Responses without a team count in the agency total only; the privacy layer
    // treats them as a hidden group so they cannot be worked out by subtraction.
    groupId: r.teamId ?? '__no_team__',
    // Rule 6: known answers. The key is used here and dropped; it never leaves this function.
    isViewer: r.submittedAsViewer || viewerKeys.has(r.respondentKey),
    cycleId,
    scores: {
      cs: { value: r.scores.cs.value, level: r.scores.cs.level },
      bo: { value: r.scores.bo.value, level: r.scores.bo.level },
      sts: { value: r.scores.sts.value, level: r.scores.sts.level },
      vr: { value: r.scores.vr.value, level: r.scores.vr.level },
    },
  }));

  // Participation at close, as counts per group; the auditor reads it with the cells.
  const memberRows = await loadParticipationRows(tx, orgId, cycleId, teamIds);
  const participation = summarizeParticipation({ k: org.k, cycleId, teams: teamRefs, members: memberRows });
  const publication = planCyclePublication({ k: org.k, cycleId, teams: teamRefs, responses: scored, participation });
  if (publication.refused || publication.extraWithheld > 0) {
    const summary = publication.findings.map((f) => `${f.kind}${f.measure ? ` (${f.measure}, ${f.statistic})` : ''}`);
    if (publication.refused) {
      console.error(`Publication of cycle ${cycleId} withheld by the disclosure audit: ${summary.join('; ')}`);
    }
    await writeAudit(tx, {
      orgId,
      actorUserId: null,
      action: publication.refused ? 'cycle.publication_withheld' : 'cycle.publication_audit_suppressed',
      targetType: 'cycle',
      targetId: cycleId,
      detail: { findings: summary.join('; '), extraWithheld: publication.extraWithheld },
    });
  }

  const { cells } = publication;
  if (cells.length) {
    await tx
      .insert(cycleAggregates)
      .values(cells.map((cell) => ({ orgId, cycleId, groupId: cell.group, measure: cell.measure, cell, publishedAt: now })))
      .onConflictDoNothing();
  }
  if (participation.length) {
    await tx
      .insert(cycleParticipation)
      .values(participation.map((p) => ({ orgId, cycleId, groupId: p.group, invited: p.invited, participated: p.participated })))
      .onConflictDoNothing();
  }
  await publishCycleChanges(tx, orgId, cycleId, now);
  // The organizational check's pillars (issue 15), same rules, same partition and participation.
  await publishCyclePillars(tx, orgId, cycleId, now);
  const [last] = await tx
    .select({ seq: sql<number | null>`max(${cycles.publicationSeq})` })
    .from(cycles)
    .where(eq(cycles.orgId, orgId));
  await tx
    .update(cycles)
    .set({ publishedAt: now, publishedK: org.k, publicationSeq: Number(last?.seq ?? 0) + 1 })
    .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, orgId), isNull(cycles.publishedAt)));
}

type ResponseLite = {
  teamId: string | null;
  scores: { cs: StoredLite; bo: StoredLite; sts: StoredLite; vr: StoredLite };
  respondentKey: string;
  submittedAsViewer: boolean;
};
type StoredLite = { value: number | null; level: MeasureScore['level'] };

function scoresOf(r: ResponseLite, dropVr: boolean): Partial<Record<Measure, MeasureScore>> {
  const pick = (s: StoredLite): MeasureScore => ({ value: s.value, level: s.level });
  return { cs: pick(r.scores.cs), bo: pick(r.scores.bo), sts: pick(r.scores.sts), ...(dropVr ? {} : { vr: pick(r.scores.vr) }) };
}

/**
 * Within-person change at close (ARCHITECTURE §5), published with the cycle's cells and
 * under the same rules: among the people who answered both this cycle and the previous
 * one in publication order, matched by respondent key here and nowhere else (keys never
 * leave this function; the privacy layer sees opaque person numbers).
 *
 * The auditor sees the whole chain of cycles linked by published change cells (walked
 * back from the previous cycle through `cycle_changes`), each with its stored cells and
 * the k it was published under, and every stored change touching the chain. People who
 * erased their data since are modelled by the auditor from the stored counts. VR changes
 * exist only between cycles with the same VR instrument, but VR cells stay in the linked
 * cycles. Runs inside the close transaction after this cycle's cells are stored; stored
 * once, never recomputed.
 */
async function publishCycleChanges(tx: Tx, orgId: string, cycleId: string, now: Date): Promise<void> {
  const [org] = await tx.select({ k: organizations.minGroupSize }).from(organizations).where(eq(organizations.id, orgId)).limit(1);
  const [current] = await tx
    .select({ vr: sql<string>`${cycles.instruments}->>'vr'` })
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, orgId)));
  if (!org || !current) return;
  // The previous cycle in publication order (this one is not numbered yet): by the
  // publication number assigned under the organization lock, never by timestamps.
  const [previous] = await tx
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.orgId, orgId), ne(cycles.id, cycleId), isNotNull(cycles.publicationSeq)))
    .orderBy(desc(cycles.publicationSeq))
    .limit(1);
  if (!previous) return;

  const measureChanges = inArray(cycleChanges.measure, [...MEASURES]);
  const storedChanges = async (where: ReturnType<typeof eq>) =>
    // The four measures only: pillar changes (issue 15) link org-check cycles, a chain of their own.
    (await tx.select({ cell: cycleChanges.cell }).from(cycleChanges).where(and(eq(cycleChanges.orgId, orgId), measureChanges, where))).map((r) =>
      changeCellSchema.parse(r.cell),
    );
  // Walk back through published changes: the chain the auditor must see whole.
  const chain: string[] = [previous.id];
  for (let id = previous.id; ; ) {
    const into = (await storedChanges(eq(cycleChanges.cycleId, id))).filter((c) => c.suppressed === null);
    const before = [...new Set(into.map((c) => c.previousCycle))];
    if (before.length !== 1 || chain.includes(before[0]!)) break; // none, or inconsistent (the auditor reports it)
    id = before[0]!;
    chain.unshift(id);
  }

  const [viewerKeys, info, cellRows, responseRows, changeRows] = await Promise.all([
    loadViewerRespondentKeys(tx, orgId),
    tx
      .select({ id: cycles.id, k: cycles.publishedK, vr: sql<string>`${cycles.instruments}->>'vr'` })
      .from(cycles)
      .where(and(eq(cycles.orgId, orgId), inArray(cycles.id, [...chain, cycleId]))),
    tx
      .select({ cycleId: cycleAggregates.cycleId, cell: cycleAggregates.cell })
      .from(cycleAggregates)
      // The four measures only: pillar rows of the organizational check have their own shape.
      .where(and(eq(cycleAggregates.orgId, orgId), inArray(cycleAggregates.cycleId, [...chain, cycleId]), inArray(cycleAggregates.measure, [...MEASURES]))),
    tx
      .select({
        cycleId: responses.cycleId,
        teamId: responses.teamId,
        scores: responses.scores,
        respondentKey: responses.respondentKey,
        submittedAsViewer: responses.submittedAsViewer,
      })
      .from(responses)
      .where(and(eq(responses.orgId, orgId), inArray(responses.cycleId, [...chain, cycleId]))),
    tx
      .select({ cell: cycleChanges.cell })
      .from(cycleChanges)
      .where(and(eq(cycleChanges.orgId, orgId), measureChanges, or(inArray(cycleChanges.cycleId, chain), inArray(cycleChanges.previousCycleId, chain)))),
  ]);
  const kOf = new Map(info.map((c) => [c.id, c.k]));
  const vrOf = new Map(info.map((c) => [c.id, c.vr]));
  const cellsOf = (id: string) => cellRows.filter((r) => r.cycleId === id).map((r) => aggregateCellSchema.parse(r.cell));
  const rowsOf = (id: string) => responseRows.filter((r) => r.cycleId === id) as (ResponseLite & { cycleId: string })[];

  // Opaque person numbers: the same person has the same number in every linked cycle.
  const person = new Map<string, number>();
  const personOf = (key: string) => {
    if (!person.has(key)) person.set(key, person.size);
    return person.get(key)!;
  };
  const isViewer = (r: ResponseLite) => r.submittedAsViewer || viewerKeys.has(r.respondentKey);
  const linked = (id: string, k: number): LinkedCycle => {
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
        scores: scoresOf(r, false),
      })),
    };
  };
  const linkedCycles = [...chain.map((id) => linked(id, kOf.get(id) ?? org.k)), linked(cycleId, org.k)];
  const k = Math.max(org.k, ...linkedCycles.map((c) => c.k ?? org.k));

  const currentCells = cellsOf(cycleId);
  const teamRefs = [...new Set(currentCells.map((c) => c.group))].filter((g) => g !== ORG_GROUP).map((id) => ({ id }));
  const dropVr = vrOf.get(previous.id) !== current.vr;
  const before = new Map(rowsOf(previous.id).map((r) => [r.respondentKey, r]));
  const pairs: PairedResponse[] = rowsOf(cycleId).flatMap((r) => {
    const b = before.get(r.respondentKey);
    if (!b) return [];
    return [{ groupId: r.teamId ?? '__no_team__', isViewer: isViewer(r) || isViewer(b), previous: scoresOf(b, dropVr), current: scoresOf(r, dropVr) }];
  });
  // Only published change cells link cycles; a stored hidden one (say, from an empty close)
  // must not make the chain look inconsistent and switch changes off for good (third review).
  const earlierChanges = changeRows.map((r) => changeCellSchema.parse(r.cell)).filter((c) => c.suppressed === null);
  const publication = planChangePublication({
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
    if (publication.refused) console.error(`Within-person change of cycle ${cycleId} withheld by the disclosure audit: ${summary}`);
    await writeAudit(tx, {
      orgId,
      actorUserId: null,
      action: publication.refused ? 'cycle.changes_withheld' : 'cycle.changes_audit_suppressed',
      targetType: 'cycle',
      targetId: cycleId,
      detail: { findings: summary, extraWithheld: publication.extraWithheld },
    });
  }
  const stored: ChangeCell[] = publication.cells.filter((c) => !dropVr || c.measure !== 'vr');
  if (stored.length) {
    await tx
      .insert(cycleChanges)
      .values(stored.map((cell) => ({ orgId, cycleId, previousCycleId: previous.id, groupId: cell.group, measure: cell.measure, cell, publishedAt: now })))
      .onConflictDoNothing();
  }
}

/** Email addresses of eligible members who have not checked in (for reminders). */
export async function listNonParticipants(tx: Tx, orgId: string, cycleId: string) {
  return tx
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.orgId, orgId),
        eligibleMemberCondition,
        notExists(
          tx
            .select({ one: sql`1` })
            .from(participations)
            .where(and(eq(participations.cycleId, cycleId), eq(participations.userId, memberships.userId))),
        ),
      ),
    );
}

