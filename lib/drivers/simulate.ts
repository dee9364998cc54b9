/**
 * Simulated staff with a known truth, for the demo agency, the driver tests and the
 * validity benchmark (issue 11). PURE: a seeded generator in, people and check-in targets
 * out. Nothing here is used to analyse real data.
 *
 * The generating model, for person i at check-in t and outcome o (points on the sum scale):
 *
 *   y_iot = baseline_o + covariates_o · (trauma_i, years_i, caseload_i)
 *           + Σ_p effect_op · regular_ipt + u_io + e_iot
 *
 * - trauma history ~ Bernoulli(traumaRate); years in the field and caseload share are band
 *   midpoints (what the profile records and the models see), each band equally likely;
 * - regular_ipt = 1 when practice p is done about weekly or more (frequency ≥ 2 of 0–4) at
 *   that check-in; the effect acts through the practice reported at that check-in, so the
 *   coefficient of the joint model is the truth exactly;
 * - u_i ~ N(0, Σ) is the person's latent level on the four outcomes, correlated across
 *   outcomes as `latentCorrelation` says; e_iot ~ N(0, occasionSd²) independent;
 * - correlated practices: `correlatedWith` draws a practice's regular use with
 *   P(regular | the other regular) = ½ + φ/2 and P(regular | not) = ½ − φ/2, which gives
 *   a phi correlation φ between the two indicators (both have P = ½);
 * - reverse causation: `reverseCaused` practices are regular with probability
 *   logistic(logit(base) + slope · u_io / personSd_o): driven by the person's latent strain
 *   on `outcome`, with no effect of their own. Their use is fixed per person (no month-to-
 *   month change). Because u is independent of every measured predictor, this biases the
 *   reverse-caused practice's coefficient (and the self-care composite's, which contains
 *   it) but no other coefficient: the truth of every other term is still its planted value.
 */
import { SELF_CARE_PRACTICES } from '@/lib/instruments';
import type { Rng } from '@/lib/stats/random';
import { OUTCOMES, REGULAR_PRACTICE_MIN, type Outcome } from './analyze';

export type PracticeKey = (typeof SELF_CARE_PRACTICES)[number]['key'];

/** Years-in-field bands as the profile stores them, with the midpoints the models use. */
export const SIM_YEARS_BANDS = [
  { value: 'lessThan1', midpoint: 0.5 },
  { value: '1to2', midpoint: 2 },
  { value: '3to5', midpoint: 4.5 },
  { value: '6to10', midpoint: 8.5 },
  { value: '11to20', midpoint: 16 },
  { value: 'moreThan20', midpoint: 25 },
] as const;
/** Caseload-share bands (proportion of caseload who are trafficking survivors). */
export const SIM_CASELOAD_BANDS = [
  { value: 'under25', midpoint: 0.125 },
  { value: '25to49', midpoint: 0.375 },
  { value: '50to74', midpoint: 0.625 },
  { value: '75to100', midpoint: 0.875 },
] as const;

export interface CovariateEffects {
  /** Points, yes vs no. */
  traumaHistory: number;
  /** Points per year in the field. */
  yearsInField: number;
  /** Points per 1.0 of caseload share (so per 50 percentage points is half of it). */
  caseloadShare: number;
}

export interface PlantedTruth {
  baseline: Readonly<Record<Outcome, number>>;
  covariates: Readonly<Record<Outcome, CovariateEffects>>;
  /** Causal effect of regular use of a practice, in points; a practice not listed has none. */
  practices: Readonly<Record<Outcome, Readonly<Partial<Record<PracticeKey, number>>>>>;
  /** SD of the person's latent level u on each outcome. */
  personSd: Readonly<Record<Outcome, number>>;
  /** SD of the check-in-to-check-in noise e on each outcome. */
  occasionSd: Readonly<Record<Outcome, number>>;
  /** Correlation of u across outcomes, in OUTCOMES order (cs, bo, sts, vr). */
  latentCorrelation: readonly (readonly number[])[];
  traumaRate: number;
  /** Practices whose regular use is correlated with another's (phi), with no effect implied. */
  correlatedWith: Readonly<Partial<Record<PracticeKey, { practice: PracticeKey; phi: number }>>>;
  /** Practices whose use is caused by strain on `outcome` (logit slope per latent SD). */
  reverseCaused: Readonly<Partial<Record<PracticeKey, { outcome: Outcome; slope: number; base: number }>>>;
  /** Chance that a non-fixed practice moves one step (up or down) from one check-in to the next. */
  monthlyPracticeChange: number;
}

export interface SimPerson {
  trauma: 0 | 1;
  yearsBand: (typeof SIM_YEARS_BANDS)[number]['value'];
  yearsInField: number;
  caseloadBand: (typeof SIM_CASELOAD_BANDS)[number]['value'];
  caseloadShare: number;
  /** Usual frequency 0–4 per practice, in SELF_CARE_PRACTICES order. */
  practiceBase: number[];
  /** Latent level u per outcome. */
  latent: Record<Outcome, number>;
}

