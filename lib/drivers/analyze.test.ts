import { describe, expect, it } from 'vitest';
import { SELF_CARE_PRACTICE_KEYS, SELF_CARE_PRACTICES } from '@/lib/instruments';
import { fitOls } from '@/lib/stats/ols';
import { createRng } from '@/lib/stats/random';
import { benjaminiYekutieli } from '@/lib/stats/tests';
import {
  JOINT_MODEL_MIN_N,
  MAX_FINDINGS,
  MINIMALLY_IMPORTANT_DIFFERENCE,
  analyzeDrivers,
  describeTerm,
  isFlagged,
  jointModelInsufficientMessage,
  reverseCausationFor,
  type DriverAnalysis,
  type DriverRow,
  type TermResult,
} from './analyze';
import { formatMagnitude, formatProbability } from './format';
import { LEGACY_JOINT_MESSAGE, normalizeDriverAnalysis } from './normalize';
import { drawCheckIn, drawPerson, type PlantedTruth } from './simulate';

/** Rows with hand-planted effects on burnout (regular therapy −2.5, trauma −2, caseload +1 per 1.0). */
function makeRows(n: number, seed = 7, opts: { traumaOnes?: number } = {}): DriverRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const trauma = (opts.traumaOnes !== undefined ? (i < opts.traumaOnes ? 1 : 0) : rng.next() < 0.5 ? 1 : 0) as 0 | 1;
    const therapy = rng.next() < 0.5 ? 3 : 0;
    const practices: Record<string, number> = {};
    for (const k of SELF_CARE_PRACTICE_KEYS) practices[k] = Math.floor(rng.next() * 5);
    practices.personalTherapy = therapy;
    const years = 1 + Math.floor(rng.next() * 20);
    const caseload = rng.next();
    const composite = Object.values(practices).reduce((a, b) => a + b, 0) / 12;
    const bo = 25 - 2 * trauma - 2.5 * (therapy >= 2 ? 1 : 0) + 1 * caseload + rng.normal() * 2;
    return { cs: 38 + rng.normal() * 3, bo, sts: 22 + rng.normal() * 3, vr: 20 + rng.normal() * 3, traumaHistory: trauma, selfCareComposite: composite, yearsInField: years, caseloadShare: caseload, practices };
  });
}

const NO_EFFECTS = { traumaHistory: 0, yearsInField: 0, caseloadShare: 0 };
/** A truth with no effects at all, correlated latent outcomes and a correlated practice pair. */
const NULL_TRUTH: PlantedTruth = {
  baseline: { cs: 36, bo: 23, sts: 21, vr: 21 },
  covariates: { cs: NO_EFFECTS, bo: NO_EFFECTS, sts: NO_EFFECTS, vr: NO_EFFECTS },
  practices: { cs: {}, bo: {}, sts: {}, vr: {} },
  personSd: { cs: 4, bo: 4, sts: 4, vr: 3 },
  occasionSd: { cs: 2.5, bo: 2.5, sts: 2.5, vr: 2 },
  latentCorrelation: [
    [1, -0.5, -0.2, 0.4],
    [-0.5, 1, 0.6, -0.2],
    [-0.2, 0.6, 1, 0],
    [0.4, -0.2, 0, 1],
  ],
  traumaRate: 0.55,
  correlatedWith: { peerSupport: { practice: 'clinicalSupervision', phi: 0.5 } },
  reverseCaused: {},
  monthlyPracticeChange: 0.15,
};

/** One check-in per simulated person, scored as whole points (as the instrument does). */
function simulateRows(truth: PlantedTruth, n: number, seed: number): DriverRow[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const p = drawPerson(rng, truth);
    const c = drawCheckIn(rng, truth, p);
    const practices = Object.fromEntries(SELF_CARE_PRACTICES.map((x, j) => [x.key, c.practices[j]!]));
    return {
      cs: Math.round(c.targets.cs),
      bo: Math.round(c.targets.bo),
      sts: Math.round(c.targets.sts),
      vr: Math.round(c.targets.vr),
      traumaHistory: p.trauma,
      selfCareComposite: c.practices.reduce((a, b) => a + b, 0) / 12,
      yearsInField: p.yearsInField,
      caseloadShare: p.caseloadShare,
      practices,
    };
  });
}

