import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeOrg, makeTeam } from '@/db/factories';
import { migrationsFolder } from '@/db/migrate';
import { cycleAggregates, cycleChanges, cycles, responses } from '@/db/schema';
import { seedDemo } from '@/db/seed/demo';
import { seedDemoHistory } from '@/db/seed/demo-history';
import { describeEachDriver } from '@/db/testing';
import {
  MEASURES,
  ORG_GROUP,
  aggregateCellSchema,
  auditChanges,
  auditPublication,
  changeCellSchema,
  isLevelBreakdownPublishable,
  type AggregateCell,
  type AuditRespondent,
  type LinkedCycle,
} from '@/lib/privacy';
import { loadViewerRespondentKeys } from './publication';

/**
 * Publication as stored: the demo agency's every closed cycle passes the independent
 * auditor and rules 1, 2, 6, 8 and 9; and migration 0005 brings cells published before
 * those rules into line by rounding and withholding only.
 */

/** Everything a viewer reads about one closed cycle, plus its responses as the auditor takes them. */
async function loadPublishedCycle(db: Db, orgId: string, cycleId: string) {
  const [cellRows, responseRows, viewerKeys] = await Promise.all([
    // The four measures; the organizational check's pillar rows are audited in org-check-demo.integration.test.ts.
    db.select({ cell: cycleAggregates.cell }).from(cycleAggregates).where(and(eq(cycleAggregates.cycleId, cycleId), inArray(cycleAggregates.measure, [...MEASURES]))),
    db
      .select({ teamId: responses.teamId, scores: responses.scores, key: responses.respondentKey, asViewer: responses.submittedAsViewer })
      .from(responses)
      .where(and(eq(responses.orgId, orgId), eq(responses.cycleId, cycleId))),
    loadViewerRespondentKeys(db, orgId),
  ]);
  const cells = cellRows.map((r) => aggregateCellSchema.parse(r.cell));
  const teamIds = new Set(cells.filter((c) => c.group !== ORG_GROUP).map((c) => c.group));
  const respondents: AuditRespondent[] = responseRows.map((r) => {
    const isViewer = r.asViewer || viewerKeys.has(r.key);
    return {
      teamId: r.teamId && teamIds.has(r.teamId) ? r.teamId : null,
      isViewer,
      isCounted: !isViewer,
      scores: Object.fromEntries(MEASURES.map((m) => [m, { value: r.scores[m].value, level: r.scores[m].level }])),
    };
  });
  return { cells, respondents };
}

