/**
 * Driver analysis (ARCHITECTURE §5, issue 11): which personal factors and self-care
 * practices go with better or worse outcomes in this agency, flagged only when the data
 * can tell. PURE: rows in, model summaries out.
 *
 * Models, for each outcome (CS, BO, STS, VR), each behind the regression guard of
 * lib/privacy (rule 4: n ≥ max(30, 10 × predictors); a binary predictor with fewer than
 * k people in a level is dropped with a note). There is no team input: agency-wide only.
 * - `main`: trauma history (0/1), the self-care composite (0–4), years in the field and
 *   caseload share (0–1), as in Corbett-Hone & Johnson (2022).
 * - `joint`: all twelve practices together ("regular" = about weekly or more, frequency
 *   ≥ 2 of 0–4) plus trauma history, years in the field and caseload share. The composite
 *   is left out because the practices are its parts. Practices are correlated (staff who
 *   get supervision also tend to get peer support), so a practice's own association can
 *   be seen only with the others held constant: a practice is flagged ONLY from this
 *   model. It has 15 predictors, so it needs n ≥ requiredN(15) = 150.
 * - `practices`: one model per practice, adjusted for trauma history, years and caseload
 *   share. DESCRIPTIVE ONLY: each is confounded by the practices left out, so none of
 *   them is tested, flagged or fed to a recommendation.
 *
 * One error-control family per publication. Every test that can flag a driver or feed a
 * recommendation is in it: the main-model terms and the joint-model practice terms of all
 * four outcomes (up to 4 × 4 + 4 × 12 = 64 tests). The false discovery rate is controlled
 * over the whole family with Benjamini–Yekutieli (2001), not Benjamini–Hochberg: the tests
 * share respondents and the four outcomes are correlated, and BH's guarantee needs
 * positive regression dependence (PRDS), which two-sided tests of correlated estimates do
 * not have in general; BY holds under any dependence. `qValue` is that family-wide q
 * (null for a term outside the family: the joint model's covariates, the descriptive
 * models). Nothing unadjusted is ever flagged.
 *
 * Minimally important difference (MID): 1 point on the outcome's sum scale. One answer
 * moving one step on one item of a sum scale is the smallest change a person can register
 * on the instrument; an effect that cannot be told apart from less than that is not worth
 * acting on. On the ProQOL's 10–50 scales (SD ≈ 5–7) it is about 0.15–0.2 SD. Effects are
 * compared with it on a stated contrast: trauma history and a practice, yes vs no (the
 * coefficient); the composite per 1 step on its 0–4 scale; years in the field per 10
 * years; caseload share per 50 percentage points.
 *
 * A term is FLAGGED only when (1) it is in the family with BY q < .05, AND (2) the 95% CI
 * of its contrast lies entirely beyond +MID or entirely beyond −MID. Anything weaker is
 * "no clear signal". A practice flagged in the unfavourable direction is never a driver:
 * it carries a reverse-causation note (staff under strain seek therapy).
 */
import { SELF_CARE_PRACTICES } from '@/lib/instruments';
import { HIGHER_IS_BETTER, MEASURE_NOUNS } from '@/lib/measures';
import { guardRegression, requiredN, type GuardPredictor } from '@/lib/privacy';
import { fitOls, type OlsResult } from '@/lib/stats/ols';
import { formatCi } from '@/lib/stats/format';
import { benjaminiYekutieli } from '@/lib/stats/tests';
import { formatMagnitude, formatProbability } from './format';

export type Outcome = 'cs' | 'bo' | 'sts' | 'vr';
export const OUTCOMES: readonly Outcome[] = ['cs', 'bo', 'sts', 'vr'];
/** Labels from lib/measures, the one home of measures. */
export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = MEASURE_NOUNS;
/** For CS and VR higher is better; for BO and STS lower is better (lib/measures). */
export { HIGHER_IS_BETTER };

/**
 * Minimally important difference, in points on the outcome's sum scale: one answer one
 * step on one item, the smallest change the instrument can register (≈ 0.15–0.2 SD on a
 * ProQOL scale). See the module comment.
 */
