/**
 * Reads a stored driver release of any vintage as the current DriverAnalysis shape. PURE.
 *
 * Releases published before issue 11 have no family-wide error control: their q-values
 * were Benjamini–Hochberg within one outcome's practices, and "protective" meant only
 * "95% CI excludes 0". Re-flagging them now would mean recomputing a published analysis,
 * which privacy rule 3 forbids, so they are shown with NOTHING flagged: q is dropped (it is
 * not the family-wide q), no finding, no joint model, `legacyRelease: true`. The next
 * release under rule 7 replaces them.
 */
import {
  FAMILY_ALPHA,
  FAMILY_METHOD,
  MINIMALLY_IMPORTANT_DIFFERENCE,
  OUTCOMES,
  contrastFor,
  describeTerm,
  reverseCausationFor,
  type DriverAnalysis,
  type ModelResult,
  type Outcome,
  type OutcomeDrivers,
  type TermResult,
} from './analyze';

/** Message for the joint model of a release stored before joint models existed. */
export const LEGACY_JOINT_MESSAGE =
  'This release was published before practices were analysed together, so no practice can be named a driver from it. The next release will include that analysis.';

type StoredTerm = Partial<TermResult> & Pick<TermResult, 'term' | 'label' | 'kind' | 'estimate' | 'ci95' | 'pValue'>;
type StoredModel = ModelResult | (Omit<Extract<ModelResult, { status: 'ok' }>, 'terms'> & { terms: StoredTerm[] });
type StoredOutcome = Partial<OutcomeDrivers> & { outcome: Outcome; main: StoredModel; practices?: { practice: string; label: string; model: StoredModel }[] };

function legacyTerm(outcome: Outcome, t: StoredTerm): TermResult {
  const { text, scale } = contrastFor(t.term);
  return {
    term: t.term,
    label: t.label,
    kind: t.kind,
    estimate: t.estimate,
    ci95: t.ci95,
    pValue: t.pValue,
    qValue: null,
    standardizedBeta: t.standardizedBeta ?? null,
    sentence: `${describeTerm(outcome, t, t.estimate, t.ci95)} Not tested: published before family-wide error control.`,
    protective: false,
    flagged: false,
    direction: null,
    contrast: text,
    effect: t.estimate * scale,
    effectCi95: [t.ci95[0] * scale, t.ci95[1] * scale],
    reverseCausation: reverseCausationFor(outcome, t.term, t.estimate, t.ci95),
  };
}

function legacyModel(outcome: Outcome, m: StoredModel): ModelResult {
  if (m.status !== 'ok') return m;
  return { ...m, terms: m.terms.map((t) => legacyTerm(outcome, t)) };
}

/**
 * The stored result as the current shape. A current release passes through unchanged; a
 * pre-issue-11 release is converted with nothing flagged (see the module comment).
 */
export function normalizeDriverAnalysis<T extends { k: number; nRespondents: number; outcomes: unknown[] }>(
  stored: T,
): Omit<T, keyof DriverAnalysis> & DriverAnalysis {
  const s = stored as unknown as Partial<DriverAnalysis> & { k: number; nRespondents: number; outcomes: StoredOutcome[] };
  if (s.family && Array.isArray(s.findings) && s.outcomes.every((o) => o.joint)) {
    return stored as unknown as Omit<T, keyof DriverAnalysis> & DriverAnalysis;
  }
  const outcomes = s.outcomes
    .filter((o) => OUTCOMES.includes(o.outcome))
    .map(
      (o): OutcomeDrivers => ({
        outcome: o.outcome,
        main: legacyModel(o.outcome, o.main),
        joint: { status: 'insufficient', outcome: o.outcome, n: 0, nNeeded: 0, message: LEGACY_JOINT_MESSAGE, notes: [] },
        practices: (o.practices ?? []).map((p) => ({ practice: p.practice, label: p.label, model: legacyModel(o.outcome, p.model) })),
      }),
    );
  return {
    ...stored,
    outcomes,
    findings: [],
    family: { method: FAMILY_METHOD, tests: 0, alpha: FAMILY_ALPHA },
    mid: MINIMALLY_IMPORTANT_DIFFERENCE,
    legacyRelease: true,
  } as unknown as Omit<T, keyof DriverAnalysis> & DriverAnalysis;
}
