import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { cycleChanges, memberships, organizations, profiles } from '@/db/schema';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { BRIEF_VR, PROQOL5, SELF_CARE } from '@/lib/instruments';
import { MEASURES, ORG_GROUP, changeCellSchema, isLevelBreakdownPublishable, type Measure } from '@/lib/privacy';
import { aggregatesToCsv, getAggregatesForApi } from './aggregates-api';
import { eraseMyData, getMyHistory, submitCheckIn } from './checkins';
import { closeCycleEarly, openOneOffCycle } from './cycles';
import { getDashboard, type CellDto } from './dashboard';
import { getDrivers } from './drivers';
import { acceptInvitationAsNewUser, createInvitation } from './invitations';
import { updateMember } from './members';

/**
 * The insider attacks of issue 10, replayed through the same lib/server functions the
 * pages and the JSON API use. Each attacker is a program director or admin who sees
 * every published number and knows their own answers. Each test performs the attack
 * and asserts that it yields nothing.
 */

const DAY_MS = 86_400_000;
const T0 = new Date('2026-05-04T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);

const fill = (items: readonly { id: number }[], v: (id: number) => number) =>
  Object.fromEntries(items.map((i) => [String(i.id), v(i.id)]));

/** A check-in whose ProQOL answers vary with `seed`, so every person's scores differ. */
function answers(seed: number, profile: CheckInPayload['profile'] = null): CheckInPayload {
  return {
    proqol: fill(PROQOL5.items, (id) => 1 + ((id * 7 + seed * 3) % 5)),
    vr: fill(BRIEF_VR.items, (id) => (id + seed) % 6),
    selfCare: fill(SELF_CARE.items, (id) => (id + seed) % 5),
    profile,
  };
}

async function member(db: Db, orgId: string, role: 'admin' | 'director' | 'staff', teamId: string | null = null): Promise<OrgMember> {
  const { user } = await makeMember(db, orgId, role, { teamId });
  return authorizeOrgRole(db, user.id, orgId, role);
}

async function staffOf(db: Db, orgId: string, teamId: string, count: number): Promise<OrgMember[]> {
  const out: OrgMember[] = [];
  for (let i = 0; i < count; i++) out.push(await member(db, orgId, 'staff', teamId));
  return out;
}

/** What the director reads: the API's cells for every closed cycle. */
async function readCells(db: Db, viewer: OrgMember, by: 'org' | 'team'): Promise<CellDto[]> {
  return (await getAggregatesForApi(db, viewer, { cycle: 'all', by, format: 'json' })).cells;
}

/** The director's own score for a measure, from their private results. */
async function ownScore(db: Db, viewer: OrgMember, measure: Measure): Promise<number> {
  const history = await getMyHistory(db, viewer);
  return history[history.length - 1]![measure]!;
}

/**
 * The subtraction: agency total minus every shown team, minus the attacker's own known
 * answers (assuming they were counted). Returns the residual count and sum the attacker
 * would attribute to the hidden people.
 */
function subtract(cells: CellDto[], measure: Measure, known: number[]) {
  const org = cells.find((c) => c.group === ORG_GROUP && c.measure === measure)!;
  const teams = cells.filter((c) => c.group !== ORG_GROUP && c.measure === measure && c.suppressed === null && c.n);
  const shownN = teams.reduce((a, c) => a + c.n!, 0);
  const shownSum = teams.reduce((a, c) => a + c.n! * c.mean!, 0);
  return {
    org,
    residualN: org.n! - shownN - known.length,
    residualSum: org.n! * org.mean! - shownSum - known.reduce((a, b) => a + b, 0),
  };
}

describeEachDriver('insider attacks (issue 10)', (ctx) => {
  it('attack 1a: a director who checks in cannot subtract their own answers to reveal a 4-person team (k = 5)', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const outreach = await makeTeam(db, org.id, 'Outreach');
    const legal = await makeTeam(db, org.id, 'Legal advocacy');
    const shelter = await makeTeam(db, org.id, 'Shelter & housing');
    const director = await member(db, org.id, 'director');
    const staff = [
      ...(await staffOf(db, org.id, outreach.id, 4)),
      ...(await staffOf(db, org.id, legal.id, 6)),
      ...(await staffOf(db, org.id, shelter.id, 10)),
    ];
    const cycleId = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    for (const [i, s] of staff.entries()) await submitCheckIn(db, s, cycleId, answers(i), at(1));
    await submitCheckIn(db, director, cycleId, answers(99), at(1));
    await closeCycleEarly(db, director, cycleId, at(2));

    const cells = [...(await readCells(db, director, 'org')), ...(await readCells(db, director, 'team'))];
    for (const measure of MEASURES) {
      const cellOf = (group: string) => cells.find((c) => c.group === group && c.measure === measure)!;
      // The director's answers are not in the agency total: it holds exactly the 20 staff.
      expect(cellOf(ORG_GROUP).n).toBe(20);
      expect(cellOf(outreach.id).suppressed).not.toBeNull();
      // Legal advocacy is hidden too: the hidden residual holds 10 non-viewers, not 4.
      expect(cellOf(legal.id).suppressed).not.toBeNull();
      const { residualN } = subtract(cells, measure, []);
      expect(residualN === 0 || residualN >= 5).toBe(true);
      // With the attacker's own answer taken off too, the count no longer even matches a real group.
      const attempt = subtract(cells, measure, [await ownScore(db, director, measure)]);
      expect(attempt.residualN).toBe(9);
    }
  });

  it('attack 1b: an admin with a second account (both checking in) cannot isolate one staff member (k = 3)', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 3 });
    const outreach = await makeTeam(db, org.id, 'Outreach');
    const shelter = await makeTeam(db, org.id, 'Shelter & housing');
    const admin = await member(db, org.id, 'admin');
    // The admin invites a second account for themselves; the link comes back to them.
    const invite = await createInvitation(db, admin, { role: 'director', teamId: null, email: null, expiresInDays: 7 }, T0);
    const second = await acceptInvitationAsNewUser(db, invite.token, { name: 'Alt', email: 'alt@example.test', password: 'a-long-password-1' }, T0);
    const alt = await authorizeOrgRole(db, second.userId, org.id, 'director');
    const [lone] = await staffOf(db, org.id, outreach.id, 1);
    const shelterStaff = await staffOf(db, org.id, shelter.id, 5);

    const cycleId = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    await submitCheckIn(db, admin, cycleId, answers(50), at(1));
    await submitCheckIn(db, alt, cycleId, answers(51), at(1));
    await submitCheckIn(db, lone!, cycleId, answers(7), at(1));
    for (const [i, s] of shelterStaff.entries()) await submitCheckIn(db, s, cycleId, answers(i + 20), at(1));
    await closeCycleEarly(db, admin, cycleId, at(2));

    const cells = [...(await readCells(db, admin, 'org')), ...(await readCells(db, admin, 'team'))];
    for (const measure of MEASURES) {
      const { org: orgCell, residualN } = subtract(cells, measure, []);
      expect(orgCell.n).toBe(6); // the lone Outreach member and the five in Shelter: no viewer
      expect(residualN === 0 || residualN >= 3).toBe(true);
      // The classic subtraction (agency − Shelter − both own answers) has no Shelter cell to use.
      expect(cells.find((c) => c.group === shelter.id && c.measure === measure)!.suppressed).not.toBeNull();
    }
  });

  it('rule 6: a staff member promoted to director before the close is left out of that cycle', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 3 });
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const admin = await member(db, org.id, 'admin');
    const staff = await staffOf(db, org.id, team.id, 6);
    const cycleId = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    for (const [i, s] of staff.entries()) await submitCheckIn(db, s, cycleId, answers(i), at(1));
    const [row] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, staff[0]!.userId)));
    await updateMember(db, admin, { membershipId: row!.id, role: 'director', teamId: null });
    await closeCycleEarly(db, admin, cycleId, at(2));
    const cells = await readCells(db, admin, 'org');
    for (const c of cells) expect(c.n).toBe(5);
  });

  it('rule 6 by role toggling: viewers demoted to staff for a cycle still never count (review finding)', async () => {
    // k = 3. A second admin demotes the admin and a director account to staff in Outreach;
    // both check in beside the one real Outreach member; the cycle closes; roles are restored.
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 3 });
    const outreach = await makeTeam(db, org.id, 'Outreach');
    const shelter = await makeTeam(db, org.id, 'Shelter & housing');
    const admin = await member(db, org.id, 'admin');
    const admin2 = await member(db, org.id, 'admin');
    const director = await member(db, org.id, 'director');
    const [lone] = await staffOf(db, org.id, outreach.id, 1);
    const shelterStaff = await staffOf(db, org.id, shelter.id, 5);
    const membershipOf = async (userId: string) =>
      (await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId))))[0]!.id;
    for (const m of [admin, director]) await updateMember(db, admin2, { membershipId: await membershipOf(m.userId), role: 'staff', teamId: outreach.id });
    const asStaff = async (m: OrgMember) => authorizeOrgRole(db, m.userId, org.id, 'staff');
    const cycleId = await openOneOffCycle(db, admin2, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    await submitCheckIn(db, await asStaff(admin), cycleId, answers(50), at(1));
    await submitCheckIn(db, await asStaff(director), cycleId, answers(51), at(1));
    await submitCheckIn(db, lone!, cycleId, answers(7), at(1));
    for (const [i, s] of shelterStaff.entries()) await submitCheckIn(db, s, cycleId, answers(i + 20), at(1));
    await closeCycleEarly(db, admin2, cycleId, at(2));
    for (const m of [admin, director]) await updateMember(db, admin2, { membershipId: await membershipOf(m.userId), role: m.role, teamId: null });

    const cells = [...(await readCells(db, admin2, 'org')), ...(await readCells(db, admin2, 'team'))];
    for (const measure of MEASURES) {
      const cellOf = (group: string) => cells.find((c) => c.group === group && c.measure === measure)!;
      expect(cellOf(ORG_GROUP).n).toBe(6); // the lone member and Shelter's five; not the two demoted viewers
      expect(cellOf(outreach.id).suppressed).not.toBeNull();
      const { residualN } = subtract(cells, measure, []);
      expect(residualN === 0 || residualN >= 3).toBe(true);
    }
  });

  it('rule 7 against every earlier release: a shrunk window and a few accounts cannot yield two releases one person apart (review finding)', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 3 });
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const admin = await member(db, org.id, 'admin');
    const staff = await staffOf(db, org.id, team.id, 45);
    const c1 = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    for (const [i, s] of staff.entries()) await submitCheckIn(db, s, c1, answers(i), at(1));
    await closeCycleEarly(db, admin, c1, at(2));
    const r1 = await getDrivers(db, admin);
    expect(r1.asOf).toMatchObject({ cycleId: c1, respondents: 45 });

    // 100 days later: a 3-month window, and three new accounts check in: a release of 3.
    await db.update(organizations).set({ driverWindowMonths: 3 }).where(eq(organizations.id, org.id));
    const sybils = await staffOf(db, org.id, team.id, 3);
    const c2 = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(100));
    for (const [i, s] of sybils.entries()) await submitCheckIn(db, s, c2, answers(80 + i), at(101));
    await closeCycleEarly(db, admin, c2, at(102));
    const r2 = await getDrivers(db, admin);
    expect(r2.asOf).toMatchObject({ cycleId: c2, respondents: 3 });

    // The accounts erase their data, the target is promoted, the window goes back to 12 months,
    // and an empty cycle closes: the window now holds c1 minus the target, 0 new against r1.
    for (const s of sybils) await eraseMyData(db, s);
    const [target] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, staff[0]!.userId)));
    await updateMember(db, admin, { membershipId: target!.id, role: 'director', teamId: null });
    await db.update(organizations).set({ driverWindowMonths: 12 }).where(eq(organizations.id, org.id));
    const c3 = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(110));
    await closeCycleEarly(db, admin, c3, at(111));
    expect(await getDrivers(db, admin)).toEqual(r2);
  });

  it('rule 7 over the union of releases: {A, x}, {B} and {A, B} are never all released (second review)', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 3 });
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const admin = await member(db, org.id, 'admin');
    const groupA = await staffOf(db, org.id, team.id, 5);
    const [x] = await staffOf(db, org.id, team.id, 1);
    const groupB = await staffOf(db, org.id, team.id, 5);
    const cycle = async (people: OrgMember[], day: number) => {
      const id = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(day));
      for (const [i, s] of people.entries()) await submitCheckIn(db, s, id, answers(i + day), at(day + 1));
      await closeCycleEarly(db, admin, id, at(day + 2));
      return id;
    };
    const c1 = await cycle([...groupA, x!], 0);
    expect((await getDrivers(db, admin)).asOf).toMatchObject({ cycleId: c1, respondents: 6 });
    await db.update(organizations).set({ driverWindowMonths: 3 }).where(eq(organizations.id, org.id));
    const c2 = await cycle(groupB, 100);
    const r2 = await getDrivers(db, admin);
    expect(r2.asOf).toMatchObject({ cycleId: c2, respondents: 5 });
    // x is promoted (so left out from now on), the window grows back: the window holds A and B,
    // each new against one earlier release, but nobody new against all of them.
    const [row] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, x!.userId)));
    await updateMember(db, admin, { membershipId: row!.id, role: 'director', teamId: null });
    await db.update(organizations).set({ driverWindowMonths: 12 }).where(eq(organizations.id, org.id));
    await cycle([], 110);
    expect(await getDrivers(db, admin)).toEqual(r2);
  });

  it('rule 7: the first driver release needs at least k people', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const admin = await member(db, org.id, 'admin');
    const [lone] = await staffOf(db, org.id, team.id, 1);
    const id = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    await submitCheckIn(db, lone!, id, answers(1), at(1));
    await closeCycleEarly(db, admin, id, at(2));
    expect((await getDrivers(db, admin)).asOf).toBeNull();
  });

  it('within-person change: an erasure between two cycles publishes no change that gives the erased person away', async () => {
    // An erasure between two cycles, then a close: a change cell with both totals would give
    // the erased person's score (first review, attack 1). The change auditor models the
    // erased person from the stored counts and every change of the link is hidden.
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const shelter = await makeTeam(db, org.id, 'Shelter & housing');
    const director = await member(db, org.id, 'director');
    const staff = await staffOf(db, org.id, shelter.id, 6);
    const run = async (people: OrgMember[], opens: number) => {
      const id = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(opens));
      for (const [i, s] of people.entries()) await submitCheckIn(db, s, id, answers(i * 3 + (opens / 10) * (1 + (i % 3))), at(opens + 1));
      await closeCycleEarly(db, director, id, at(opens + 2));
      return id;
    };
    await run(staff, 0);
    await eraseMyData(db, staff[5]!);
    const second = await run(staff.slice(0, 5), 10);
    const dashboard = await getDashboard(db, director);
    expect(dashboard.latest!.cycle.id).toBe(second);
    expect(dashboard.latest!.changes.filter((c) => c.cell.suppressed === null)).toEqual([]);
    const stored = await db.select({ cell: cycleChanges.cell }).from(cycleChanges).where(eq(cycleChanges.cycleId, second));
    expect(stored.length).toBeGreaterThan(0);
    for (const { cell } of stored) expect(changeCellSchema.parse(cell).suppressed).not.toBeNull();
  });

  it('attack 3: published means, SDs and CI bounds carry one decimal, in the API and the CSV', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 3 });
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const director = await member(db, org.id, 'director');
    const staff = await staffOf(db, org.id, team.id, 3);
    const cycleId = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    for (const [i, s] of staff.entries()) await submitCheckIn(db, s, cycleId, answers(i), at(1));
    await closeCycleEarly(db, director, cycleId, at(2));

    const api = await getAggregatesForApi(db, director, { cycle: 'all', by: 'team', format: 'json' });
    const oneDecimal = (x: number) => Math.abs(x * 10 - Math.round(x * 10)) < 1e-9;
    const shown = api.cells.filter((c) => c.n);
    expect(shown.length).toBeGreaterThan(0);
    for (const c of shown) {
      for (const x of [c.mean!, c.sd!, c.ci95![0], c.ci95![1]]) expect(oneDecimal(x)).toBe(true);
    }
    const csv = aggregatesToCsv(api).trim().split('\r\n').slice(1);
    for (const line of csv) {
      const fields = line.split(',');
      for (const f of fields.slice(7, 11)) if (f !== '') expect(f).toMatch(/^-?\d+(\.\d)?$/);
    }
  });

  it('attack 4: a homogeneous level breakdown is withheld with its reason; the mean and CI stay', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const shelter = await makeTeam(db, org.id, 'Shelter & housing');
    const legal = await makeTeam(db, org.id, 'Legal advocacy');
    const director = await member(db, org.id, 'director');
    const shelterStaff = await staffOf(db, org.id, shelter.id, 7);
    const legalStaff = await staffOf(db, org.id, legal.id, 8);
    const cycleId = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    // Everyone in Shelter answers 3 on every ProQOL item but STS item 2, which varies 2–4:
    // STS 29, 30 or 31, moderate for all seven (and not identical, so the mean and CI stay).
    for (const [i, s] of shelterStaff.entries()) {
      const flat: CheckInPayload = { ...answers(0), proqol: fill(PROQOL5.items, (id) => (id === 2 ? 2 + (i % 3) : 3)) };
      await submitCheckIn(db, s, cycleId, flat, at(1));
    }
    for (const [i, s] of legalStaff.entries()) await submitCheckIn(db, s, cycleId, answers(i), at(1));
    await closeCycleEarly(db, director, cycleId, at(2));

    const api = await getAggregatesForApi(db, director, { cycle: 'all', by: 'team', format: 'json' });
    const sts = api.cells.find((c) => c.group === shelter.id && c.measure === 'sts')!;
    expect(sts.n).toBe(7);
    expect(sts.mean).toBe(29.9); // 29, 30, 31, 29, 30, 31, 29
    expect(sts.ci95).not.toBeNull();
    expect(sts.levelCounts).toBeNull();
    expect(sts.levelsWithheld).toMatch(/level breakdown withheld/);
    const csvLine = aggregatesToCsv(api)
      .split('\r\n')
      .find((l) => l.includes(shelter.id) && l.includes(',sts,'))!;
    expect(csvLine).toContain('level breakdown withheld');

    // No shown breakdown anywhere, nor the residual agency − shown teams, breaks rule 9.
    const all = [...(await readCells(db, director, 'org')), ...api.cells];
    for (const measure of MEASURES) {
      const withLevels = all.filter((c) => c.measure === measure && c.levelCounts && c.n);
      for (const c of withLevels) expect(isLevelBreakdownPublishable(c.levelCounts!, 5)).toBe(true);
      const orgCell = withLevels.find((c) => c.group === ORG_GROUP);
      if (orgCell) {
        const residual = { ...orgCell.levelCounts! };
        for (const t of withLevels.filter((c) => c.group !== ORG_GROUP)) {
          residual.low -= t.levelCounts!.low;
          residual.moderate -= t.levelCounts!.moderate;
          residual.high -= t.levelCounts!.high;
        }
        expect(isLevelBreakdownPublishable(residual, 5)).toBe(true);
      }
    }
  });

  it('attack 2: an erasure followed by empty closes never moves the drivers; k new people do (rule 7)', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const director = await member(db, org.id, 'director');
    const staff = await staffOf(db, org.id, team.id, 42);

    const first = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, T0);
    for (const [i, s] of staff.entries()) await submitCheckIn(db, s, first, answers(i), at(1));
    await closeCycleEarly(db, director, first, at(2));
    const release1 = await getDrivers(db, director);
    expect(release1.asOf).toMatchObject({ cycleId: first, respondents: 42 });

    // One person erases their data, then the director closes two empty cycles and one with 4 new people.
    await eraseMyData(db, staff[0]!);
    await db.delete(profiles).where(eq(profiles.orgId, org.id)); // profile changes never trigger a release either
    const empty = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(3));
    await closeCycleEarly(db, director, empty, at(4));
    const fewNew = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(5));
    const newcomers = await staffOf(db, org.id, team.id, 5);
    for (const [i, s] of newcomers.slice(0, 4).entries()) await submitCheckIn(db, s, fewNew, answers(60 + i), at(6));
    await closeCycleEarly(db, director, fewNew, at(7));
    const stillRelease1 = await getDrivers(db, director);
    expect(stillRelease1).toEqual(release1);

    // Five people new to the window: the analysis is released again.
    const enough = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(8));
    const more = await staffOf(db, org.id, team.id, 1);
    await submitCheckIn(db, more[0]!, enough, answers(70), at(9));
    await closeCycleEarly(db, director, enough, at(10));
    const release2 = await getDrivers(db, director);
    expect(release2.asOf?.cycleId).toBe(enough);
    // 41 of the first cycle (one erased) + 4 + 1 new people.
    expect(release2.asOf?.respondents).toBe(46);
  });
});
