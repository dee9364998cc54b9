import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { SELF_CARE_PRACTICES } from '@/lib/instruments';
import { createRng } from '@/lib/stats/random';
import { analyzeDrivers, type DriverAnalysis, type DriverRow } from './analyze';
import { drawCheckIn, drawPerson, type PlantedTruth } from './simulate';

/**
 * Server render of the drivers page (react-dom/server) with its data functions replaced:
 * the markup a screen reader and the e2e test meet. The analysis itself is real.
 */

const state = vi.hoisted(() => ({ drivers: null as unknown }));
vi.mock('@/lib/auth/require', () => ({
  requireOrgRole: async (orgId: string) => ({ userId: 'u', orgId, orgName: 'Test agency', role: 'director', teamId: null, membershipId: 'm' }),
}));
vi.mock('@/db/client', () => ({ getDb: () => ({}) }));
vi.mock('@/lib/server/drivers', () => ({ getDrivers: async () => state.drivers }));
vi.mock('@/lib/server/recommendations', () => ({
  getDirectorRecommendations: async () => [
    {
      id: 'r1',
      title: 'Protect time off',
      text: 'Text.',
      reason: 'Whole agency: staff rate Staff Health & Wellness 3.1 of 5 (95% CI 2.9 to 3.3, n 58).',
      // Restates the "Why": the page shows it once.
      pillarReason: "Targets Staff Health & Wellness, the agency's weakest pillar: staff rate it 3.1 of 5 (95% CI 2.9 to 3.3, n 58).",
      evidence: [{ text: 'Evidence.' }],
      measures: ['bo'],
    },
  ],
}));
vi.mock('@/lib/server/actions-plan', () => ({ listPlannedRecommendationIds: async () => new Set<string>() }));
vi.mock('@/lib/server/members', () => ({ listOwnerOptions: async () => [] }));
vi.mock('@/components/forms/action-forms', () => ({ RecommendationPlanControl: () => null }));

const { default: DriversPage } = await import('@/app/orgs/[orgId]/drivers/page');

const decode = (html: string) =>
  html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const text = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

const NONE = { traumaHistory: 0, yearsInField: 0, caseloadShare: 0 };
function truthWith(bo: typeof NONE): PlantedTruth {
  return {
    baseline: { cs: 37, bo: 27, sts: 18, vr: 20 },
    covariates: { cs: NONE, bo, sts: NONE, vr: NONE },
    practices: { cs: {}, bo: {}, sts: {}, vr: {} },
    personSd: { cs: 3, bo: 3, sts: 3, vr: 2.5 },
    occasionSd: { cs: 2, bo: 2, sts: 2, vr: 2 },
    latentCorrelation: [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ],
    traumaRate: 0.5,
    correlatedWith: {},
    reverseCaused: {},
    monthlyPracticeChange: 0,
  };
}
function rows(truth: PlantedTruth, n: number, seed: number): DriverRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const p = drawPerson(rng, truth);
    const c = drawCheckIn(rng, truth, p);
    return {
      cs: Math.round(c.targets.cs),
      bo: Math.round(c.targets.bo),
      sts: Math.round(c.targets.sts),
      vr: Math.round(c.targets.vr),
      traumaHistory: p.trauma,
      selfCareComposite: c.practices.reduce((a, b) => a + b, 0) / 12,
      yearsInField: p.yearsInField,
      caseloadShare: p.caseloadShare,
      practices: Object.fromEntries(SELF_CARE_PRACTICES.map((x, j) => [x.key, c.practices[j]!])),
    };
  });
}

async function render(analysis: DriverAnalysis | Record<string, unknown>) {
  state.drivers = { ...analysis, windowMonths: 12, asOf: { cycleId: 'c', closedAt: '2026-09-05T00:00:00.000Z', respondents: 62 } };
  const element = await DriversPage({ params: Promise.resolve({ orgId: '00000000-0000-4000-8000-000000000000' }) });
  return renderToStaticMarkup(element);
}

