import { z } from 'zod';

/**
 * Staff profile: personal trauma history and work context. Every question is optional
 * and every question offers "Prefer not to say" ('preferNotToSay'), which is stored as
 * an answer (it is not the same as skipping) and becomes null in predictors.
 *
 * Options are data (value + label) so the form and the schema cannot drift apart.
 * Values are stable storage keys: never rename one; add new options instead.
 */

export const PREFER_NOT_TO_SAY = 'preferNotToSay';
const preferNotToSay = { value: PREFER_NOT_TO_SAY, label: 'Prefer not to say' } as const;

export const TRAUMA_HISTORY_OPTIONS = Object.freeze([
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  preferNotToSay,
] as const);

/** Multi-select, asked only after "yes". */
export const TRAUMA_CATEGORY_OPTIONS = Object.freeze([
  { value: 'childhoodAbuseOrNeglect', label: 'Abuse or neglect in childhood' },
  { value: 'sexualViolence', label: 'Sexual violence' },
  { value: 'partnerOrFamilyViolence', label: 'Violence from a partner or family member' },
  { value: 'livedExperienceOfTrafficking', label: 'Lived experience of human trafficking or exploitation' },
  { value: 'communityOrPoliticalViolence', label: 'Community violence, war or political violence' },
  { value: 'displacementOrMigration', label: 'Forced displacement or a dangerous migration' },
  { value: 'accidentIllnessOrInjury', label: 'A serious accident, illness or injury' },
  { value: 'traumaticLoss', label: 'The sudden or violent loss of someone close' },
  { value: 'other', label: 'Something else' },
] as const);

/**
 * Years in the field, in completed years. `midpoint` is the band's middle in years,
 * used as a numeric predictor; the open top band uses 25 (its lower bound plus half the
 * width of the band below), a documented convention.
 */
export const YEARS_IN_FIELD_OPTIONS = Object.freeze([
  { value: 'lessThan1', label: 'Less than 1 year', midpoint: 0.5 },
  { value: '1to2', label: '1–2 years', midpoint: 2 },
  { value: '3to5', label: '3–5 years', midpoint: 4.5 },
  { value: '6to10', label: '6–10 years', midpoint: 8.5 },
  { value: '11to20', label: '11–20 years', midpoint: 16 },
  { value: 'moreThan20', label: 'More than 20 years', midpoint: 25 },
  preferNotToSay,
] as const);

export const ROLE_OPTIONS = Object.freeze([
  { value: 'therapistOrCounselor', label: 'Therapist or counselor' },
  { value: 'caseManager', label: 'Case manager' },
  { value: 'advocate', label: 'Advocate' },
  { value: 'outreachWorker', label: 'Outreach worker' },
  { value: 'legalServices', label: 'Legal services (attorney, paralegal)' },
  { value: 'healthcare', label: 'Health care (medical, nursing)' },
  { value: 'housingOrShelter', label: 'Housing or shelter staff' },
  { value: 'supervisorOrManager', label: 'Supervisor or manager' },
  { value: 'administrativeOrSupport', label: 'Administrative or support staff' },
  { value: 'other', label: 'Other' },
  preferNotToSay,
] as const);

/**
 * Share of caseload who are survivors of trafficking. `midpoint` is a proportion 0–1:
 * the middle of each band ("1–24%" → 0.125); "none" is 0.
 */
export const CASELOAD_SHARE_OPTIONS = Object.freeze([
  { value: 'none', label: 'None', midpoint: 0 },
  { value: 'under25', label: 'Some, under a quarter (1–24%)', midpoint: 0.125 },
  { value: '25to49', label: 'A quarter to a half (25–49%)', midpoint: 0.375 },
  { value: '50to74', label: 'Half to three quarters (50–74%)', midpoint: 0.625 },
  { value: '75to100', label: 'Three quarters or more (75–100%)', midpoint: 0.875 },
  preferNotToSay,
] as const);

/** Weekly hours of direct service. Open top band "40 or more" uses 45 (convention). */
export const WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS = Object.freeze([
  { value: 'none', label: 'None', midpoint: 0 },
  { value: 'under10', label: 'Under 10 hours', midpoint: 5 },
  { value: '10to19', label: '10–19 hours', midpoint: 15 },
  { value: '20to29', label: '20–29 hours', midpoint: 25 },
  { value: '30to39', label: '30–39 hours', midpoint: 35 },
  { value: '40orMore', label: '40 hours or more', midpoint: 45 },
  preferNotToSay,
] as const);

/**
 * How often the staff member receives clinical or reflective supervision. `perMonth` is
 * sessions a month: weekly = 52 / 12; "more than weekly" is taken as twice weekly, and
 * "less than monthly" as every other month (conventions).
 */
export const SUPERVISION_FREQUENCY_OPTIONS = Object.freeze([
  { value: 'never', label: 'Never', perMonth: 0 },
  { value: 'lessThanMonthly', label: 'Less than once a month', perMonth: 0.5 },
  { value: 'monthly', label: 'About once a month', perMonth: 1 },
  { value: 'twiceMonthly', label: 'About twice a month', perMonth: 2 },
  { value: 'weekly', label: 'About once a week', perMonth: 52 / 12 },
  { value: 'moreThanWeekly', label: 'More than once a week', perMonth: 104 / 12 },
  preferNotToSay,
] as const);

type ValuesOf<T extends readonly { value: string }[]> = T[number]['value'];
const valuesOf = <T extends readonly { value: string }[]>(options: T) =>
  options.map((o) => o.value) as [ValuesOf<T>, ...ValuesOf<T>[]];