export const MINIMALLY_IMPORTANT_DIFFERENCE = 1;
/** FDR level of the one family per publication. */
export const FAMILY_ALPHA = 0.05;
export const FAMILY_METHOD = 'Benjamini–Yekutieli' as const;
/** At most this many findings are put in plain words at the top of the page. */
export const MAX_FINDINGS = 5;

export interface DriverRow {
  cs: number | null;
  bo: number | null;
  sts: number | null;
  vr: number | null;
  traumaHistory: 0 | 1 | null;
  selfCareComposite: number | null;
  yearsInField: number | null;
  caseloadShare: number | null;
  /** Frequency 0–4 per practice key. */
  practices: Readonly<Record<string, number | null>>;
}

export const REGULAR_PRACTICE_MIN = 2;

/** Short names for sentences ("Staff who report personal therapy about weekly or more …"). */
export const PRACTICE_SHORT_LABELS: Record<string, string> = {
  personalTherapy: 'personal therapy',
  clinicalSupervision: 'clinical supervision or consultation',
  peerSupport: 'peer support or debriefing',
  advocacy: 'advocacy or activism',
  physicalActivity: 'physical activity',
  sleepAndRest: 'enough sleep and rest',
  mindfulnessOrSpiritualPractice: 'mindfulness, spiritual or religious practice',
  familyAndFriends: 'time with family or friends',
  hobbiesAndCreativeWork: 'hobbies or creative work',
  workHomeBoundaries: 'boundaries between work and home',
  timeOff: 'time off',
  professionalTraining: 'professional training',
};

/**
 * Practices people turn to BECAUSE they are struggling, so strain can drive their use. When
 * the association is unfavourable it may run entirely from distress to the practice; when
 * it is favourable, the same pull makes the practice look less helpful than it is.
 */
const HELP_SEEKING_NOTES: Record<string, { unfavourable: string; favourable: string }> = {
  personalTherapy: {
    unfavourable:
      'Staff under more strain are more likely to seek therapy, so this association may run from distress to therapy rather than the other way.',
    favourable:
      'Staff under more strain are more likely to seek therapy, which makes therapy look less helpful than it is; the benefit shown may be understated.',
  },
  clinicalSupervision: {
    unfavourable:
      'Staff under more strain are more likely to ask for supervision or consultation, so this association may run from distress to supervision rather than the other way.',
    favourable:
      'Staff under more strain are more likely to ask for supervision or consultation, which makes it look less helpful than it is; the benefit shown may be understated.',
  },
};

type CovariateKey = 'traumaHistory' | 'selfCareComposite' | 'yearsInField' | 'caseloadShare';

interface PredictorSpec {
  /** Term name in the results: a covariate key or a practice key. */
  name: string;
  label: string;
  kind: 'binary' | 'continuous';
  get: (r: DriverRow) => number | null;
}

const TRAUMA: PredictorSpec = { name: 'traumaHistory', label: 'Personal trauma history', kind: 'binary', get: (r) => r.traumaHistory };
const YEARS: PredictorSpec = { name: 'yearsInField', label: 'Years in the field', kind: 'continuous', get: (r) => r.yearsInField };
const CASELOAD: PredictorSpec = {
  name: 'caseloadShare',
  label: 'Share of caseload who are trafficking survivors',
  kind: 'continuous',
  get: (r) => r.caseloadShare,
};
const COMPOSITE: PredictorSpec = {
  name: 'selfCareComposite',
  label: 'Self-care composite (0–4)',
  kind: 'continuous',
  get: (r) => r.selfCareComposite,
};
const COVARIATES: readonly PredictorSpec[] = [TRAUMA, YEARS, CASELOAD];
const MAIN_PREDICTORS: readonly PredictorSpec[] = [TRAUMA, COMPOSITE, YEARS, CASELOAD];