describe('drivers page', () => {
  it('puts the findings first in plain words, says "association, not cause" once, and keeps headings in order', async () => {
    // Planted: trauma history −6 on burnout, n = 62; the analysis flags it.
    const analysis = analyzeDrivers(rows(truthWith({ ...NONE, traumaHistory: -6 }), 62, 3), { k: 5 });
    expect(analysis.findings.length).toBeGreaterThan(0);
    const html = await render(analysis);
    const t = text(html);
    expect(t).toMatch(/What stands out .*Staff with a personal trauma history score \d+\.\d points lower on burnout on average \(95% CI: between/);
    expect(t.split('This is an association in your agency, not proof of cause.').length - 1).toBe(1);
    expect(t).not.toMatch(/proof of cause.*proof of cause/);
    expect(t).toContain(
      'A practice can be named a driver only in a model that adjusts for all the other practices, which needs at least 150 people; 62 are in this analysis.',
    );
    expect(t).not.toMatch(/[−-]0\.0+(?!\d)/);
    // Headings: h1, then h2s, with h3 only below an h2.
    const levels = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.slice(1).forEach((l, i) => expect(l - levels[i]!).toBeLessThanOrEqual(1));
    for (const name of ['What stands out', 'Recommendations', 'Burnout', 'Compassion satisfaction']) {
      expect(html).toMatch(new RegExp(`<h2[^>]*>${name}</h2>`));
    }
    // The glossary sits in place under each outcome, naming the method, std. β, R² and the MID; the full tables sit in <details>.
    expect(t).toContain('Benjamini–Yekutieli');
    expect(html.match(/<summary>What the terms mean<\/summary>/g)).toHaveLength(4);
    expect(t).toContain('Standardized β (std. β)');
    expect(t).toContain('R² (and adjusted R²)');
    // The pillar line that repeats the "Why" is not shown.
    expect(t.split('3.1 of 5 (95% CI 2.9 to 3.3, n 58)').length - 1).toBe(1);
    expect(t).toMatch(/MID \(minimally important difference\) 1 point: one answer moving one step on one question/);
    expect(html.match(/<details class="card"><summary>[^<]*Show the [a-z ]+ models<\/summary>/g)).toHaveLength(4);
    expect(html).toContain('<th scope="col">Practice (about weekly or more vs less)</th>');
    expect(html).toMatch(/<caption class="visually-hidden">Burnout: each practice alone \(descriptive\)<\/caption>/);
    // The first list item with an h3 is a recommendation (the e2e test adds it to the plan).
    expect(html.indexOf('<h3>Protect time off</h3>')).toBeLessThan(html.indexOf('<h3>Main model</h3>'));
  });

  it('with nothing flagged says "No clear signal yet" and what that means', async () => {
    const analysis = analyzeDrivers(rows(truthWith(NONE), 62, 4), { k: 5 });
    expect(analysis.findings).toEqual([]);
    const t = text(await render(analysis));
    expect(t).toMatch(/No clear signal yet\. That does not mean nothing matters: it means that, with \d+ people, these data cannot yet tell/);
    expect(t).toContain('across the 16 possible drivers checked together');
  });

  it('shows a release stored before issue 11 with nothing flagged', async () => {
    const legacy = analyzeDrivers(rows(truthWith({ ...NONE, traumaHistory: -6 }), 62, 3), { k: 5 });
    const { findings, family, mid, legacyRelease, ...old } = legacy;
    void findings;
    void family;
    void mid;
    void legacyRelease;
    const oldShape = { ...old, outcomes: old.outcomes.map(({ joint, ...o }) => (void joint, o)) };
    const t = text(await render(oldShape));
    expect(t).toContain('This release was published before Sustain checked all its results together');
    expect(t).not.toContain('Clear: better');
    expect(t).not.toMatch(/No clear signal yet/);
  });
});
