import { NextRequest } from 'next/server';
import { and, eq } from 'drizzle-orm';
import { beforeEach, expect, it, vi } from 'vitest';
import { describeEachDriver } from '@/db/testing';
import { makeMember, makeOrg } from '@/db/factories';
import { cycleAggregates, memberships, organizations, profiles, responses } from '@/db/schema';
import { seedDemoHistory } from '@/db/seed/demo-history';
import { seedDemo } from '@/db/seed/demo';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { getAgencyResultsForStaff, getDashboard } from './dashboard';
import { getDrivers } from './drivers';
import { getDirectorRecommendations, listJointPracticeDrivers } from './recommendations';
import { createActionItem, getDidItHelp, listActionItems, listActionMarkers } from './actions-plan';

// Route handlers read the session through this module; tests choose who is calling.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUserId: async () => session.userId }));

const { GET: getAggregates } = await import('@/app/api/v1/orgs/[orgId]/aggregates/route');
const { GET: getDriversRoute } = await import('@/app/api/v1/orgs/[orgId]/drivers/route');

function call(handler: typeof getAggregates, orgId: string, query = '') {
  const req = new NextRequest(`http://localhost/api/v1/orgs/${orgId}/x${query}`);
  return handler(req, { params: Promise.resolve({ orgId }) });
}

