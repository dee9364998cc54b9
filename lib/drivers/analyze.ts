/**
 * Driver analysis (ARCHITECTURE §5): which personal factors and self-care practices go
 * with better outcomes in this agency. PURE: rows in, model summaries out.
 *
 * For each outcome (CS, BO, STS, VR):
 * - a main model on trauma history (0/1), the self-care composite (0–4), years in the
 *   field and caseload share (0–1), as in Corbett-Hone & Johnson (2022);
 * - one model per practice: "regular" use (about weekly or more, frequency ≥ 2 of 0–4)
 *   adjusted for trauma history, years in the field and caseload share. The composite
 *   is left out of these models because the practice is part of it. Benjamini–Hochberg
 *   q-values control the false discovery rate across the practices of one outcome.
 * Every model passes the regression guard of lib/privacy (rule 4) first. There is no
 * team input: driver analysis is agency-wide only.
 */
import { SELF_CARE_PRACTICES } from '@/lib/instruments';
import { guardRegression, type GuardPredictor } from '@/lib/privacy';
import { benjaminiHochberg } from '@/lib/stats/tests';
import { fitOls, type OlsResult } from '@/lib/stats/ols';

export type Outcome = 'cs' | 'bo' | 'sts' | 'vr';
export const OUTCOMES: readonly Outcome[] = ['cs', 'bo', 'sts', 'vr'];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  cs: 'compassion satisfaction',
  bo: 'burnout',
  sts: 'secondary traumatic stress',
  vr: 'vicarious resilience',
};
/** For CS and VR higher is better; for BO and STS lower is better. */
export const HIGHER_IS_BETTER: Record<Outcome, boolean> = { cs: true, bo: false, sts: false, vr: true };

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

type PredictorKey = 'traumaHistory' | 'selfCareComposite' | 'yearsInField' | 'caseloadShare' | 'practice';

interface PredictorSpec {
  key: PredictorKey;
  label: string;
  kind: 'binary' | 'continuous';
  get: (r: DriverRow) => number | null;
}

const COVARIATES: PredictorSpec[] = [
  { key: 'traumaHistory', label: 'Personal trauma history', kind: 'binary', get: (r) => r.traumaHistory },
  { key: 'yearsInField', label: 'Years in the field', kind: 'continuous', get: (r) => r.yearsInField },
  { key: 'caseloadShare', label: 'Share of caseload who are trafficking survivors', kind: 'continuous', get: (r) => r.caseloadShare },
];
const COMPOSITE: PredictorSpec = {
  key: 'selfCareComposite',
  label: 'Self-care composite (0–4)',
  kind: 'continuous',
  get: (r) => r.selfCareComposite,
};