function practiceSpec(key: string, text: string): PredictorSpec {
  return {
    name: key,
    label: `Regular ${PRACTICE_SHORT_LABELS[key] ?? text.toLowerCase()}`,
    kind: 'binary',
    get: (r) => {
      const v = r.practices[key];
      return v === null || v === undefined ? null : v >= REGULAR_PRACTICE_MIN ? 1 : 0;
    },
  };
}
const PRACTICE_SPECS: readonly PredictorSpec[] = SELF_CARE_PRACTICES.map((p) => practiceSpec(p.key, p.text));
const PRACTICE_KEYS: ReadonlySet<string> = new Set(SELF_CARE_PRACTICES.map((p) => p.key));

/** Predictors in the joint model: the twelve practices plus trauma history, years and caseload share. */
export const JOINT_MODEL_PREDICTORS = PRACTICE_SPECS.length + COVARIATES.length;
/** Rule 4 for the joint model: requiredN(15) = 150 people. */
export const JOINT_MODEL_MIN_N = requiredN(JOINT_MODEL_PREDICTORS);

/** The contrast each term's effect is stated on, and its multiple of the coefficient. */
export interface Contrast {
  /** e.g. "yes vs no", "per 10 years". */
  text: string;
  /** effect = coefficient × scale. */
  scale: number;
}
const COVARIATE_CONTRASTS: Record<CovariateKey, Contrast> = {
  traumaHistory: { text: 'yes vs no', scale: 1 },
  selfCareComposite: { text: 'per 1 step', scale: 1 },
  yearsInField: { text: 'per 10 years', scale: 10 },
  // Caseload share is stored as a proportion 0–1: 50 percentage points is 0.5.
  caseloadShare: { text: 'per 50 percentage points', scale: 0.5 },
};
const PRACTICE_CONTRAST: Contrast = { text: 'about weekly or more vs less', scale: 1 };

/** The contrast a term is compared with the MID on (practices: regular vs not). */
export function contrastFor(term: string): Contrast {
  return (COVARIATE_CONTRASTS as Record<string, Contrast>)[term] ?? PRACTICE_CONTRAST;
}

export type Direction = 'favourable' | 'unfavourable';

/** Which role a term plays, which decides whether it can be tested at all. */
type TermRole = 'main' | 'joint-practice' | 'adjustment' | 'descriptive';

export interface TermResult {
  /** 'traumaHistory' | 'selfCareComposite' | 'yearsInField' | 'caseloadShare' | practice key */
  term: string;
  label: string;
  kind: 'binary' | 'continuous';
  /** Coefficient in points per unit of the predictor (per 1.0 of caseload share, per year). */
  estimate: number;
  ci95: [number, number];
  /** Unadjusted two-sided p of the coefficient: shown in tables, never used to flag. */
  pValue: number;
  /** Family-wide Benjamini–Yekutieli q; null for a term outside the family. */
  qValue: number | null;
  standardizedBeta: number | null;
  /** One sentence for the tables: size on the contrast, CI and whether there is a clear signal. */
  sentence: string;
  /** flagged && direction === 'favourable'. */
  protective: boolean;
  /** In the family, BY q < .05, and the contrast's 95% CI lies entirely beyond ±MID. */
  flagged: boolean;
  /** Null unless flagged. Favourable = higher CS or VR, lower BO or STS. */
  direction: Direction | null;
  /** The contrast `effect` is stated on, e.g. "yes vs no", "per 10 years". */
  contrast: string;
  /** estimate × the contrast's scale, in points. */
  effect: number;
  effectCi95: [number, number];
  /** For a practice: why the association may run from strain to the practice; else null. */
  reverseCausation: string | null;
}

export interface ModelOk {
  status: 'ok';
  outcome: Outcome;
  n: number;
  rSquared: number;
  adjustedRSquared: number;
  terms: TermResult[];
  notes: string[];
}

export interface ModelInsufficient {
  status: 'insufficient';
  outcome: Outcome;
  n: number;
  nNeeded: number;
  message: string;
  notes: string[];
}

export type ModelResult = ModelOk | ModelInsufficient;

/** A per-practice model: descriptive only (never tested, flagged or used to recommend). */
export interface PracticeModelResult {
  practice: string;
  label: string;
  model: ModelResult;
}