function allTerms(a: DriverAnalysis): { where: 'main' | 'joint' | 'descriptive'; t: TermResult }[] {
  return a.outcomes.flatMap((o) => [
    ...(o.main.status === 'ok' ? o.main.terms.map((t) => ({ where: 'main' as const, t })) : []),
    ...(o.joint.status === 'ok' ? o.joint.terms.map((t) => ({ where: 'joint' as const, t })) : []),
    ...o.practices.flatMap((p) => (p.model.status === 'ok' ? p.model.terms.map((t) => ({ where: 'descriptive' as const, t })) : [])),
  ]);
}

describe('the flag rule: family-wide q < .05 AND the CI of the contrast beyond ±MID', () => {
  it('needs both conditions (boundary values by the rule as written)', () => {
    expect(MINIMALLY_IMPORTANT_DIFFERENCE).toBe(1);
    expect(isFlagged(0.01, [1.2, 3.0])).toBe(true);
    expect(isFlagged(0.01, [-3.0, -1.0])).toBe(true); // the CI touches −MID: (−1, 1) is excluded
    expect(isFlagged(0.01, [0.8, 3.0])).toBe(false); // effects under 1 point still possible
    expect(isFlagged(0.01, [-0.5, 3.0])).toBe(false);
    expect(isFlagged(0.05, [2, 4])).toBe(false); // q must be < .05
    expect(isFlagged(0.2, [2, 4])).toBe(false);
  });

  it('on fitted data every term obeys it, and both ways of failing occur', () => {
    let qOnly = 0;
    let ciOnly = 0;
    let flagged = 0;
    // A 3.5-point trauma effect at n = 60 is often beyond the MID at 95% yet not past BY.
    const moderate: PlantedTruth = { ...NULL_TRUTH, covariates: { ...NULL_TRUTH.covariates, bo: { ...NO_EFFECTS, traumaHistory: -3.5 } } };
    const analyses = [1, 2, 3, 4, 5, 6].flatMap((seed) => [
      analyzeDrivers(makeRows(seed % 2 ? 90 : 400, seed), { k: 5 }),
      analyzeDrivers(simulateRows(moderate, 60, seed), { k: 5 }),
    ]);
    for (const a of analyses) {
      for (const { where, t } of allTerms(a)) {
        const beyond = t.effectCi95[0] >= 1 || t.effectCi95[1] <= -1;
        const significant = t.qValue !== null && t.qValue < 0.05;
        expect(t.flagged, `${where} ${t.term}`).toBe(significant && beyond);
        expect(t.protective).toBe(t.flagged && t.direction === 'favourable');
        if (!t.flagged) expect(t.direction).toBeNull();
        if (significant && !beyond) qOnly++;
        if (beyond && !significant && t.qValue !== null) ciOnly++;
        if (t.flagged) flagged++;
      }
    }
    expect(qOnly).toBeGreaterThan(0);
    expect(ciOnly).toBeGreaterThan(0);
    expect(flagged).toBeGreaterThan(0);
  });

  it('compares effects on the stated contrast: years per 10, caseload per 50 points', () => {
    const a = analyzeDrivers(makeRows(200, 5), { k: 5 });
    const main = a.outcomes.find((o) => o.outcome === 'bo')!.main;
    if (main.status !== 'ok') throw new Error('expected a main model');
    const byTerm = Object.fromEntries(main.terms.map((t) => [t.term, t]));
    expect(byTerm.yearsInField!.contrast).toBe('per 10 years');
    expect(byTerm.yearsInField!.effect).toBeCloseTo(10 * byTerm.yearsInField!.estimate, 12);
    expect(byTerm.caseloadShare!.contrast).toBe('per 50 percentage points');
    expect(byTerm.caseloadShare!.effectCi95[1]).toBeCloseTo(0.5 * byTerm.caseloadShare!.ci95[1], 12);
    expect(byTerm.traumaHistory!.contrast).toBe('yes vs no');
    expect(byTerm.selfCareComposite!.contrast).toBe('per 1 step');
    expect(byTerm.traumaHistory!.effect).toBe(byTerm.traumaHistory!.estimate);
  });
});

