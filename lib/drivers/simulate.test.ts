import { describe, expect, it } from 'vitest';
import { SELF_CARE_PRACTICES } from '@/lib/instruments';
import { createRng } from '@/lib/stats/random';
import { choleskyLower, drawCheckIn, drawPerson, trueCoefficient, type PlantedTruth } from './simulate';

const NONE = { traumaHistory: 0, yearsInField: 0, caseloadShare: 0 };
const truth: PlantedTruth = {
  baseline: { cs: 36, bo: 23, sts: 21, vr: 21 },
  covariates: { cs: NONE, bo: { ...NONE, traumaHistory: -2 }, sts: { ...NONE, caseloadShare: 4 }, vr: NONE },
  practices: { cs: {}, bo: {}, sts: { clinicalSupervision: -2 }, vr: {} },
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
  reverseCaused: { personalTherapy: { outcome: 'sts', slope: 1.2, base: 0.4 } },
  monthlyPracticeChange: 0,
};
const index = (key: string) => SELF_CARE_PRACTICES.findIndex((p) => p.key === key);

function correlation(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('choleskyLower', () => {
  it('matches a factor worked by hand and refuses a matrix that is not positive definite', () => {
    // [[4, 2], [2, 5]]: l11 = √4 = 2, l21 = 2/2 = 1, l22 = √(5 − 1) = 2.
    expect(choleskyLower([[4, 2], [2, 5]])).toEqual([[2, 0], [1, 2]]);
    expect(() => choleskyLower([[1, 2], [2, 1]])).toThrow(/choleskyLower/);
  });
});

describe('the generating model (seed 2024, 20 000 people)', () => {
  const rng = createRng(2024);
  const people = Array.from({ length: 20_000 }, () => drawPerson(rng, truth));
  const regular = (key: string) => people.map((p) => (p.practiceBase[index(key)]! >= 2 ? 1 : 0));

  it('draws correlated practices with the stated phi, and others independent', () => {
    // Reference: phi = 0.5 by construction (P = ½ ± φ/2); sampling SD of r ≈ 1/√20000 ≈ .007.
    expect(correlation(regular('peerSupport'), regular('clinicalSupervision'))).toBeCloseTo(0.5, 1);
    expect(Math.abs(correlation(regular('hobbiesAndCreativeWork'), regular('clinicalSupervision')))).toBeLessThan(0.03);
  });

  it('makes the reverse-caused practice follow latent strain, not any measured predictor', () => {
    const therapy = regular('personalTherapy');
    expect(correlation(therapy, people.map((p) => p.latent.sts))).toBeGreaterThan(0.3);
    expect(Math.abs(correlation(therapy, people.map((p) => p.trauma)))).toBeLessThan(0.03);
    expect(Math.abs(correlation(therapy, people.map((p) => p.caseloadShare)))).toBeLessThan(0.03);
  });

  it('correlates the latent levels as stated (BO–STS .6)', () => {
    expect(correlation(people.map((p) => p.latent.bo), people.map((p) => p.latent.sts))).toBeCloseTo(0.6, 1);
  });

  it('adds a practice effect through the practice reported at that check-in', () => {
    const r = createRng(1);
    const p = drawPerson(r, truth);
    p.practiceBase[index('clinicalSupervision')] = 4;
    const a = drawCheckIn(createRng(5), truth, p);
    p.practiceBase[index('clinicalSupervision')] = 0;
    const b = drawCheckIn(createRng(5), truth, p);
    expect(a.targets.sts - b.targets.sts).toBeCloseTo(-2, 12);
    expect(a.targets.bo - b.targets.bo).toBeCloseTo(0, 12);
  });

  it('states which terms have a single true coefficient', () => {
    expect(trueCoefficient(truth, 'bo', 'main', 'traumaHistory')).toBe(-2);
    expect(trueCoefficient(truth, 'sts', 'joint', 'clinicalSupervision')).toBe(-2);
    expect(trueCoefficient(truth, 'sts', 'joint', 'peerSupport')).toBe(0);
    expect(trueCoefficient(truth, 'sts', 'joint', 'personalTherapy')).toBeNull();
    expect(trueCoefficient(truth, 'sts', 'main', 'selfCareComposite')).toBeNull();
  });
});