export interface OutcomeDrivers {
  outcome: Outcome;
  /** Trauma history, self-care composite, years in the field, caseload share. In the family. */
  main: ModelResult;
  /** All twelve practices together with trauma history, years and caseload share. Its practice terms are in the family. */
  joint: ModelResult;
  /** One model per practice, adjusted for the covariates only: descriptive associations. */
  practices: PracticeModelResult[];
}

/** A flagged term in plain words, for the top of the drivers page. */
export interface DriverFinding {
  outcome: Outcome;
  term: string;
  label: string;
  /** Size on the contrast, its uncertainty in words, n, and that it is an association. */
  sentence: string;
  direction: Direction;
  model: 'main' | 'joint';
  contrast: string;
  effect: number;
  effectCi95: [number, number];
  qValue: number;
  n: number;
  reverseCausation: string | null;
}

export interface DriverFamily {
  method: typeof FAMILY_METHOD;
  /** Number of tests in the family (every main-model term and joint-model practice term fitted). */
  tests: number;
  alpha: typeof FAMILY_ALPHA;
}

export interface DriverAnalysis {
  k: number;
  nRespondents: number;
  outcomes: OutcomeDrivers[];
  /** At most MAX_FINDINGS flagged terms, strongest first. */
  findings: DriverFinding[];
  family: DriverFamily;
  /** The minimally important difference used, in points. */
  mid: number;
  /**
   * True only for a release stored before issue 11 (read through normalizeDriverAnalysis):
   * it has no family-wide control, so nothing in it is flagged.
   */
  legacyRelease: boolean;
}

// ---------------------------------------------------------------------------------------
// Sentences

function isFavourable(outcome: Outcome, effect: number): boolean {
  return HIGHER_IS_BETTER[outcome] ? effect > 0 : effect < 0;
}

/**
 * "Staff with a personal trauma history score 2.0 points lower on burnout on average",
 * on the term's contrast. An effect that rounds to 0.0 reads "about the same".
 */
function describeEffect(outcome: Outcome, term: string, effect: number): string {
  const o = OUTCOME_LABELS[outcome];
  const size = formatMagnitude(effect);
  const same = Number(size) === 0;
  const diff = same ? `about the same on ${o} on average` : `${size} points ${effect < 0 ? 'lower' : 'higher'} on ${o} on average`;
  switch (term) {
    case 'traumaHistory':
      return `Staff with a personal trauma history score ${diff}`;
    case 'selfCareComposite':
      return `Each step up on the self-care composite (0–4) goes with a score ${diff}`;
    case 'yearsInField':
      return `Each additional 10 years in the field goes with a score ${diff}`;
    case 'caseloadShare':
      return `Each additional 50 percentage points of caseload who are trafficking survivors goes with a score ${diff}`;
    default:
      return `Staff who report ${PRACTICE_SHORT_LABELS[term] ?? term} about weekly or more score ${diff}`;
  }
}

/**
 * One sentence for a result in the tables: the size on the term's contrast and its 95% CI,
 * holding the other predictors constant. Cause is discussed once on the page, not here.
 *
 * @example
 * describeTerm('bo', { term: 'personalTherapy' }, -3.1, [-5.4, -0.8]);
 * // "Staff who report personal therapy about weekly or more score 3.1 points lower on
 * //  burnout on average (95% CI −5.4 to −0.8), holding the others constant."
 */
export function describeTerm(outcome: Outcome, spec: { term: string }, estimate: number, ci: readonly [number, number]): string {
  const { scale } = contrastFor(spec.term);
  const effect = estimate * scale;
  const lo = ci[0] * scale;
  const hi = ci[1] * scale;
  const consistentWithNone = lo <= 0 && hi >= 0;
  return `${describeEffect(outcome, spec.term, effect)} (95% CI ${formatCi(lo, hi)}), holding the others constant.${
    consistentWithNone ? ' The data are consistent with no difference.' : ''
  }`;
}

