import { and, eq, sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { seedDemo } from '@/db/seed/demo';
import { DEMO_ORG_CHECK, seedDemoHistory } from '@/db/seed/demo-history';
import { cycles, memberships } from '@/db/schema';
import { auditStoredPillars } from '@/lib/testing/pillar-audit';
import { auditStoredPillarChanges } from '@/lib/testing/pillar-change-audit';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import { buildPillarProfile } from '@/lib/dashboard/pillars';
import { listActionItems, listDidItHelp } from './actions-plan';
import { getDrivers } from './drivers';
import { getLatestPillarAlphas, getPublishedPillarCells, getPublishedPillarChanges } from './pillars';
import { getDirectorRecommendations } from './recommendations';

/** The demo's planted organizational check (db/seed/demo-history.ts): weak Management & Supervision that improves after the action. */
describeEachDriver('demo: organizational check with a planted weak pillar', (ctx) => {
  let orgId: string;
  beforeEach(async () => {
    orgId = (await seedDemo(ctx.db)).orgId;
    await seedDemoHistory(ctx.db, orgId, { now: new Date('2026-11-26T12:00:00Z') });
  }, 120_000);

  it('the director sees the weak pillar, recommendations aimed at it first, and its within-person rise after the action', async () => {
    const role = async (r: 'director' | 'admin') => {
      const [m] = await ctx.db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.role, r)));
      return authorizeOrgRole(ctx.db, m!.userId, orgId, r);
    };
    const director = await role('director');
    const profile = buildPillarProfile(await getPublishedPillarCells(ctx.db, director), await getPublishedPillarChanges(ctx.db, director))!;
    const agency = profile.groups.find((g) => g.group === 'org')!;
    const ms = agency.pillars.find((p) => p.code === 'org_ms')!;
    // Still the weakest pillar after the action (planted 2.3 → 3.0, DEMO_ORG_CHECK).
    expect(Math.min(...agency.pillars.map((p) => p.mean!))).toBe(ms.mean);
    expect(ms.mean!).toBeCloseTo(DEMO_ORG_CHECK.improvedMs, 0);
    // Its within-person change among the people who answered both checks: the planted
    // +0.7 (3.0 − 2.3), flagged (q < .05), its paired CI excluding 0.
    expect(ms.change).toMatchObject({ hidden: null, flagged: true });
    const change = ms.change as Extract<typeof ms.change, { hidden: null }>;
    expect(change.meanChange).toBeCloseTo(DEMO_ORG_CHECK.improvedMs - DEMO_ORG_CHECK.means.org_ms, 0);
    expect(change.ci95[0]).toBeGreaterThan(0);
    expect(change.nPairs).toBeGreaterThanOrEqual(30);
    // The other pillars were planted unchanged: none is flagged as a rise of that size.
    for (const p of agency.pillars.filter((x) => x.code !== 'org_ms')) {
      expect(p.change?.hidden).toBeNull();
      expect(Math.abs((p.change as typeof change).meanChange)).toBeLessThan(0.3);
    }
    expect(profile.summary[0]).toMatch(/Management & Supervision \(mean .*\) lowest/);
    expect(profile.summary.some((s) => /^Management & Supervision rose [\d.]+ points of 5 among the \d+ people who answered both checks/.test(s))).toBe(true);
    // Outreach (4 people) is hidden for every pillar.
    const outreach = profile.groups.find((g) => g.groupName === 'Outreach');
    if (outreach) expect(outreach.pillars.every((p) => p.mean === null)).toBe(true);

    const recs = await getDirectorRecommendations(ctx.db, director, await getDrivers(ctx.db, director));
    expect(recs[0]!.targetPillar).toBe('org_ms');
    expect(recs[0]!.pillarReason).toMatch(/^Targets Management & Supervision, the agency's weakest pillar/);

    const [action] = (await listActionItems(ctx.db, orgId)).filter((a) => a.recommendationId === DEMO_ORG_CHECK.action.recommendationId);
    const help = (await listDidItHelp(ctx.db, orgId, [action!])).get(action!.id)!;
    // "Did it help?": the pillar's paired change across the action (the step from the check
    // before it to the check after), named as within-person, with regression to the mean.
    expect(help.pillar).toMatchObject({ pillar: 'org_ms', hasPairedChange: true });
    expect(help.pillar!.steps).toHaveLength(1);
    expect(help.pillar!.summary).toMatch(/it rose [\d.]+ points of 5 among the \d+ people who answered both checks .*a clear rise/);
    expect(help.pillar!.summary).toMatch(/regression to the mean/);

    // Every stored pillar change of the demo passes the independent change auditor again (n pairs ≥ k, rule 8).
    const audited = await auditStoredPillarChanges(ctx.db, orgId);
    const shown = audited.changes.filter((c) => c.suppressed === null);
    expect(shown.length).toBeGreaterThan(5);
    for (const c of shown) {
      expect(c.nPairs).toBeGreaterThanOrEqual(Math.max(audited.k, 5));
      for (const x of [c.meanChange, c.sdChange, c.ci95[0], c.ci95[1]]) expect(Math.abs(x * 10 - Math.round(x * 10))).toBeLessThan(1e-9);
    }
    for (const report of audited.reports) expect(report.findings).toEqual([]);

    // Every stored pillar cell of the demo passes the independent auditor again.
    const withCheck = await ctx.db.select({ id: cycles.id }).from(cycles).where(and(eq(cycles.orgId, orgId), sql`(${cycles.instruments}->>'orgCheck')::boolean is true`, eq(cycles.status, 'closed')));
    expect(withCheck).toHaveLength(DEMO_ORG_CHECK.cycles.length);
    for (const c of withCheck) {
      const { cells, reports } = await auditStoredPillars(ctx.db, orgId, c.id, 5);
      expect(cells.length).toBe(5 * 5);
      for (const report of reports) expect(report.ok).toBe(true);
    }

    // Alpha per pillar for admins only, at n ≥ 30.
    expect(await getLatestPillarAlphas(ctx.db, director)).toBeNull();
    const alphas = await getLatestPillarAlphas(ctx.db, await role('admin'));
    expect(alphas!.alphas.every((a) => a.n === null || a.n >= 30)).toBe(true);
    expect(alphas!.alphas.some((a) => a.alpha !== null)).toBe(true);
  });
});
