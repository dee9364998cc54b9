import { NextRequest } from 'next/server';
import { and, eq, inArray } from 'drizzle-orm';
import { expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { cycleChanges, organizations } from '@/db/schema';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { BRIEF_VR, ORG_CHECK, PROQOL5 } from '@/lib/instruments';
import { MEASURES, ORG_GROUP, PILLAR_MEASURES, changeCellSchema, pillarChangeCellSchema } from '@/lib/privacy';
import { auditStoredPillarChanges } from '@/lib/testing/pillar-change-audit';
import { submitCheckIn } from './checkins';
import { closeCycleEarly, openOneOffCycle } from './cycles';
import { AGENCY_RESULTS_OFF_NOTE, getMyOrgCheck, getPublishedPillarChanges } from './pillars';

/**
 * Within-person change of the organizational check's pillars (issue 15), through the real
 * close path: the second org-check close publishes pillar change cells into cycle_changes,
 * linked to the previous PUBLISHED org-check cycle (not the plain cycle between them),
 * under the privacy rules (n pairs ≥ max(k, 5), complement, viewers excluded), and the
 * independent change auditor, rebuilt from the database, finds nothing. Only the agency's
 * directors and admins read them, through the same API route and CSV as the other cells.
 */

// Route handlers read the session through this module; tests choose who is calling.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUserId: async () => session.userId }));
const { GET: getAggregates } = await import('@/app/api/v1/orgs/[orgId]/aggregates/route');
function call(orgId: string, query = '') {
  const req = new NextRequest(`http://localhost/api/v1/orgs/${orgId}/aggregates${query}`);
  return getAggregates(req, { params: Promise.resolve({ orgId }) });
}

const DAY_MS = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const fill = (items: readonly { id: number }[], v: (id: number) => number | null) => Object.fromEntries(items.map((i) => [String(i.id), v(i.id)]));

/**
 * Person p's answers at check `t` (0 or 1). Management & Supervision (items 4–6) rises by one
 * step for even p and two for odd p at the second check; the other statements move by
 * p-dependent steps, so no group's changes are identical.
 */
function payload(p: number, t: number, withOrg: boolean): CheckInPayload {
  const clamp = (x: number) => Math.max(1, Math.min(5, x));
  return {
    proqol: fill(PROQOL5.items, (id) => 1 + ((id + p + t) % 5)),
    vr: fill(BRIEF_VR.items, (id) => (id + p + t) % 6),
    selfCare: null,
    ...(withOrg
      ? {
          orgCheck: fill(ORG_CHECK.items, (id) =>
            id >= 4 && id <= 6 ? clamp(1 + ((id + p) % 2) + t * (1 + (p % 2))) : clamp(2 + ((id * 3 + p * 2) % 3) + t * ((id + p) % 2)),
          ),
        }
      : {}),
    profile: null,
  };
}

async function staffIn(db: Db, orgId: string, teamId: string, n: number): Promise<OrgMember[]> {
  const out: OrgMember[] = [];
  for (let i = 0; i < n; i++) {
    const { user } = await makeMember(db, orgId, 'staff', { teamId });
    out.push(await authorizeOrgRole(db, user.id, orgId, 'staff'));
  }
  return out;
}

describeEachDriver('within-person change of the organizational pillars', (ctx) => {
  async function scenario({ skipper = false }: { skipper?: boolean } = {}) {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const [a, b, c] = [await makeTeam(db, org.id, 'Outreach'), await makeTeam(db, org.id, 'Shelter'), await makeTeam(db, org.id, 'Legal')];
    const people = [...(await staffIn(db, org.id, a.id, 7)), ...(await staffIn(db, org.id, b.id, 6)), ...(await staffIn(db, org.id, c.id, 2))];
    const { user } = await makeMember(db, org.id, 'director');
    const director = await authorizeOrgRole(db, user.id, org.id, 'director');
    const open = (includeOrgCheck: boolean, day: number) =>
      openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: false, includeOrgCheck }, at(day));
    // Check 1 (with the organizational check), a plain cycle, then check 2.
    const first = await open(true, 0);
    for (const [i, p] of people.entries()) await submitCheckIn(db, p, first, payload(i, 0, true), at(1));
    // The director answers both checks with extremes (1 then 5): known, never counted.
    await submitCheckIn(db, director, first, { ...payload(99, 0, true), orgCheck: fill(ORG_CHECK.items, () => 1) }, at(1));
    await closeCycleEarly(db, director, first, at(2));
    const plain = await open(false, 30);
    for (const [i, p] of people.entries()) await submitCheckIn(db, p, plain, payload(i, 0, false), at(31));
    await closeCycleEarly(db, director, plain, at(32));
    const second = await open(true, 60);
    // With `skipper`, one Outreach member does not answer the second check.
    for (const [i, p] of people.entries()) if (!skipper || i !== 0) await submitCheckIn(db, p, second, payload(i, 1, true), at(61));
    await submitCheckIn(db, director, second, { ...payload(99, 1, true), orgCheck: fill(ORG_CHECK.items, () => 5) }, at(61));
    await closeCycleEarly(db, director, second, at(62));
    return { db, org, teams: { a, b, c }, people, director, first, plain, second };
  }

  it('the second org-check close publishes pillar changes that pass the change auditor, with every rule applied', async () => {
    const { db, org, teams, first, plain, second } = await scenario();
    const rows = await db
      .select({ cell: cycleChanges.cell, previous: cycleChanges.previousCycleId })
      .from(cycleChanges)
      .where(and(eq(cycleChanges.cycleId, second), inArray(cycleChanges.measure, [...PILLAR_MEASURES])));
    // Every pillar × (agency + 3 teams), linked to the previous published org-check cycle, not the plain one.
    expect(rows).toHaveLength(5 * 4);
    expect(new Set(rows.map((r) => r.previous))).toEqual(new Set([first]));
    const cells = rows.map((r) => pillarChangeCellSchema.parse(r.cell));
    const ms = (g: string) => cells.find((c) => c.group === g && c.measure === 'org_ms')!;
    // 15 staff answered both checks; the director's +4 pair is left out (rule 6). Planted
    // (payload): +1 for the 8 even-numbered people and +2 for the 7 odd ones, mean 22/15 = 1.47 → 1.5.
    expect(ms(ORG_GROUP)).toMatchObject({ nPairs: 15, meanChange: 1.5, suppressed: null, flagged: true });
    expect(ms(ORG_GROUP).previousCycle).toBe(first);
    // Legal (2 pairs) is below max(k, 5); its complement (agency 15 − 13 shown) would
    // reveal those 2, so one more team change is hidden too (rule 2).
    expect(ms(teams.c.id).suppressed).toMatch(/fewer than 5|hidden because the group's results are hidden/);
    expect([ms(teams.a.id), ms(teams.b.id)].filter((c) => c.suppressed === null)).toHaveLength(1);
    // Rule 8: one decimal; and q only on shown cells.
    for (const c of cells) {
      if (c.suppressed !== null) {
        expect(c.qValue).toBeNull();
        continue;
      }
      expect(c.nPairs).toBeGreaterThanOrEqual(5);
      for (const x of [c.meanChange, c.sdChange, c.ci95[0], c.ci95[1]]) expect(Math.abs(x * 10 - Math.round(x * 10))).toBeLessThan(1e-9);
    }
    // The wellbeing changes of the same close link to the plain cycle and stay the strict schema's.
    const measureRows = await db
      .select({ cell: cycleChanges.cell, previous: cycleChanges.previousCycleId })
      .from(cycleChanges)
      .where(and(eq(cycleChanges.cycleId, second), inArray(cycleChanges.measure, [...MEASURES])));
    expect(measureRows.length).toBeGreaterThan(0);
    for (const r of measureRows) {
      expect(r.previous).toBe(plain);
      changeCellSchema.parse(r.cell);
    }
    // The independent change auditor, rebuilt from the database, finds nothing.
    const audited = await auditStoredPillarChanges(db, org.id);
    expect(audited.changes).toHaveLength(5 * 4);
    for (const report of audited.reports) expect(report.findings).toEqual([]);
  }, 120_000);

  it('one person who answered the first check but not the second: the auditor hides what would give their score', async () => {
    // Agency cell of check 1 (15 people) − agency cell of check 2 (14) + the agency change
    // (14 pairs) = the leaver's first score, unless the change is hidden. The planner's own
    // rules allow it; the change auditor over the linked org-check cycles does not.
    const { db, org, second } = await scenario({ skipper: true });
    const cells = (
      await db
        .select({ cell: cycleChanges.cell })
        .from(cycleChanges)
        .where(and(eq(cycleChanges.cycleId, second), inArray(cycleChanges.measure, [...PILLAR_MEASURES])))
    ).map((r) => pillarChangeCellSchema.parse(r.cell));
    const agencyMs = cells.find((c) => c.group === ORG_GROUP && c.measure === 'org_ms')!;
    expect(agencyMs.nPairs).toBeNull();
    expect(agencyMs.suppressed).not.toBeNull();
    const audited = await auditStoredPillarChanges(db, org.id);
    for (const report of audited.reports) expect(report.findings).toEqual([]);
  }, 120_000);

  it('directors read pillar changes through the API and CSV; staff and another agency get 404, as for the other cells', async () => {
    const { db, org, people, director, second } = await scenario();
    session.userId = director.userId;
    const res = await call(org.id, '?cycle=all&by=org');
    expect(res.status).toBe(200);
    const json = (await res.json()) as { pillars: { measure: string; cycle: string }[]; pillarChanges: { measure: string; cycle: string; meanChange: number | null }[] };
    // Exactly what the dashboard reads.
    const page = (await getPublishedPillarChanges(db, director)).filter((c) => c.group === ORG_GROUP);
    expect(json.pillarChanges.map((c) => [c.cycle, c.measure, c.meanChange]).sort()).toEqual(page.map((c) => [c.cycle, c.measure, c.meanChange]).sort());
    expect(json.pillarChanges.find((c) => c.measure === 'org_ms')).toMatchObject({ cycle: second, meanChange: 1.5 });
    expect(json.pillars.filter((c) => c.measure === 'org_ms')).toHaveLength(2);
    const csv = await (await call(org.id, '?cycle=all&by=org&format=csv&table=pillar_changes')).text();
    expect(csv.split('\r\n')[0]).toBe(
      'cycle_id,cycle_opens,previous_cycle_id,previous_cycle_opens,group_id,measure,measure_label,n_pairs,mean_change,ci95_low,ci95_high,q_value,flagged,suppressed',
    );
    const msLine = csv.split('\r\n').find((l) => l.includes(',org_ms,'))!.split(',');
    expect(msLine.slice(7, 9)).toEqual(['15', '1.5']);
    const cellsCsv = await (await call(org.id, '?cycle=all&by=org&format=csv')).text();
    expect(cellsCsv).toMatch(/,org_ms,Management & Supervision,\d+,/);

    // A staff member of the agency: 404, like every director route.
    session.userId = people[1]!.userId;
    expect((await call(org.id, '?cycle=all')).status).toBe(404);
    // A director of another agency: 404.
    const other = await makeOrg(db);
    session.userId = (await makeMember(db, other.id, 'director')).user.id;
    expect((await call(org.id, '?cycle=all')).status).toBe(404);
    session.userId = null;
    expect((await call(org.id, '?cycle=all')).status).toBe(401);
    // Defence in depth: the reader gives staff nothing.
    expect(await getPublishedPillarChanges(db, people[1]!)).toEqual([]);
  }, 120_000);

  it("staff see the agency's pillar means beside their answers only when the agency allows staff to see agency results", async () => {
    const { db, org, people, director, second } = await scenario();
    const me = people[1]!;
    const off = (await getMyOrgCheck(db, me, second))!;
    expect(off.agencyShown).toBe(false);
    expect(off.pillars.every((p) => p.agency === null && p.agencyNote === AGENCY_RESULTS_OFF_NOTE)).toBe(true);
    // Their own answers are there either way.
    expect(off.pillars.find((p) => p.code === 'org_ms')!.mine).not.toBeNull();
    await db.update(organizations).set({ staffSeeAgencyResults: true }).where(eq(organizations.id, org.id));
    const on = (await getMyOrgCheck(db, me, second))!;
    expect(on.agencyShown).toBe(true);
    expect(on.pillars.find((p) => p.code === 'org_ms')!.agency).not.toBeNull();
    // Directors see results anyway.
    await db.update(organizations).set({ staffSeeAgencyResults: false }).where(eq(organizations.id, org.id));
    expect((await getMyOrgCheck(db, director, second))!.agencyShown).toBe(true);
  }, 120_000);
});