describe('analyzeDrivers', () => {
  it('with too few responses gives no model and the message', () => {
    const a = analyzeDrivers(makeRows(22), { k: 5 });
    const main = a.outcomes.find((o) => o.outcome === 'bo')!.main;
    expect(main.status).toBe('insufficient');
    expect(main.status === 'insufficient' && main.message).toBe('Not enough responses yet: 22 of 40 needed.');
    expect(a.family.tests).toBe(0);
    expect(a.findings).toEqual([]);
  });

  it('below 150 people the joint model is refused in plain words, and no practice is in the family', () => {
    const a = analyzeDrivers(makeRows(58, 9), { k: 5 });
    for (const o of a.outcomes) {
      expect(o.main.status).toBe('ok');
      expect(o.joint).toMatchObject({ status: 'insufficient', n: 58, nNeeded: 150 });
      if (o.joint.status === 'insufficient') {
        expect(o.joint.message).toBe(
          'A practice can be named a driver only in a model that adjusts for all the other practices, which needs at least 150 people; 58 are in this analysis.',
        );
      }
    }
    expect(JOINT_MODEL_MIN_N).toBe(150); // requiredN(12 practices + 3 covariates) = 10 × 15
    expect(jointModelInsufficientMessage(1)).toMatch(/; 1 is in this analysis\.$/);
    // 4 outcomes × 4 main-model terms.
    expect(a.family.tests).toBe(16);
    expect(a.family).toEqual({ method: 'Benjamini–Yekutieli', tests: 16, alpha: 0.05 });
  });

  it('the family counts every main-model term and joint-model practice term across all four outcomes, and q is BY over exactly those', () => {
    const a = analyzeDrivers(makeRows(200, 5), { k: 5 });
    expect(a.family.tests).toBe(4 * 4 + 4 * 12);
    const inFamily: TermResult[] = [];
    for (const o of a.outcomes) {
      if (o.main.status !== 'ok' || o.joint.status !== 'ok') throw new Error('expected fitted models');
      inFamily.push(...o.main.terms);
      for (const t of o.joint.terms) {
        if (SELF_CARE_PRACTICE_KEYS.includes(t.term as never)) inFamily.push(t);
        else expect(t.qValue, `joint adjustment term ${t.term}`).toBeNull();
      }
      for (const p of o.practices) {
        if (p.model.status === 'ok') for (const t of p.model.terms) expect(t.qValue).toBeNull();
      }
    }
    expect(inFamily).toHaveLength(64);
    const q = benjaminiYekutieli(inFamily.map((t) => t.pValue));
    inFamily.forEach((t, i) => expect(t.qValue).toBe(q[i]));
    // Dropping a predictor (trauma history with 3 people) shrinks the family: 4 × 3 + 4 × 12.
    const dropped = analyzeDrivers(makeRows(200, 5, { traumaOnes: 3 }), { k: 5 });
    expect(dropped.family.tests).toBe(4 * 3 + 4 * 12);
  });

  it('drops a rare binary level (trauma history with 3 respondents) and says so', () => {
    const a = analyzeDrivers(makeRows(80, 3, { traumaOnes: 3 }), { k: 5 });
    const main = a.outcomes.find((o) => o.outcome === 'bo')!.main;
    expect(main.status).toBe('ok');
    if (main.status !== 'ok') return;
    expect(main.terms.map((t) => t.term)).not.toContain('traumaHistory');
    expect(main.notes[0]).toMatch(/Personal trauma history was left out: fewer than 5 respondents/);
  });

  it('the joint and descriptive models match a direct fitOls of the same design, and only the joint one can flag', () => {
    const rows = makeRows(400, 11);
    const a = analyzeDrivers(rows, { k: 5 });
    const bo = a.outcomes.find((o) => o.outcome === 'bo')!;
    if (bo.joint.status !== 'ok') throw new Error('expected a joint model');
    const regular = (r: DriverRow, k: string) => (r.practices[k]! >= 2 ? 1 : 0);
    const X = rows.map((r) => [...SELF_CARE_PRACTICE_KEYS.map((k) => regular(r, k)), r.traumaHistory!, r.yearsInField!, r.caseloadShare!]);
    const direct = fitOls(X, rows.map((r) => r.bo!));
    const therapy = bo.joint.terms.find((t) => t.term === 'personalTherapy')!;
    expect(therapy.estimate).toBeCloseTo(direct.coefficients[1]!, 10);
    expect(therapy.ci95[0]).toBeCloseTo(direct.confidenceIntervals[1]![0], 10);
    // Planted −2.5 (makeRows): recovered within its CI, flagged favourable for burnout.
    expect(therapy.ci95[0]).toBeLessThan(-2.5);
    expect(therapy.ci95[1]).toBeGreaterThan(-2.5);
    expect(therapy).toMatchObject({ flagged: true, direction: 'favourable', protective: true });
    expect(bo.joint.n).toBe(400);

    const alone = bo.practices.find((p) => p.practice === 'personalTherapy')!.model;
    if (alone.status !== 'ok') throw new Error('expected a descriptive model');
    const X1 = rows.map((r) => [regular(r, 'personalTherapy'), r.traumaHistory!, r.yearsInField!, r.caseloadShare!]);
    expect(alone.terms[0]!.estimate).toBeCloseTo(fitOls(X1, rows.map((r) => r.bo!)).coefficients[1]!, 10);
    expect(alone.terms[0]).toMatchObject({ flagged: false, protective: false, qValue: null, direction: null });
    expect(alone.terms[0]!.sentence).toMatch(/Descriptive only/);
  });

  it('names reverse causation for therapy and supervision, and for any practice clearly in the unfavourable direction', () => {
    expect(reverseCausationFor('sts', 'personalTherapy', 2.1, [0.4, 3.8])).toBe(
      'Staff under more strain are more likely to seek therapy, so this association may run from distress to therapy rather than the other way.',
    );
    expect(reverseCausationFor('sts', 'personalTherapy', -2.1, [-3.8, -0.4])).toMatch(/benefit shown may be understated/);
    expect(reverseCausationFor('cs', 'clinicalSupervision', -1.5, [-2.5, -0.5])).toMatch(/from distress to supervision/);
    // Physical activity with lower compassion satisfaction (CI below 0): unfavourable.
    expect(reverseCausationFor('cs', 'physicalActivity', -1.5, [-2.5, -0.5])).toMatch(/turn to physical activity more often/);
    expect(reverseCausationFor('cs', 'physicalActivity', -1.5, [-2.5, 0.5])).toBeNull(); // consistent with none
    expect(reverseCausationFor('bo', 'physicalActivity', -1.5, [-2.5, -0.5])).toBeNull(); // favourable
    expect(reverseCausationFor('bo', 'traumaHistory', 3, [1, 5])).toBeNull(); // not a practice

    // On fitted data: every therapy term carries its note; no main-model term does.
    const a = analyzeDrivers(makeRows(200, 5), { k: 5 });
    for (const { where, t } of allTerms(a)) {
      if (t.term === 'personalTherapy') expect(t.reverseCausation, where).toMatch(/seek therapy/);
      if (where === 'main') expect(t.reverseCausation).toBeNull();
    }
  });

  it('under the null (no effects, n = 200, correlated practices) nothing is flagged (seed 20240611)', () => {
    // Reference: the truth is zero for every term (NULL_TRUTH), so any flag would be false.
    const a = analyzeDrivers(simulateRows(NULL_TRUTH, 200, 20240611), { k: 5 });
    expect(a.family.tests).toBe(64);
    expect(allTerms(a).filter(({ t }) => t.flagged)).toEqual([]);
    expect(a.findings).toEqual([]);
  });

  it('findings: at most five flagged terms, strongest first, in plain words with n and no "−0.0"', () => {
    // Large planted effects at n = 400 flag more than five terms.
    const truth: PlantedTruth = {
      ...NULL_TRUTH,
      covariates: {
        cs: { traumaHistory: 4, yearsInField: 0.4, caseloadShare: 0 },
        bo: { traumaHistory: -5, yearsInField: 0, caseloadShare: 8 },
        sts: { traumaHistory: 0, yearsInField: 0, caseloadShare: 12 },
        vr: { traumaHistory: 4, yearsInField: 0, caseloadShare: 0 },
      },
      practices: { cs: { advocacy: 4 }, bo: {}, sts: { clinicalSupervision: -4 }, vr: {} },
    };
    const a = analyzeDrivers(simulateRows(truth, 400, 99), { k: 5 });
    const flagged = allTerms(a).filter(({ t }) => t.flagged);
    expect(flagged.length).toBeGreaterThan(MAX_FINDINGS);
    expect(a.findings).toHaveLength(MAX_FINDINGS);
    const supported = a.findings.map((f) => Math.min(Math.abs(f.effectCi95[0]), Math.abs(f.effectCi95[1])));
    expect([...supported].sort((x, y) => y - x)).toEqual(supported);
    for (const f of a.findings) {
      expect(f.sentence).toMatch(/\(95% CI: between \d+\.\d and \d+\.\d points (lower|higher); an association among the 400 people in this analysis\)\./);
      expect(f.sentence).not.toMatch(/−0\.0|proof of cause/);
    }
    const bo = a.findings.find((f) => f.outcome === 'bo' && f.term === 'traumaHistory');
    if (bo) expect(bo.direction).toBe('favourable');
  });

  it('an analysis states its family, MID, and is not a legacy release', () => {
    const a = analyzeDrivers(makeRows(60, 1), { k: 5 });
    expect(a.mid).toBe(1);
    expect(a.legacyRelease).toBe(false);
    expect(a.family.method).toBe('Benjamini–Yekutieli');
  });
});