export interface TermResult {
  /** 'traumaHistory' | 'selfCareComposite' | 'yearsInField' | 'caseloadShare' | practice key */
  term: string;
  label: string;
  kind: 'binary' | 'continuous';
  estimate: number;
  ci95: [number, number];
  pValue: number;
  /** BH q-value (practice terms only). */
  qValue: number | null;
  standardizedBeta: number | null;
  /** Plain language, with its uncertainty, for directors. */
  sentence: string;
  /** True when the 95% CI excludes 0 in the direction that is better for the outcome. */
  protective: boolean;
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

export interface PracticeModelResult {
  practice: string;
  label: string;
  model: ModelResult;
}

export interface OutcomeDrivers {
  outcome: Outcome;
  main: ModelResult;
  practices: PracticeModelResult[];
}

export interface DriverAnalysis {
  k: number;
  nRespondents: number;
  outcomes: OutcomeDrivers[];
}

const fmt = (x: number) => Math.abs(x) < 0.05 ? '0.0' : Math.abs(x).toFixed(1);
const fmtSigned = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(1)}` : x.toFixed(1));

/** One sentence per result, honest about uncertainty and cause. */
export function describeTerm(outcome: Outcome, spec: { term: string; label: string; kind: 'binary' | 'continuous' }, estimate: number, ci: [number, number]): string {
  const direction = estimate < 0 ? 'lower' : 'higher';
  const ciText = `95% CI ${fmtSigned(ci[0])} to ${fmtSigned(ci[1])}`;
  const uncertain = ci[0] <= 0 && ci[1] >= 0;
  const outcomeLabel = OUTCOME_LABELS[outcome];
  let subject: string;
  if (spec.term === 'traumaHistory') subject = 'Staff with a personal trauma history score';
  else if (spec.term === 'selfCareComposite') subject = 'Each extra step on the self-care composite (0–4) goes with a score';
  else if (spec.term === 'yearsInField') subject = 'Each extra year in the field goes with a score';
  else if (spec.term === 'caseloadShare') {
    // Reported per 10 percentage points of caseload, which is easier to read than per 100%.
    const per10 = estimate / 10;
    return `Each extra 10% of caseload who are trafficking survivors goes with a score ${fmt(per10)} points ${per10 < 0 ? 'lower' : 'higher'} on ${outcomeLabel} on average (${`95% CI ${fmtSigned(ci[0] / 10)} to ${fmtSigned(ci[1] / 10)}`}), holding the others constant.${uncertain ? ' The data are consistent with no difference.' : ''} This is an association in your agency, not proof of cause.`;
  } else subject = `Staff who report ${PRACTICE_SHORT_LABELS[spec.term] ?? spec.label.toLowerCase()} about weekly or more score`;
  return `${subject} ${fmt(estimate)} points ${direction} on ${outcomeLabel} on average (${ciText}), holding the others constant.${uncertain ? ' The data are consistent with no difference.' : ''} This is an association in your agency, not proof of cause.`;
}

function fitGuarded(rows: readonly DriverRow[], outcome: Outcome, specs: PredictorSpec[], k: number, practiceKey?: string): ModelResult {
  // Listwise deletion first: the guard counts only rows the model would use.
  const complete = rows.filter((r) => r[outcome] !== null && specs.every((s) => s.get(r) !== null));
  const predictors: GuardPredictor[] = specs.map((s) => ({
    name: s.key === 'practice' ? (practiceKey ?? 'practice') : s.key,
    label: s.label,
    kind: s.kind,
    values: complete.map((r) => s.get(r)!),
  }));
  const guard = guardRegression({ k, n: complete.length, predictors });
  if (!guard.ok) {
    return { status: 'insufficient', outcome, n: guard.n, nNeeded: guard.nNeeded, message: guard.message, notes: guard.notes };
  }
  const used = guard.predictors;
  if (practiceKey && !used.some((p) => p.name === practiceKey)) {
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
  const terms: TermResult[] = used.map((p, j) => {
    const i = j + 1; // after the intercept
    const estimate = fit.coefficients[i]!;
    const ci = fit.confidenceIntervals[i]!;
    const better = HIGHER_IS_BETTER[outcome] ? ci[0] > 0 : ci[1] < 0;
    return {
      term: p.name,
      label: p.label,
      kind: p.kind,
      estimate,
      ci95: [ci[0], ci[1]],
      pValue: fit.pValues[i]!,
      qValue: null,
      standardizedBeta: fit.standardizedCoefficients[i] ?? null,
      sentence: describeTerm(outcome, { term: p.name, label: p.label, kind: p.kind }, estimate, [ci[0], ci[1]]),
      protective: better,
    };
  });
  return { status: 'ok', outcome, n: fit.n, rSquared: fit.rSquared, adjustedRSquared: fit.adjustedRSquared, terms, notes: guard.notes };
}

/** Runs every driver model for an agency. `rows` are each respondent's latest response in the window. */
export function analyzeDrivers(rows: readonly DriverRow[], options: { k: number }): DriverAnalysis {
  const outcomes = OUTCOMES.map((outcome): OutcomeDrivers => {
    const main = fitGuarded(rows, outcome, [COVARIATES[0]!, COMPOSITE, COVARIATES[1]!, COVARIATES[2]!], options.k);
    const practices: PracticeModelResult[] = SELF_CARE_PRACTICES.map((p) => {
      const spec: PredictorSpec = {
        key: 'practice',
        label: `Regular ${PRACTICE_SHORT_LABELS[p.key] ?? p.text.toLowerCase()}`,
        kind: 'binary',
        get: (r) => {
          const v = r.practices[p.key];
          return v === null || v === undefined ? null : v >= REGULAR_PRACTICE_MIN ? 1 : 0;
        },
      };
      return { practice: p.key, label: p.text, model: fitGuarded(rows, outcome, [spec, ...COVARIATES], options.k, p.key) };
    });
    // Benjamini–Hochberg across the practices that could be fitted for this outcome.
    const fitted = practices.flatMap((pr) =>
      pr.model.status === 'ok' ? [{ pr, term: pr.model.terms.find((t) => t.term === pr.practice)! }] : [],
    );
    if (fitted.length) {
      const q = benjaminiHochberg(fitted.map((f) => f.term.pValue));
      fitted.forEach((f, i) => {
        f.term.qValue = q[i]!;
      });
    }
    return { outcome, main, practices };
  });
  return { k: options.k, nRespondents: rows.length, outcomes };
}