describeEachDriver('publication as stored', (ctx) => {
  it('the demo publishes no cell or breakdown that breaks rules 1, 2, 6, 8 or 9, and the auditor agrees', async () => {
    const db = ctx.db;
    const { orgId } = await seedDemo(db);
    await seedDemoHistory(db, orgId, { now: new Date('2026-11-26T12:00:00Z') });
    const [org] = await db.execute(sql`select min_group_size as k from organizations where id = ${orgId}`).then((r) =>
      Array.isArray(r) ? r : (r as { rows: unknown[] }).rows,
    ) as { k: number }[];
    const k = org!.k;
    const closed = await db
      .select({ id: cycles.id })
      .from(cycles)
      .where(and(eq(cycles.orgId, orgId), eq(cycles.status, 'closed')))
      .orderBy(asc(cycles.opensAt));
    expect(closed.length).toBeGreaterThan(0);
    let shownTeamCells = 0;
    let withheldBreakdowns = 0;
    for (const { id } of closed) {
      const { cells, respondents } = await loadPublishedCycle(db, orgId, id);
      const report = auditPublication({ k, cells, respondents });
      expect(report.findings, `cycle ${id}`).toEqual([]);
      for (const m of MEASURES) {
        const of = cells.filter((c) => c.measure === m);
        const org = of.find((c) => c.group === ORG_GROUP)!;
        const teams = of.filter((c) => c.group !== ORG_GROUP);
        // Rule 6: the agency total counts non-viewers only.
        const counted = respondents.filter((r) => r.isCounted && r.scores[m]?.value !== null).length;
        if (org.n !== null) expect(org.n).toBe(counted);
        for (const c of of) {
          // Rule 1.
          if (c.n !== null) expect(c.n === 0 || c.n >= k).toBe(true);
          // Rule 8.
          if (c.n) for (const x of [c.mean!, c.sd!, c.ci95![0], c.ci95![1]]) expect(Math.abs(x * 10 - Math.round(x * 10))).toBeLessThan(1e-9);
          // Rule 9.
          if (c.n && c.levelCounts) expect(isLevelBreakdownPublishable(c.levelCounts, k)).toBe(true);
          if (c.n && !c.levelCounts) withheldBreakdowns++;
        }
        // Rule 2.
        if (org.n) {
          const shown = teams.filter((c) => c.n !== null);
          shownTeamCells += shown.filter((c) => c.n! > 0).length;
          const residual = org.n - shown.reduce((a, c) => a + c.n!, 0);
          expect(residual === 0 || residual >= k).toBe(true);
        }
      }
    }
    // The demo still shows most teams, and withholds some breakdowns (its Outreach team has 4).
    expect(shownTeamCells).toBeGreaterThan(closed.length * 4);
    expect(withheldBreakdowns).toBeGreaterThan(0);
  });

  it("the demo's within-person changes: n of pairs ≥ k, rule 8, and the whole chain passes the change auditor again", async () => {
    const db = ctx.db;
    const { orgId } = await seedDemo(db);
    await seedDemoHistory(db, orgId, { now: new Date('2026-11-26T12:00:00Z') });
    const chain = await db
      .select({ id: cycles.id, k: cycles.publishedK, seq: cycles.publicationSeq })
      .from(cycles)
      .where(and(eq(cycles.orgId, orgId), eq(cycles.status, 'closed')))
      .orderBy(asc(cycles.publicationSeq));
    // Publication numbers are 1, 2, 3… with no gap or tie.
    expect(chain.map((c) => c.seq)).toEqual(chain.map((_, i) => i + 1));
    // The four measures; the demo's pillar changes (issue 15) are audited in org-check-demo.integration.test.ts.
    const changes = (
      await db.select({ cell: cycleChanges.cell }).from(cycleChanges).where(and(eq(cycleChanges.orgId, orgId), inArray(cycleChanges.measure, [...MEASURES])))
    ).map((r) =>
      changeCellSchema.parse(r.cell),
    );
    const published = changes.filter((c) => c.suppressed === null);
    // Every link of the demo's monthly history publishes the agency's change.
    expect(new Set(published.filter((c) => c.group === ORG_GROUP).map((c) => c.cycle)).size).toBe(chain.length - 1);
    const viewerKeys = await loadViewerRespondentKeys(db, orgId);
    const person = new Map<string, number>();
    const linked: LinkedCycle[] = [];
    for (const c of chain) {
      const { cells } = await loadPublishedCycle(db, orgId, c.id);
      const rows = await db
        .select({ teamId: responses.teamId, scores: responses.scores, key: responses.respondentKey, asViewer: responses.submittedAsViewer })
        .from(responses)
        .where(and(eq(responses.orgId, orgId), eq(responses.cycleId, c.id)));
      const groups = new Set(cells.map((x) => x.group));
      linked.push({
        id: c.id,
        k: c.k!,
        cells,
        respondents: rows.map((r) => {
          if (!person.has(r.key)) person.set(r.key, person.size);
          const isViewer = r.asViewer || viewerKeys.has(r.key);
          return {
            person: person.get(r.key)!,
            teamId: r.teamId && groups.has(r.teamId) ? r.teamId : null,
            isViewer,
            isCounted: !isViewer,
            scores: Object.fromEntries(MEASURES.map((m) => [m, { value: r.scores[m].value, level: r.scores[m].level }])),
          };
        }),
      });
    }
    const k = Math.max(...chain.map((c) => c.k!));
    for (const c of published) {
      // Rule 1 on pairs, and rule 8 on every published number.
      expect(c.nPairs).toBeGreaterThanOrEqual(k);
      for (const x of [c.meanChange, c.sdChange, c.ci95[0], c.ci95[1]]) expect(Math.abs(x * 10 - Math.round(x * 10))).toBeLessThan(1e-9);
    }
    // The independent whole-chain auditor, run on what is stored, finds nothing.
    expect(auditChanges({ k, cycles: linked, changes: published }).findings).toEqual([]);
  });

  it('migration 0005 rounds and withholds cells published before rules 8 and 9, and recomputes nothing', async () => {
    const db = ctx.db;
    const org = await makeOrg(db, { minGroupSize: 5 });
    const a = await makeTeam(db, org.id, 'A');
    const b = await makeTeam(db, org.id, 'B');
    const [cycle] = await db
      .insert(cycles)
      .values({
        orgId: org.id,
        opensAt: new Date('2026-01-01T00:00:00Z'),
        closesAt: new Date('2026-01-15T00:00:00Z'),
        status: 'closed',
        instruments: { vr: 'brief-vr', selfCare: true },
        publishedAt: new Date('2026-01-15T00:00:00Z'),
        publishedK: 5,
      })
      .returning();
    // The old shape: unrounded moments, every breakdown shown, no levelsWithheld key.
    const legacy = (group: string, n: number, mean: number, levels: [number, number, number]) => ({
      group, cycle: cycle!.id, measure: 'bo', n, mean, sd: 3.2649659863919, ci95: [mean - 1.52808, mean + 1.52808],
      levelCounts: { low: levels[0], moderate: levels[1], high: levels[2] }, suppressed: null,
    });
    const rows = [
      legacy(ORG_GROUP, 20, 29.25, [5, 15, 0]),
      legacy(a.id, 10, 30.15, [0, 10, 0]), // homogeneous: withheld
      legacy(b.id, 10, 28.35, [5, 5, 0]), // passes; but agency − B = A's 10 moderate: agency withheld
    ];
    await db.insert(cycleAggregates).values(rows.map((cell) => ({ orgId: org.id, cycleId: cycle!.id, groupId: cell.group, measure: 'bo', cell })));

    // Run the data statements of migration 0005 again on these rows (the schema changes are already applied).
    const file = fs.readdirSync(migrationsFolder).find((f) => f.startsWith('0005_'))!;
    const statements = fs
      .readFileSync(path.join(migrationsFolder, file), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => /^\s*(--.*\n)*\s*UPDATE/m.test(s));
    expect(statements.length).toBe(4);
    for (const s of statements) await db.execute(sql.raw(s));

    const after = new Map(
      (await db.select().from(cycleAggregates).where(eq(cycleAggregates.cycleId, cycle!.id))).map((r) => [
        r.groupId,
        aggregateCellSchema.parse(r.cell) as AggregateCell,
      ]),
    );
    expect(after.get(ORG_GROUP)).toMatchObject({ n: 20, mean: 29.3, sd: 3.3, ci95: [27.7, 30.8], levelCounts: null });
    expect(after.get(a.id)).toMatchObject({ n: 10, mean: 30.2, levelCounts: null });
    expect(after.get(a.id)!.levelsWithheld).toMatch(/at least 5 people/);
    expect(after.get(b.id)).toMatchObject({ n: 10, mean: 28.4, levelCounts: { low: 5, moderate: 5, high: 0 }, levelsWithheld: null });
  });
});