function statusSentence(role: TermRole, term: { flagged: boolean; qValue: number | null; effectCi95: [number, number] }): string {
  if (role === 'descriptive') return ' Descriptive only (not tested).';
  if (role === 'adjustment') return ' Held constant here; tested in the main model.';
  if (term.flagged) return ` Clear signal (family-wide q ${formatProbability(term.qValue!)}).`;
  if (term.qValue === null) return ' No clear signal.';
  const [lo, hi] = term.effectCi95;
  const mid = MINIMALLY_IMPORTANT_DIFFERENCE;
  if (term.qValue >= FAMILY_ALPHA) return ' No clear signal: it does not stand out once all the tests are checked together.';
  if (!(lo >= mid || hi <= -mid)) return ` No clear signal: differences smaller than ${mid} point are still possible.`;
  return ' No clear signal.';
}

/**
 * The reverse-causation note for a practice term, null for other terms:
 * - help-seeking practices (therapy, supervision) always get one, worded by the direction
 *   of the estimate;
 * - any other practice gets one when its 95% CI lies in the unfavourable direction (an
 *   association clear enough to need explaining).
 */
export function reverseCausationFor(outcome: Outcome, term: string, estimate: number, ci95: readonly [number, number]): string | null {
  if (!PRACTICE_KEYS.has(term)) return null;
  const helpSeeking = HELP_SEEKING_NOTES[term];
  if (helpSeeking) return isFavourable(outcome, estimate) ? helpSeeking.favourable : helpSeeking.unfavourable;
  const unfavourable = HIGHER_IS_BETTER[outcome] ? ci95[1] < 0 : ci95[0] > 0;
  if (!unfavourable) return null;
  return `Staff under more strain may turn to ${PRACTICE_SHORT_LABELS[term] ?? term} more often, so this association may run from strain to the practice rather than the other way.`;
}

/** "between 2.6 and 7.4 points lower" for an interval on one side of zero. */
function betweenWords(ci: readonly [number, number]): string {
  const a = Math.min(Math.abs(ci[0]), Math.abs(ci[1]));
  const b = Math.max(Math.abs(ci[0]), Math.abs(ci[1]));
  return `between ${formatMagnitude(a)} and ${formatMagnitude(b)} points ${ci[1] <= 0 ? 'lower' : 'higher'}`;
}

function findingSentence(outcome: Outcome, t: TermResult, n: number): string {
  const base = `${describeEffect(outcome, t.term, t.effect)} (95% CI: ${betweenWords(t.effectCi95)}; an association among the ${n} people in this analysis).`;
  return t.reverseCausation ? `${base} ${t.reverseCausation}` : base;
}

// ---------------------------------------------------------------------------------------
// Fitting

interface RawTerm {
  spec: PredictorSpec;
  estimate: number;
  ci95: [number, number];
  pValue: number;
  standardizedBeta: number | null;
}
type RawModel =
  | { status: 'ok'; n: number; rSquared: number; adjustedRSquared: number; terms: RawTerm[]; notes: string[] }
  | ModelInsufficient;

