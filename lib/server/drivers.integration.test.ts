import { and, asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDriver } from '@/db/testing';
import { cycleDriverResults, memberships } from '@/db/schema';
import { seedDemo } from '@/db/seed/demo';
import {
  DEMO_CLOSED_CYCLES,
  DEMO_NULL_PRACTICES,
  DEMO_PLANTED_EFFECTS,
  DEMO_PLANTED_TRUTH,
  DEMO_REVERSE_CAUSED_PRACTICES,
} from '@/db/seed/demo-history';
import { seedDemoHistory } from '@/db/seed/demo-history';
import { authorizeOrgRole } from '@/lib/auth/authorize';
import {
  HIGHER_IS_BETTER,
  JOINT_MODEL_MIN_N,
  OUTCOMES,
  jointModelInsufficientMessage,
  type DriverAnalysis,
  type Outcome,
  type TermResult,
} from '@/lib/drivers/analyze';
import { normalizeDriverAnalysis } from '@/lib/drivers/normalize';
import { trueCoefficient } from '@/lib/drivers/simulate';
import { studentTQuantile } from '@/lib/stats/distributions';
import { getDrivers } from './drivers';

/**
 * The driver analysis on the seeded demo agency (db/seed/demo-history.ts), run through the
 * real close/publish pipeline. Reference values are the demo's planted truth
 * (DEMO_PLANTED_TRUTH / DEMO_PLANTED_EFFECTS); whether an agency of 60 can see an effect
 * was measured by simulation of the same generating model (lib/drivers/simulate.ts).
 */

const favourableSign = (o: Outcome) => (HIGHER_IS_BETTER[o] ? 1 : -1);

function modelTerms(a: DriverAnalysis) {
  return a.outcomes.flatMap((o) => [
    ...(o.main.status === 'ok' ? o.main.terms.map((t) => ({ outcome: o.outcome, model: 'main' as const, t, n: o.main.n })) : []),
    ...(o.joint.status === 'ok' ? o.joint.terms.map((t) => ({ outcome: o.outcome, model: 'joint' as const, t, n: o.joint.n })) : []),
    ...o.practices.flatMap((p) =>
      p.model.status === 'ok' ? p.model.terms.map((t) => ({ outcome: o.outcome, model: 'descriptive' as const, t, n: p.model.n })) : [],
    ),
  ]);
}