describe('sentences', () => {
  it('carry the size on the contrast and the CI, without the cause caveat (said once on the page)', () => {
    expect(describeTerm('bo', { term: 'personalTherapy' }, -3.1, [-5.4, -0.8])).toBe(
      'Staff who report personal therapy about weekly or more score 3.1 points lower on burnout on average (95% CI −5.4 to −0.8), holding the others constant.',
    );
    expect(describeTerm('sts', { term: 'traumaHistory' }, 1.2, [-0.5, 2.9])).toContain('The data are consistent with no difference.');
    // Years: coefficient per year × 10. 0.12/year → 1.2 per 10 years, CI 0.3 to 2.1.
    expect(describeTerm('cs', { term: 'yearsInField' }, 0.12, [0.03, 0.21])).toBe(
      'Each additional 10 years in the field goes with a score 1.2 points higher on compassion satisfaction on average (95% CI 0.3 to 2.1), holding the others constant.',
    );
    // Caseload: coefficient per 1.0 × 0.5.
    expect(describeTerm('sts', { term: 'caseloadShare' }, 8, [4, 12])).toMatch(/^Each additional 50 percentage points of caseload .* 4\.0 points higher .*\(95% CI 2\.0 to 6\.0\)/);
  });

  it('never print "−0.0"', () => {
    expect(formatMagnitude(-3.14)).toBe('3.1');
    expect(formatMagnitude(-0.04)).toBe('0.0');
    expect(formatProbability(0.0312)).toBe('.031');
    expect(formatProbability(0.0004)).toBe('< .001');
    const s = describeTerm('bo', { term: 'yearsInField' }, -0.001, [-0.004, 0.05]);
    expect(s).toBe(
      'Each additional 10 years in the field goes with a score about the same on burnout on average (95% CI 0.0 to 0.5), holding the others constant. The data are consistent with no difference.',
    );
  });
});