/** Listwise deletion, the rule-4 guard, then OLS. `minN` raises the guard's n when a model needs more (the joint model). */
function fitGuarded(
  rows: readonly DriverRow[],
  outcome: Outcome,
  specs: readonly PredictorSpec[],
  k: number,
  options: { mustKeep?: string; minN?: { n: number; message: (n: number) => string } } = {},
): RawModel {
  // Listwise deletion first: the guard counts only rows the model would use.
  const complete = rows.filter((r) => r[outcome] !== null && specs.every((s) => s.get(r) !== null));
  const predictors: GuardPredictor[] = specs.map((s) => ({
    name: s.name,
    label: s.label,
    kind: s.kind,
    values: complete.map((r) => s.get(r)!),
  }));
  const guard = guardRegression({ k, n: complete.length, predictors });
  if (options.minN && guard.n < options.minN.n) {
    // The model's own requirement is the one to explain (the guard's is never larger).
    return { status: 'insufficient', outcome, n: guard.n, nNeeded: options.minN.n, message: options.minN.message(guard.n), notes: guard.notes };
  }
  if (!guard.ok) {
    return { status: 'insufficient', outcome, n: guard.n, nNeeded: guard.nNeeded, message: guard.message, notes: guard.notes };
  }
  const used = guard.predictors;
  if (options.mustKeep && !used.some((p) => p.name === options.mustKeep)) {
    return { status: 'insufficient', outcome, n: guard.n, nNeeded: guard.nNeeded, message: guard.notes[0] ?? 'Practice left out.', notes: guard.notes };
  }
  const columns = used.map((p) => Float64Array.from(p.values));
  const y = Float64Array.from(complete.map((r) => r[outcome]!));
  let fit: OlsResult;
  try {
    fit = fitOls({ columns }, y, { names: used.map((p) => p.name) });
  } catch (err) {
    // A rank-deficient design (e.g. everyone has the same years band) is reported, never silently fitted.
    return {
      status: 'insufficient',
      outcome,
      n: complete.length,
      nNeeded: guard.nNeeded,
      message: `The model could not be fitted: ${err instanceof Error ? err.message : 'the data do not vary enough'}.`,
      notes: guard.notes,
    };
  }
  const bySpec = new Map(specs.map((s) => [s.name, s]));
  const terms = used.map((p, j): RawTerm => {
    const i = j + 1; // after the intercept
    const ci = fit.confidenceIntervals[i]!;
    return {
      spec: bySpec.get(p.name)!,
      estimate: fit.coefficients[i]!,
      ci95: [ci[0], ci[1]],
      pValue: fit.pValues[i]!,
      standardizedBeta: fit.standardizedCoefficients[i] ?? null,
    };
  });
  return { status: 'ok', n: fit.n, rSquared: fit.rSquared, adjustedRSquared: fit.adjustedRSquared, terms, notes: guard.notes };
}

/** The plain-words message when the joint model has fewer people than it needs. */
export function jointModelInsufficientMessage(n: number): string {
  return `A practice can be named a driver only in a model that adjusts for all the other practices, which needs at least ${JOINT_MODEL_MIN_N} people; ${n} ${n === 1 ? 'is' : 'are'} in this analysis.`;
}

/** Builds a term whose test result is known; `inFamily` decides whether q and the flag apply. */
function finishTerm(outcome: Outcome, raw: RawTerm, role: TermRole, qValue: number | null): TermResult {
  const { text, scale } = contrastFor(raw.spec.name);
  const effect = raw.estimate * scale;
  const effectCi95: [number, number] = [raw.ci95[0] * scale, raw.ci95[1] * scale];
  const flagged = qValue !== null && isFlagged(qValue, effectCi95);
  const direction: Direction | null = flagged ? (isFavourable(outcome, effect) ? 'favourable' : 'unfavourable') : null;
  const partial = { flagged, qValue, effectCi95 };
  return {
    term: raw.spec.name,
    label: raw.spec.label,
    kind: raw.spec.kind,
    estimate: raw.estimate,
    ci95: raw.ci95,
    pValue: raw.pValue,
    qValue,
    standardizedBeta: raw.standardizedBeta,
    sentence: describeTerm(outcome, { term: raw.spec.name }, raw.estimate, raw.ci95) + statusSentence(role, partial),
    protective: flagged && direction === 'favourable',
    flagged,
    direction,
    contrast: text,
    effect,
    effectCi95,
    reverseCausation: reverseCausationFor(outcome, raw.spec.name, raw.estimate, raw.ci95),
  };
}

/**
 * The flag rule: family-wide q < α AND the contrast's 95% CI excludes (−MID, +MID), i.e.
 * lies entirely at or beyond +MID or at or beyond −MID.
 *
 * @example isFlagged(0.01, [1.2, 3.0]); // true
 * @example isFlagged(0.01, [0.8, 3.0]); // false: effects under 1 point are still possible
 */
export function isFlagged(qValue: number, effectCi95: readonly [number, number], mid = MINIMALLY_IMPORTANT_DIFFERENCE): boolean {
  return qValue < FAMILY_ALPHA && (effectCi95[0] >= mid || effectCi95[1] <= -mid);
}

