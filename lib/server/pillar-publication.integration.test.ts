import { and, eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { auditLog, cycleAggregates, cycleChanges, cycleSchedules, cycles, responses } from '@/db/schema';
import { openDueCycles } from '@/lib/jobs/open-cycles';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { BRIEF_VR, ORG_CHECK, ORG_CHECK_PILLARS, PROQOL5 } from '@/lib/instruments';
import { ORG_GROUP, PILLAR_ALPHA_MEASURE, PILLAR_MEASURES, pillarAlphasSchema, pillarCellSchema, type PillarCell } from '@/lib/privacy';
import { auditStoredPillars } from '@/lib/testing/pillar-audit';
import { submitCheckIn } from './checkins';
import { closeCycleEarly, openOneOffCycle } from './cycles';
import { getMyOrgCheck, getPublishedPillarCells } from './pillars';

/**
 * The organizational check's pillars published at close (issue 15) under ARCHITECTURE §4:
 * a team below k and its complement hidden, viewers' answers never counted, the auditor's
 * verdict reproduced on what is stored, and nobody but the agency's viewers reads the cells.
 */

const DAY_MS = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const fill = (items: readonly { id: number }[], v: (id: number) => number | null) => Object.fromEntries(items.map((i) => [String(i.id), v(i.id)]));

/** Person p's answers; Management & Supervision items (4–6) vary by person so no group is uniform. */
function payload(p: number, withOrg: boolean): CheckInPayload {
  return {
    proqol: fill(PROQOL5.items, (id) => 1 + ((id + p) % 5)),
    vr: fill(BRIEF_VR.items, (id) => (id + p) % 6),
    selfCare: null,
    ...(withOrg ? { orgCheck: fill(ORG_CHECK.items, (id) => (id === 5 && p % 4 === 0 ? null : 1 + ((id * 3 + p * 2) % 5))) } : {}),
    profile: null,
  };
}

async function staff(db: Db, orgId: string, teamId: string, n: number): Promise<OrgMember[]> {
  const out: OrgMember[] = [];
  for (let i = 0; i < n; i++) {
    const { user } = await makeMember(db, orgId, 'staff', { teamId });
    out.push(await authorizeOrgRole(db, user.id, orgId, 'staff'));
  }
  return out;
}

async function pillarCells(db: Db, cycleId: string): Promise<PillarCell[]> {
  const rows = await db
    .select({ cell: cycleAggregates.cell })
    .from(cycleAggregates)
    .where(and(eq(cycleAggregates.cycleId, cycleId), inArray(cycleAggregates.measure, [...PILLAR_MEASURES])));
  return rows.map((r) => pillarCellSchema.parse(r.cell));
}

describeEachDriver('organizational check pillars published at close', (ctx) => {
  async function scenario() {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const [a, b, c] = [await makeTeam(db, org.id, 'Outreach'), await makeTeam(db, org.id, 'Shelter'), await makeTeam(db, org.id, 'Legal')];
    const people = [...(await staff(db, org.id, a.id, 6)), ...(await staff(db, org.id, b.id, 6)), ...(await staff(db, org.id, c.id, 2))];
    const { user } = await makeMember(db, org.id, 'director');
    const director = await authorizeOrgRole(db, user.id, org.id, 'director');
    const cycleId = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: false, includeOrgCheck: true }, at(0));
    for (const [i, p] of people.entries()) await submitCheckIn(db, p, cycleId, payload(i, true), at(1));
    // The director checks in with extreme answers: known to the insider, never counted.
    await submitCheckIn(db, director, cycleId, { ...payload(99, true), orgCheck: fill(ORG_CHECK.items, () => 5) }, at(1));
    await closeCycleEarly(db, director, cycleId, at(2));
    return { db, org, teams: { a, b, c }, people, director, cycleId };
  }

  it('hides the team below k and its complement, excludes viewers, and stores what the auditor accepts', async () => {
    const { db, org, teams, cycleId } = await scenario();
    const cells = await pillarCells(db, cycleId);
    expect(cells).toHaveLength(5 * 4); // 5 pillars × (agency + 3 teams)
    const ms = (g: string) => cells.find((x) => x.group === g && x.measure === 'org_ms')!;
    expect(ms(teams.c.id).suppressed).toMatch(/fewer than 5/);
    // Complement: the agency (14) minus two shown teams would give the 2 of Legal.
    const shown = [ms(teams.a.id), ms(teams.b.id), ms(ORG_GROUP)].filter((x) => x.suppressed === null);
    expect(shown).toHaveLength(2);

    // Viewers never count: the agency cell, when shown, holds the 14 staff only.
    const rows = await db.select({ scores: responses.scores, viewer: responses.submittedAsViewer }).from(responses).where(eq(responses.cycleId, cycleId));
    const staffMs = rows.filter((r) => !r.viewer).map((r) => r.scores.orgPillars!.org_ms!.value!);
    const orgMs = ms(ORG_GROUP);
    expect(orgMs.suppressed).toBeNull();
    expect(orgMs.n).toBe(14);
    expect(orgMs.mean).toBeCloseTo(Math.round((staffMs.reduce((s, v) => s + v, 0) / 14) * 10) / 10, 10);
    // No level breakdowns for pillars (no cut points); one decimal everywhere (rule 8).
    for (const cell of cells) if (cell.suppressed === null && cell.n) expect(cell.levelCounts).toBeNull();

    // The independent auditor, run again on what is stored, finds nothing.
    const { reports } = await auditStoredPillars(db, org.id, cycleId, 5);
    for (const report of reports) expect(report).toEqual({ ok: true, findings: [] });

    // Cronbach's alpha is stored for the agency, withheld below 30 complete responses.
    const [alphaRow] = await db.select({ cell: cycleAggregates.cell }).from(cycleAggregates).where(and(eq(cycleAggregates.cycleId, cycleId), eq(cycleAggregates.measure, PILLAR_ALPHA_MEASURE)));
    expect(pillarAlphasSchema.parse(alphaRow!.cell).every((a) => a.alpha === null && a.withheld)).toBe(true);
    // Stored once: nothing about pillars in the audit log beyond the close.
    const logged = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, cycleId));
    expect(logged.some((l) => l.action === 'cycle.pillars_withheld')).toBe(false);
  });

  it('staff see their own answers beside the agency mean; staff and other agencies cannot read the pillar cells', async () => {
    const { db, org, people, director, cycleId } = await scenario();
    const me = people[1]!;
    const mine = await getMyOrgCheck(db, me, cycleId);
    expect(mine!.items.find((i) => i.id === 4)!.answer).toBe(1 + ((4 * 3 + 1 * 2) % 5));
    expect(mine!.pillars.map((p) => p.code)).toEqual(ORG_CHECK_PILLARS.map((p) => p.code));
    // The director's own answers are never shown to anyone, directors included: no reader returns answers but the owner's.
    const directorsView = await getPublishedPillarCells(db, director);
    expect(directorsView.length).toBeGreaterThan(0);
    expect(JSON.stringify(directorsView)).not.toMatch(/answers|respondent/);
    // A staff member gets no group cells.
    expect(await getPublishedPillarCells(db, me)).toEqual([]);
    // A director of another agency is refused this agency (not found), and their own agency has nothing.
    const other = await makeOrg(db);
    const { user } = await makeMember(db, other.id, 'director');
    await expect(authorizeOrgRole(db, user.id, org.id, 'director')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const otherDirector = await authorizeOrgRole(db, user.id, other.id, 'director');
    expect(await getPublishedPillarCells(db, otherDirector)).toEqual([]);
    // A staff member cannot read another person's answers: getMyOrgCheck is keyed by the caller.
    expect((await getMyOrgCheck(db, people[0]!, cycleId))!.items.find((i) => i.id === 4)!.answer).not.toBe(mine!.items.find((i) => i.id === 4)!.answer);
  });

  it('a cycle without the check refuses organizational answers and publishes no pillars; later closes still chain', async () => {
    const { db, people, director } = await scenario();
    const plain = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: false }, at(30));
    await expect(submitCheckIn(db, people[0]!, plain, payload(0, true), at(31))).rejects.toMatchObject({ code: 'VALIDATION' });
    for (const [i, p] of people.entries()) await submitCheckIn(db, p, plain, payload(i + 1, false), at(31));
    await closeCycleEarly(db, director, plain, at(32));
    expect(await pillarCells(db, plain)).toEqual([]);
    // The within-person change of the four measures still runs over a chain whose first cycle has pillar rows.
    const changes = await db.select({ measure: cycleChanges.measure }).from(cycleChanges).where(eq(cycleChanges.cycleId, plain));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((ch) => !ch.measure.startsWith('org_'))).toBe(true);
  });

  it('scheduled cycles include the check as the admin chose: every cycle, twice a year (default), or off', async () => {
    const db = ctx.db;
    const opened = async (setting: 'every' | 'twice_yearly' | 'off' | null) => {
      const org = await makeOrg(db);
      await db.insert(cycleSchedules).values({ orgId: org.id, enabled: true, cadence: 'monthly', openDay: 1, durationDays: 14, ...(setting ? { orgCheck: setting } : {}) });
      const flags: boolean[] = [];
      for (let month = 0; month < 8; month++) {
        const now = new Date(Date.UTC(2026, month, 2, 12));
        await openDueCycles(db, now, org.id);
        const [open] = await db.select().from(cycles).where(and(eq(cycles.orgId, org.id), eq(cycles.status, 'open')));
        flags.push(open!.instruments.orgCheck === true);
        await db.update(cycles).set({ status: 'closed', closedAt: now }).where(eq(cycles.id, open!.id));
      }
      return flags;
    };
    expect(await opened('every')).toEqual([true, true, true, true, true, true, true, true]);
    expect(await opened('off')).toEqual([false, false, false, false, false, false, false, false]);
    // January and July.
    expect(await opened(null)).toEqual([true, false, false, false, false, false, true, false]);
  });
});