describe('normalizeDriverAnalysis', () => {
  it('passes a current release through unchanged', () => {
    const a = analyzeDrivers(makeRows(60, 1), { k: 5 });
    expect(normalizeDriverAnalysis(a)).toBe(a);
  });

  it('shows a release stored before issue 11 with nothing flagged and no family-wide q', () => {
    // The old shape: BH q within one outcome's practices, "protective" = CI excludes 0.
    const legacyTerm = {
      term: 'personalTherapy',
      label: 'Regular personal therapy',
      kind: 'binary',
      estimate: -3,
      ci95: [-5, -1],
      pValue: 0.001,
      qValue: 0.01,
      standardizedBeta: -0.3,
      sentence: 'old. This is an association in your agency, not proof of cause.',
      protective: true,
    };
    const stored = {
      k: 5,
      nRespondents: 60,
      windowMonths: 12,
      outcomes: [
        {
          outcome: 'bo',
          main: { status: 'insufficient', outcome: 'bo', n: 20, nNeeded: 40, message: 'Not enough responses yet: 20 of 40 needed.', notes: [] },
          practices: [{ practice: 'personalTherapy', label: 'Personal therapy', model: { status: 'ok', outcome: 'bo', n: 60, rSquared: 0.2, adjustedRSquared: 0.15, terms: [legacyTerm], notes: [] } }],
        },
      ],
    };
    const a = normalizeDriverAnalysis(stored);
    expect(a.legacyRelease).toBe(true);
    expect(a.windowMonths).toBe(12);
    expect(a.findings).toEqual([]);
    expect(a.family.tests).toBe(0);
    expect(a.outcomes[0]!.joint).toMatchObject({ status: 'insufficient', message: LEGACY_JOINT_MESSAGE });
    const m = a.outcomes[0]!.practices[0]!.model;
    if (m.status !== 'ok') throw new Error('expected ok');
    expect(m.terms[0]).toMatchObject({ flagged: false, protective: false, qValue: null, direction: null, contrast: 'about weekly or more vs less', effect: -3 });
    expect(m.terms[0]!.sentence).not.toMatch(/proof of cause/);
    expect(m.terms[0]!.reverseCausation).toMatch(/seek therapy/);
  });
});