export type TraumaCategory = ValuesOf<typeof TRAUMA_CATEGORY_OPTIONS>;
export type ProfileRole = Exclude<ValuesOf<typeof ROLE_OPTIONS>, typeof PREFER_NOT_TO_SAY>;

/**
 * Profile answers. Every field is optional (absent = not answered). Trauma categories
 * are a non-empty list without repeats, or 'preferNotToSay', and may only be given when
 * traumaHistory is 'yes'.
 */
export const profileAnswersSchema = z
  .strictObject({
    traumaHistory: z.enum(valuesOf(TRAUMA_HISTORY_OPTIONS)).optional(),
    traumaCategories: z
      .union([z.array(z.enum(valuesOf(TRAUMA_CATEGORY_OPTIONS))).min(1), z.literal(PREFER_NOT_TO_SAY)])
      .optional(),
    yearsInField: z.enum(valuesOf(YEARS_IN_FIELD_OPTIONS)).optional(),
    role: z.enum(valuesOf(ROLE_OPTIONS)).optional(),
    caseloadShare: z.enum(valuesOf(CASELOAD_SHARE_OPTIONS)).optional(),
    weeklyDirectServiceHours: z.enum(valuesOf(WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS)).optional(),
    supervisionFrequency: z.enum(valuesOf(SUPERVISION_FREQUENCY_OPTIONS)).optional(),
  })
  .superRefine((answers, ctx) => {
    const categories = answers.traumaCategories;
    if (Array.isArray(categories)) {
      if (answers.traumaHistory !== 'yes') {
        ctx.addIssue({
          code: 'custom',
          path: ['traumaCategories'],
          message: 'answer the categories only when the answer to any trauma history is "yes"',
        });
      }
      const seen = new Set<string>();
      categories.forEach((c, i) => {
        if (seen.has(c)) ctx.addIssue({ code: 'custom', path: ['traumaCategories', i], message: `"${c}" is listed twice` });
        seen.add(c);
      });
    }
  });

export type ProfileAnswers = z.output<typeof profileAnswersSchema>;

/**
 * Numeric predictors for regression. null means unknown (not answered or "prefer not to
 * say"); the regression drops such rows listwise and reports its n.
 */
export interface ProfilePredictors {
  /** 1 = any personal trauma history, 0 = none. */
  readonly traumaHistory: 0 | 1 | null;
  /**
   * 1 = lived experience of trafficking; 0 = no trauma history, or categories given
   * without it; null when unknown. A small group: the privacy guard (levels of a binary
   * predictor need at least k respondents) decides whether it can be used.
   */
  readonly livedExperienceOfTrafficking: 0 | 1 | null;
  /** Band midpoint in years. */
  readonly yearsInField: number | null;
  /** Band midpoint as a proportion 0–1. */
  readonly caseloadShare: number | null;
  /** Band midpoint in hours a week. */
  readonly weeklyDirectServiceHours: number | null;
  /** Supervision sessions a month. */
  readonly supervisionPerMonth: number | null;
}

function numericLookup(options: readonly { readonly value: string }[], field: 'midpoint' | 'perMonth') {
  const map = new Map<string, number>();
  for (const option of options) {
    const n = (option as { readonly [f in typeof field]?: number })[field];
    if (typeof n === 'number') map.set(option.value, n);
  }
  return (value: string | undefined): number | null => (value === undefined ? null : (map.get(value) ?? null));
}

const yearsMidpoint = numericLookup(YEARS_IN_FIELD_OPTIONS, 'midpoint');
const caseloadMidpoint = numericLookup(CASELOAD_SHARE_OPTIONS, 'midpoint');
const hoursMidpoint = numericLookup(WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS, 'midpoint');
const supervisionPerMonth = numericLookup(SUPERVISION_FREQUENCY_OPTIONS, 'perMonth');

/**
 * Derives regression predictors from (already validated) profile answers.
 * Pure, O(1).
 *
 * @example getProfilePredictors({ traumaHistory: 'yes', yearsInField: '3to5', caseloadShare: '25to49' })
 *   // { traumaHistory: 1, livedExperienceOfTrafficking: null, yearsInField: 4.5,
 *   //   caseloadShare: 0.375, weeklyDirectServiceHours: null, supervisionPerMonth: null }
 */
export function getProfilePredictors(answers: Readonly<ProfileAnswers>): ProfilePredictors {
  const history = answers.traumaHistory;
  const traumaHistory = history === 'yes' ? 1 : history === 'no' ? 0 : null;
  let lived: 0 | 1 | null = null;
  if (history === 'no') lived = 0;
  else if (history === 'yes' && Array.isArray(answers.traumaCategories)) {
    lived = answers.traumaCategories.includes('livedExperienceOfTrafficking') ? 1 : 0;
  }
  return {
    traumaHistory,
    livedExperienceOfTrafficking: lived,
    yearsInField: yearsMidpoint(answers.yearsInField),
    caseloadShare: caseloadMidpoint(answers.caseloadShare),
    weeklyDirectServiceHours: hoursMidpoint(answers.weeklyDirectServiceHours),
    supervisionPerMonth: supervisionPerMonth(answers.supervisionFrequency),
  };
}

/** The respondent's role as a category for grouping or dummy coding; null when unknown. */
export function getProfileRole(answers: Readonly<ProfileAnswers>): ProfileRole | null {
  const role = answers.role;
  return role === undefined || role === PREFER_NOT_TO_SAY ? null : role;
}