function finishModel(outcome: Outcome, raw: RawModel, roleOf: (term: string) => TermRole, q: Map<RawTerm, number>): ModelResult {
  if (raw.status !== 'ok') return raw;
  return {
    status: 'ok',
    outcome,
    n: raw.n,
    rSquared: raw.rSquared,
    adjustedRSquared: raw.adjustedRSquared,
    terms: raw.terms.map((t) => finishTerm(outcome, t, roleOf(t.spec.name), q.get(t) ?? null)),
    notes: raw.notes,
  };
}

/**
 * Runs every driver model for an agency, controls the FDR over the one family, flags and
 * describes. `rows` are each respondent's latest response in the window. O(models × n × p²).
 */
export function analyzeDrivers(rows: readonly DriverRow[], options: { k: number }): DriverAnalysis {
  const raw = OUTCOMES.map((outcome) => ({
    outcome,
    main: fitGuarded(rows, outcome, MAIN_PREDICTORS, options.k),
    joint: fitGuarded(rows, outcome, [...PRACTICE_SPECS, ...COVARIATES], options.k, {
      minN: { n: JOINT_MODEL_MIN_N, message: jointModelInsufficientMessage },
    }),
    practices: SELF_CARE_PRACTICES.map((p) => ({
      practice: p.key,
      label: p.text,
      model: fitGuarded(rows, outcome, [practiceSpec(p.key, p.text), ...COVARIATES], options.k, { mustKeep: p.key }),
    })),
  }));

  // The family: every main-model term and every joint-model practice term, all outcomes.
  const family: RawTerm[] = [];
  for (const o of raw) {
    if (o.main.status === 'ok') family.push(...o.main.terms);
    if (o.joint.status === 'ok') family.push(...o.joint.terms.filter((t) => PRACTICE_KEYS.has(t.spec.name)));
  }
  const qs = benjaminiYekutieli(family.map((t) => t.pValue));
  const q = new Map(family.map((t, i) => [t, qs[i]!]));

  const outcomes = raw.map(
    (o): OutcomeDrivers => ({
      outcome: o.outcome,
      main: finishModel(o.outcome, o.main, () => 'main', q),
      joint: finishModel(o.outcome, o.joint, (term) => (PRACTICE_KEYS.has(term) ? 'joint-practice' : 'adjustment'), q),
      practices: o.practices.map((p) => ({
        practice: p.practice,
        label: p.label,
        model: finishModel(o.outcome, p.model, () => 'descriptive', q),
      })),
    }),
  );

  return {
    k: options.k,
    nRespondents: rows.length,
    outcomes,
    findings: collectFindings(outcomes),
    family: { method: FAMILY_METHOD, tests: family.length, alpha: FAMILY_ALPHA },
    mid: MINIMALLY_IMPORTANT_DIFFERENCE,
    legacyRelease: false,
  };
}

/**
 * Flagged terms in plain words, strongest first: ordered by the smallest effect the 95% CI
 * still allows (the bound nearest zero), then by q. At most MAX_FINDINGS.
 */
export function collectFindings(outcomes: readonly OutcomeDrivers[]): DriverFinding[] {
  const all: DriverFinding[] = [];
  for (const o of outcomes) {
    for (const [model, result] of [
      ['main', o.main],
      ['joint', o.joint],
    ] as const) {
      if (result.status !== 'ok') continue;
      for (const t of result.terms) {
        if (!t.flagged || t.direction === null || t.qValue === null) continue;
        all.push({
          outcome: o.outcome,
          term: t.term,
          label: t.label,
          sentence: findingSentence(o.outcome, t, result.n),
          direction: t.direction,
          model,
          contrast: t.contrast,
          effect: t.effect,
          effectCi95: t.effectCi95,
          qValue: t.qValue,
          n: result.n,
          reverseCausation: t.reverseCausation,
        });
      }
    }
  }
  const supported = (f: DriverFinding) => Math.min(Math.abs(f.effectCi95[0]), Math.abs(f.effectCi95[1]));
  return all.sort((a, b) => supported(b) - supported(a) || a.qValue - b.qValue).slice(0, MAX_FINDINGS);
}