describeEachDriver('drivers on the seeded demo agency', (ctx) => {
  it('flags the planted effects a 60-person agency can see, nothing else, and every release is safe', async () => {
    const { orgId } = await seedDemo(ctx.db);
    // A fixed "now" so the demo history is the same on every run.
    await seedDemoHistory(ctx.db, orgId, { now: new Date('2026-11-26T12:00:00Z') });
    const [d] = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'director')));
    const director = await authorizeOrgRole(ctx.db, d!.userId, orgId, 'director');
    const latest = await getDrivers(ctx.db, director);
    expect(latest.asOf).not.toBeNull();

    // Turnover makes rule 7 release again after the first closes (new people in the window).
    const releases = await ctx.db
      .select({ result: cycleDriverResults.result, respondents: cycleDriverResults.respondents })
      .from(cycleDriverResults)
      .where(eq(cycleDriverResults.orgId, orgId))
      .orderBy(asc(cycleDriverResults.publishedAt));
    expect(releases.length).toBeGreaterThanOrEqual(3);
    expect(releases.length).toBeLessThanOrEqual(DEMO_CLOSED_CYCLES);

    // 1. The visible planted effects are flagged in the latest release, with the right sign.
    for (const e of DEMO_PLANTED_EFFECTS.filter((x) => x.visibleAt60)) {
      const o = latest.outcomes.find((x) => x.outcome === e.outcome)!;
      expect(o.main.status).toBe('ok');
      if (o.main.status !== 'ok') continue;
      const t = o.main.terms.find((x) => x.term === e.term)!;
      expect(t.flagged, `${e.outcome} ${e.term} flagged`).toBe(true);
      expect(Math.sign(t.estimate)).toBe(Math.sign(e.coefficient));
      expect(t.direction).toBe(Math.sign(e.coefficient) === favourableSign(e.outcome) ? 'favourable' : 'unfavourable');
    }
    expect(latest.findings.map((f) => `${f.outcome}.${f.term}`).sort()).toEqual(['bo.traumaHistory', 'sts.caseloadShare']);
    expect(latest.findings.find((f) => f.term === 'traumaHistory')!.sentence).toMatch(
      /^Staff with a personal trauma history score \d+\.\d points lower on burnout on average \(95% CI: between \d+\.\d and \d+\.\d points lower; an association among the \d+ people in this analysis\)\.$/,
    );
    // 60 people: the family is the 16 main-model terms; no practice can be named.
    expect(latest.family).toEqual({ method: 'Benjamini–Yekutieli', tests: 16, alpha: 0.05 });
    for (const o of latest.outcomes) {
      expect(o.joint.status).toBe('insufficient');
      if (o.joint.status === 'insufficient') {
        expect(o.joint.nNeeded).toBe(JOINT_MODEL_MIN_N);
        expect(o.joint.message).toBe(jointModelInsufficientMessage(o.joint.n));
      }
    }

    // 2. In EVERY release: only planted effects are flagged, with their true sign; null and
    // reverse-caused practices are never flagged favourable (nor at all); descriptive
    // per-practice models never flag; therapy carries its reverse-causation note.
    for (const r of releases) {
      const a = normalizeDriverAnalysis(r.result as DriverAnalysis);
      for (const { outcome, model, t } of modelTerms(a)) {
        if (model === 'descriptive') {
          expect(t.flagged || t.protective || t.qValue !== null).toBe(false);
          if (t.term === 'personalTherapy') expect(t.reverseCausation).toMatch(/^Staff under more strain are more likely to seek therapy/);
          continue;
        }
        if (!t.flagged) continue;
        const planted = DEMO_PLANTED_EFFECTS.find((e) => e.outcome === outcome && e.term === t.term && e.model === model);
        expect(planted, `${outcome} ${model} ${t.term} flagged without a planted effect`).toBeDefined();
        expect(Math.sign(t.estimate)).toBe(Math.sign(planted!.coefficient));
        const practices: readonly string[] = [...DEMO_NULL_PRACTICES, ...DEMO_REVERSE_CAUSED_PRACTICES];
        expect(practices.includes(t.term) && t.direction === 'favourable').toBe(false);
      }
    }

    // 3. Every main-model covariate's CI covers its truth (planted or 0), 12 intervals at
    // once. Twelve separate 95% intervals would all cover only about 54% of the time, so
    // each is widened to a Bonferroni-simultaneous 95% interval (per-interval level
    // 1 − .05/12, t quantile with the model's residual df), which covers all twelve with
    // probability ≥ 95% whatever their dependence (Bonferroni's inequality). Per-interval
    // coverage is measured over many seeded histories by scripts/bench/drivers-validity.ts.
    const checks: { outcome: Outcome; t: TermResult; n: number }[] = [];
    for (const o of latest.outcomes) {
      if (o.main.status !== 'ok') continue;
      for (const t of o.main.terms) if (t.term !== 'selfCareComposite') checks.push({ outcome: o.outcome, t, n: o.main.n });
    }
    expect(checks).toHaveLength(OUTCOMES.length * 3);
    for (const { outcome, t, n } of checks) {
      const truth = trueCoefficient(DEMO_PLANTED_TRUTH, outcome, 'main', t.term)!;
      const df = n - 5; // intercept + 4 predictors
      const widen = studentTQuantile(1 - 0.05 / (2 * checks.length), df) / studentTQuantile(0.975, df);
      const half = ((t.ci95[1] - t.ci95[0]) / 2) * widen;
      expect(Math.abs(t.estimate - truth), `${outcome} ${t.term}: ${t.estimate} vs truth ${truth}`).toBeLessThanOrEqual(half);
    }
  }, 240_000);
});