describeEachDriver('dashboard, API, drivers and recommendations on the demo agency', (ctx) => {
  let orgId: string;
  let directorId: string;

  beforeEach(async () => {
    const seeded = await seedDemo(ctx.db);
    orgId = seeded.orgId;
    // A fixed "now" so the demo history is the same on every run.
    await seedDemoHistory(ctx.db, orgId, { now: new Date('2026-11-26T12:00:00Z') });
    const [d] = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'director')));
    directorId = d!.userId;
    session.userId = directorId;
  }, 120_000);

  it('the page data, the JSON API and the CSV export give the same numbers, with the small team suppressed', async () => {
    const director = await authorizeOrgRole(ctx.db, directorId, orgId, 'director');
    const page = await getDashboard(ctx.db, director);
    expect(page.closedCycles).toHaveLength(8);
    expect(page.openCycle).not.toBeNull();
    const latest = page.latest!;
    const outreach = page.teams.find((t) => t.name === 'Outreach')!;
    const outreachCells = latest.cells.filter((c) => c.group === outreach.id);
    expect(outreachCells.every((c) => c.suppressed === 'fewer than 5 responses')).toBe(true);

    const res = await call(getAggregates, orgId, '?cycle=latest&by=team');
    expect(res.status).toBe(200);
    const json = (await res.json()) as { cells: { group: string; measure: string; mean: number | null; n: number | null; suppressed: string | null }[] };
    const pageTeamCells = latest.cells.filter((c) => c.group !== 'org');
    expect(json.cells.map((c) => [c.group, c.measure, c.mean, c.n, c.suppressed]).sort()).toEqual(
      pageTeamCells.map((c) => [c.group, c.measure, c.mean, c.n, c.suppressed]).sort(),
    );
    const csvRes = await call(getAggregates, orgId, '?cycle=latest&by=org&format=csv');
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    const csv = await csvRes.text();
    const bo = csv.split('\r\n').find((l) => l.includes(',org,') && l.includes(',bo,'))!.split(',');
    const pageBo = latest.cells.find((c) => c.group === 'org' && c.measure === 'bo')!;
    expect(Number(bo[6])).toBe(pageBo.n);
    expect(Number(bo[7])).toBeCloseTo(pageBo.mean!, 2);
    // Nothing row-level: no respondent keys, no user ids anywhere in the API output.
    const keys = await ctx.db.select({ key: responses.respondentKey }).from(responses).limit(5);
    const body = JSON.stringify(json) + csv;
    for (const k of keys) expect(body).not.toContain(k.key);
    expect(body).not.toContain(directorId);
  });

  it('refuses: no session → 401; a director of another agency → 404; staff → 404; bad query → 422', async () => {
    const other = await makeOrg(ctx.db);
    const outsider = await makeMember(ctx.db, other.id, 'director');
    session.userId = null;
    expect((await call(getAggregates, orgId)).status).toBe(401);
    session.userId = outsider.user.id;
    expect((await call(getAggregates, orgId)).status).toBe(404);
    expect((await call(getDriversRoute, orgId)).status).toBe(404);
    const [staff] = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'staff')))
      .limit(1);
    session.userId = staff!.userId;
    expect((await call(getAggregates, orgId)).status).toBe(404);
    session.userId = directorId;
    const bad = await call(getAggregates, orgId, '?by=person');
    expect(bad.status).toBe(422);
  });

  it('no per-team driver model can be requested, even through the API', async () => {
    const res = await call(getDriversRoute, orgId, '?team=anything');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/agency-wide only/);
    const ok = await call(getDriversRoute, orgId);
    expect(ok.status).toBe(200);
  });

  it('director recommendations follow the rules on the demo: levels, trends or the study trigger them, a driver never does', async () => {
    const director = await authorizeOrgRole(ctx.db, directorId, orgId, 'director');
    const d = await getDrivers(ctx.db, director);
    const recs = await getDirectorRecommendations(ctx.db, director, d);
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.map((r) => r.rank)).toEqual(recs.map((_, i) => i + 1));
    // Supported only by flagged favourable practice terms of the joint model.
    const flaggedFavourable = new Set(
      listJointPracticeDrivers(d)
        .filter((x) => x.flagged && x.direction === 'favourable')
        .map((x) => `${x.outcome}:${x.practice}`),
    );
    for (const r of recs) {
      // 'pillar': the demo's planted weak Management & Supervision pillar (issue 15) triggers and leads.
      expect(['pillar', 'aggregate', 'change', 'participation', 'study'], r.id).toContain(r.source);
      if (r.source === 'study') expect(r.grade, r.id).toBe('A');
      else expect(r.need, r.id).toBeGreaterThan(0);
      // One line, one finding; the rest is in the evidence list, never repeated.
      expect(r.reason, r.id).not.toMatch(/\n/);
      const texts = r.evidence.map((e) => e.text);
      expect(texts, r.id).not.toContain(r.reason);
      expect(new Set(texts).size, r.id).toBe(texts.length);
      if (r.source === 'change') expect(r.reason, r.id).toMatch(/among the \d+ people who answered both/);
      for (const s of r.support) {
        expect(flaggedFavourable.has(`${s.outcome}:${s.practice}`), `${r.id} ${s.practice}`).toBe(true);
        expect(s.text).toMatch(/95% CI .+, n \d+, .*an association, not proof of cause\./);
      }
      if (r.raisedByDriver) expect(r.support.length, r.id).toBeGreaterThan(0);
    }
    // Entries shown on the study's strength alone come after every triggered one.
    const firstStudy = recs.findIndex((r) => r.source === 'study');
    if (firstStudy >= 0) expect(recs.slice(firstStudy).every((r) => r.source === 'study')).toBe(true);
    // Therapy access is always listed (a main finding of the study) and names reverse causation.
    const therapy = recs.find((r) => r.id === 'dir-therapy-access')!;
    expect(therapy.reverseCausation).toMatch(/^Staff under strain seek therapy more/);
    expect(therapy.evidence.some((e) => e.kind === 'caution' && e.text === therapy.reverseCausation)).toBe(true);
    const supervision = recs.find((r) => r.id === 'dir-reflective-supervision');
    if (supervision) expect(supervision.reverseCausation).toMatch(/^Staff under strain seek supervision more/);
    // The same release and published cells give the same list.
    expect(await getDirectorRecommendations(ctx.db, director, d)).toEqual(recs);
  });

  it('action plan: an item from a recommendation is listed, marked on trends, and gets a did-it-help comparison', async () => {
    const director = await authorizeOrgRole(ctx.db, directorId, orgId, 'director');
    const page = await getDashboard(ctx.db, director);
    const started = page.closedCycles[5]!.opensAt.slice(0, 10);
    await createActionItem(ctx.db, director, {
      title: 'Make personal therapy easy to reach',
      recommendationId: 'dir-therapy-access',
      rationale: 'Drivers show therapy goes with lower burnout.',
      priority: 1,
      tasks: ['Publicize EAP'],
      lead: 'Dana',
      dueOn: null,
      startedOn: started,
      status: 'in_progress',
      measure: 'bo',
    });
    // The demo already holds one planted action (issue 15: reflective supervision for the weak pillar).
    const item = (await listActionItems(ctx.db, orgId)).find((a) => a.recommendationId === 'dir-therapy-access');
    expect(item!.tasks).toEqual([{ text: 'Publicize EAP', done: false }]);
    expect(await listActionMarkers(ctx.db, orgId)).toContainEqual({ date: `${started}T00:00:00.000Z`, label: item!.title, measure: 'bo' });
    const help = await getDidItHelp(ctx.db, orgId, item!);
    // Within-person change is published at close: the paired change among the people who
    // answered both check-ins of each step since the action started, the untargeted measures
    // over the same step for comparison, and regression to the mean named.
    expect(help!.steps.length).toBeGreaterThan(0);
    for (const step of help!.steps) expect(step.cell.measure).toBe('bo');
    expect(help!.others.map((o) => o.measure)).toEqual(['cs', 'sts', 'vr']);
    const latestStep = help!.steps.at(-1)!.cell;
    if (latestStep.suppressed === null) {
      expect(help!.summary).toContain(`Among the ${latestStep.nPairs} people who answered both of the last two check-ins, burnout`);
      expect(help!.summary).toMatch(/measures this action did not target moved/);
    }
    expect(help!.summary).toMatch(/regression to the mean/);
    expect(help!.summary).toMatch(/not proof/);
    // Another agency's director cannot see it.
    const other = await makeOrg(ctx.db);
    expect(await listActionItems(ctx.db, other.id)).toEqual([]);
  });

  it('driver results are published at close: later profile changes, erasure and new check-ins do not move them', async () => {
    const director = await authorizeOrgRole(ctx.db, directorId, orgId, 'director');
    const before = await getDrivers(ctx.db, director);
    await ctx.db.update(profiles).set({ answers: { traumaHistory: 'yes' } }).where(eq(profiles.orgId, orgId));
    await ctx.db.delete(responses).where(eq(responses.orgId, orgId));
    expect(await getDrivers(ctx.db, director)).toEqual(before);
  });

  it('staff see agency-level results only when the agency allows it, and never team-level', async () => {
    const [staff] = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'staff')))
      .limit(1);
    const member = await authorizeOrgRole(ctx.db, staff!.userId, orgId, 'staff');
    expect(await getAgencyResultsForStaff(ctx.db, member)).toBeNull();
    await ctx.db.update(organizations).set({ staffSeeAgencyResults: true }).where(eq(organizations.id, orgId));
    const shown = await getAgencyResultsForStaff(ctx.db, member);
    expect(shown!.cells.map((c) => c.measure).sort()).toEqual(['bo', 'cs', 'sts', 'vr']);
    expect(JSON.stringify(shown)).not.toMatch(/Case management|Outreach|Shelter/);
  });

  it('published aggregates do not change when responses are later deleted', async () => {
    const before = await ctx.db.select().from(cycleAggregates).where(eq(cycleAggregates.orgId, orgId));
    await ctx.db.delete(responses).where(eq(responses.orgId, orgId));
    const after = await ctx.db.select().from(cycleAggregates).where(eq(cycleAggregates.orgId, orgId));
    expect(after).toEqual(before);
    // 8 cycles × 5 groups × 4 measures, plus the two cycles with the organizational check
    // (issue 15): 5 groups × 5 pillars and one agency alpha row each.
    expect(before.length).toBe(8 * 5 * 4 + 2 * (5 * 5 + 1));
    const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org!.name).toContain('demo');
  });
});