export interface SimCheckIn {
  /** Frequencies 0–4 reported at this check-in, in SELF_CARE_PRACTICES order. */
  practices: number[];
  /** Expected score on each outcome's sum scale before rounding to whole answers. */
  targets: Record<Outcome, number>;
}

const PRACTICE_INDEX = new Map(SELF_CARE_PRACTICES.map((p, i) => [p.key as PracticeKey, i]));

/**
 * Lower-triangular Cholesky factor L of a small symmetric positive-definite matrix A
 * (A = L·Lᵀ), by the Cholesky–Banachiewicz recurrence. Cost O(n³). Throws (naming itself)
 * when A is not positive definite.
 *
 * @example choleskyLower([[4, 2], [2, 5]]); // [[2, 0], [1, 2]]
 */
export function choleskyLower(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('choleskyLower: matrix is not positive definite');
        l[i]![i] = Math.sqrt(s);
      } else l[i]![j] = s / l[j]![j]!;
    }
  }
  return l;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** A usual frequency: regular → 2, 3 or 4; not regular → 0 or 1 (each equally likely). */
function frequencyFor(rng: Rng, regular: boolean): number {
  return regular ? 2 + Math.floor(rng.next() * 3) : Math.floor(rng.next() * 2);
}

/** Draws one person: profile, usual practices and latent levels. */
export function drawPerson(rng: Rng, truth: PlantedTruth): SimPerson {
  const chol = choleskyLower(truth.latentCorrelation);
  const z = OUTCOMES.map(() => rng.normal());
  const latent = {} as Record<Outcome, number>;
  OUTCOMES.forEach((o, i) => {
    let v = 0;
    for (let j = 0; j <= i; j++) v += chol[i]![j]! * z[j]!;
    latent[o] = v * truth.personSd[o];
  });
  const years = pick(rng, SIM_YEARS_BANDS);
  const caseload = pick(rng, SIM_CASELOAD_BANDS);
  const trauma: 0 | 1 = rng.next() < truth.traumaRate ? 1 : 0;
  const regular = new Map<PracticeKey, boolean>();
  // Independent and reverse-caused practices first, then those correlated with another.
  for (const p of SELF_CARE_PRACTICES) {
    const key = p.key as PracticeKey;
    if (truth.correlatedWith[key]) continue;
    const rev = truth.reverseCaused[key];
    const prob = rev ? logistic(logit(rev.base) + rev.slope * (latent[rev.outcome] / truth.personSd[rev.outcome])) : 0.5;
    regular.set(key, rng.next() < prob);
  }
  for (const p of SELF_CARE_PRACTICES) {
    const key = p.key as PracticeKey;
    const c = truth.correlatedWith[key];
    if (!c) continue;
    const other = regular.get(c.practice) ?? false;
    regular.set(key, rng.next() < (other ? 0.5 + c.phi / 2 : 0.5 - c.phi / 2));
  }
  return {
    trauma,
    yearsBand: years.value,
    yearsInField: years.midpoint,
    caseloadBand: caseload.value,
    caseloadShare: caseload.midpoint,
    practiceBase: SELF_CARE_PRACTICES.map((p) => frequencyFor(rng, regular.get(p.key as PracticeKey)!)),
    latent,
  };
}

/** One check-in: this month's practices and the expected scores they imply. */
export function drawCheckIn(rng: Rng, truth: PlantedTruth, person: SimPerson): SimCheckIn {
  const practices = person.practiceBase.map((v, i) => {
    const key = SELF_CARE_PRACTICES[i]!.key as PracticeKey;
    if (truth.reverseCaused[key] || !(rng.next() < truth.monthlyPracticeChange)) return v;
    return Math.min(4, Math.max(0, v + (rng.next() < 0.5 ? -1 : 1)));
  });
  const targets = {} as Record<Outcome, number>;
  for (const o of OUTCOMES) {
    const c = truth.covariates[o];
    let y = truth.baseline[o] + c.traumaHistory * person.trauma + c.yearsInField * person.yearsInField + c.caseloadShare * person.caseloadShare;
    for (const [key, effect] of Object.entries(truth.practices[o]) as [PracticeKey, number][]) {
      if (practices[PRACTICE_INDEX.get(key)!]! >= REGULAR_PRACTICE_MIN) y += effect;
    }
    targets[o] = y + person.latent[o] + rng.normal() * truth.occasionSd[o];
  }
  return { practices, targets };
}

/**
 * The planted value of a term on the scale of its model coefficient (points per unit), or
 * null when the term has no single true value in that model: the self-care composite
 * (a mixture of its practices' effects) and a reverse-caused practice.
 */
export function trueCoefficient(truth: PlantedTruth, outcome: Outcome, model: 'main' | 'joint', term: string): number | null {
  if (term === 'traumaHistory' || term === 'yearsInField' || term === 'caseloadShare') {
    // In the joint model these are adjustment terms; their truth is the same coefficient.
    return truth.covariates[outcome][term];
  }
  if (term === 'selfCareComposite') return null;
  if (model !== 'joint') return null;
  if (truth.reverseCaused[term as PracticeKey]) return null;
  return truth.practices[outcome][term as PracticeKey] ?? 0;
}
