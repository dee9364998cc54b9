import type { CheckInPayload, ClientInstrument } from '@/lib/checkin/types';
import { measureLabel } from '@/lib/measures';
import {
  PREFER_NOT_TO_SAY,
  TRAUMA_CATEGORY_OPTIONS,
  type ProfileAnswers,
  type TraumaCategory,
} from '@/lib/instruments/profile';

/**
 * The check-in wizard's pure core: which steps there are, what counts as answered, and
 * how the answers become a CheckInPayload. No React, no storage: unit-tested in
 * wizard-model.test.ts.
 */

/** The item-based sections of a check-in, named as in CheckInPayload. */
export type SectionId = 'proqol' | 'vr' | 'selfCare' | 'orgCheck';

export const SECTION_IDS: readonly SectionId[] = Object.freeze(['proqol', 'vr', 'selfCare', 'orgCheck'] as const);

/** Answers of one section keyed by item id ("1".."30"). A missing key is unanswered. */
export type SectionAnswers = Readonly<Record<string, number>>;

export type DraftAnswers = Readonly<Record<SectionId, SectionAnswers>>;

export const EMPTY_ANSWERS: DraftAnswers = Object.freeze({ proqol: {}, vr: {}, selfCare: {}, orgCheck: {} });

/**
 * Profile answers while they are being edited. Same shape as ProfileAnswers, except that
 * traumaCategories may be kept (even empty) while traumaHistory is not "yes", so that
 * changing one's mind and back does not lose the ticks. buildProfileAnswers cleans it.
 */
export type ProfileDraft = ProfileAnswers;

export interface ItemsStep {
  kind: 'items';
  /** Stable id, stored in the draft: "proqol-1", "vr-1", "selfCare-1". */
  id: string;
  section: SectionId;
  title: string;
  /** For the review table: "ProQOL, questions 1–10". */
  shortTitle: string;
  /** 1-based page within the section, and the number of pages of the section. */
  part: number;
  partCount: number;
  items: readonly { id: number; text: string }[];
}

export interface ProfileStepDef {
  kind: 'profile';
  id: 'profile';
  title: string;
  shortTitle: string;
}

export interface ReviewStepDef {
  kind: 'review';
  id: 'review';
  title: string;
  shortTitle: string;
}

export type WizardStep = ItemsStep | ProfileStepDef | ReviewStepDef;

export interface WizardInstruments {
  proqol: ClientInstrument;
  vr: ClientInstrument;
  selfCare: ClientInstrument | null;
  /** The brief organizational check, when the cycle includes it. */
  orgCheck?: ClientInstrument | null;
  profileDue: boolean;
}

/**
 * Most items on one page. Long pages tire people and make the unanswered ones hard to
 * find; 12 gives the ProQOL's 30 items three pages of 10 (items 1–10, 11–20, 21–30),
 * keeps the 12 self-care practices together, and splits an installed 27-item VRS pack
 * into three pages of 9.
 */
export const MAX_ITEMS_PER_PAGE = 12;

export const SELF_CARE_TITLE = 'Self-care in the last 30 days';
export const ORG_CHECK_TITLE = 'About the agency (optional)';
export const PROFILE_TITLE = 'About you and your work (optional)';
export const REVIEW_TITLE = 'Review and submit';

/**
 * Splits `items` into the fewest pages of at most `maxPerPage`, as evenly as possible
 * (page sizes differ by at most one; earlier pages take the extra item).
 *
 * @example splitIntoPages([1..30], 12) // three pages of 10
 */
export function splitIntoPages<T>(items: readonly T[], maxPerPage: number): T[][] {
  if (!Number.isInteger(maxPerPage) || maxPerPage < 1) {
    throw new Error(`splitIntoPages: maxPerPage must be a positive whole number, got ${maxPerPage}`);
  }
  if (items.length === 0) return [];
  const pageCount = Math.ceil(items.length / maxPerPage);
  const base = Math.floor(items.length / pageCount);
  const extra = items.length % pageCount;
  const pages: T[][] = [];
  let start = 0;
  for (let p = 0; p < pageCount; p++) {
    const size = base + (p < extra ? 1 : 0);
    pages.push(items.slice(start, start + size));
    start += size;
  }
  return pages;
}

function itemRange(items: readonly { id: number }[]): string {
  const first = items[0]?.id;
  const last = items[items.length - 1]?.id;
  return first === last ? `question ${first}` : `questions ${first}–${last}`;
}

const SHORT_NAMES: Readonly<Record<SectionId, string>> = {
  proqol: 'ProQOL',
  vr: measureLabel('vr'),
  selfCare: 'Self-care',
  orgCheck: 'About the agency',
};

function itemSteps(section: SectionId, instrument: ClientInstrument, fixedTitle?: string): ItemsStep[] {
  const pages = splitIntoPages(instrument.items, MAX_ITEMS_PER_PAGE);
  const name = fixedTitle ?? instrument.name;
  const short = SHORT_NAMES[section];
  return pages.map((items, i) => ({
    kind: 'items',
    id: `${section}-${i + 1}`,
    section,
    title: pages.length > 1 ? `${name}: ${itemRange(items)} of ${instrument.items.length}` : name,
    shortTitle: pages.length > 1 ? `${short}, ${itemRange(items)}` : short,
    part: i + 1,
    partCount: pages.length,
    items,
  }));
}

/**
 * The wizard's steps in order: ProQOL pages, VR page(s), self-care (when the cycle asks
 * for it), the optional profile (when due), then review.
 */
export function buildSteps(input: WizardInstruments): WizardStep[] {
  const steps: WizardStep[] = [...itemSteps('proqol', input.proqol), ...itemSteps('vr', input.vr)];
  if (input.selfCare) steps.push(...itemSteps('selfCare', input.selfCare, SELF_CARE_TITLE));
  if (input.orgCheck) steps.push(...itemSteps('orgCheck', input.orgCheck, ORG_CHECK_TITLE));
  if (input.profileDue) {
    steps.push({ kind: 'profile', id: 'profile', title: PROFILE_TITLE, shortTitle: 'About you' });
  }
  steps.push({ kind: 'review', id: 'review', title: REVIEW_TITLE, shortTitle: 'Review' });
  return steps;
}

export function instrumentFor(input: WizardInstruments, section: SectionId): ClientInstrument | null {
  return input[section] ?? null;
}

/**
 * The draft's value for an instrument's "Don't know" option: one below the scale, so it
 * can never be mistaken for a point of it. It is sent to the server as null (missing).
 */
export function missingOptionValue(instrument: Pick<ClientInstrument, 'scale'>): number {
  return instrument.scale.min - 1;
}

/** The lowest value a draft may hold for the instrument (the "Don't know" value when it has one). */
export function draftMin(instrument: Pick<ClientInstrument, 'scale' | 'missingOption'>): number {
  return instrument.missingOption ? missingOptionValue(instrument) : instrument.scale.min;
}

/** One radio per whole point of the scale, labelled "1 Never" or just "2" when unlabelled. */
export function scalePoints(scale: ClientInstrument['scale']): { value: number; label: string }[] {
  const points: { value: number; label: string }[] = [];
  for (let v = scale.min; v <= scale.max; v++) {
    const named = scale.labels.find((l) => l.value === v)?.label;
    points.push({ value: v, label: named ? `${v} ${named}` : String(v) });
  }
  return points;
}

/** The scale's points, then the "Don't know" option when the instrument offers one. */
export function answerOptions(instrument: Pick<ClientInstrument, 'scale' | 'missingOption'>): { value: number; label: string }[] {
  const points = scalePoints(instrument.scale);
  if (instrument.missingOption) points.push({ value: missingOptionValue(instrument), label: instrument.missingOption.label });
  return points;
}

export function unansweredItemIds(step: ItemsStep, answers: DraftAnswers): number[] {
  const section = answers[step.section];
  return step.items.filter((item) => section[String(item.id)] === undefined).map((item) => item.id);
}

/** "1 item on this page is unanswered." / "3 items on this page are unanswered." */
export function unansweredMessage(count: number): string {
  return count === 1 ? '1 item on this page is unanswered.' : `${count} items on this page are unanswered.`;
}

/** The profile questions, in order; traumaCategories counts only after "yes". */
const PROFILE_QUESTIONS = [
  'traumaHistory',
  'traumaCategories',
  'yearsInField',
  'role',
  'caseloadShare',
  'weeklyDirectServiceHours',
  'supervisionFrequency',
] as const satisfies readonly (keyof ProfileAnswers)[];

export interface StepProgress {
  answered: number;
  total: number;
}

/** Answered / total questions of one step (the review step has none). */
export function countStep(step: WizardStep, answers: DraftAnswers, profile: ProfileDraft): StepProgress {
  if (step.kind === 'items') {
    const total = step.items.length;
    return { answered: total - unansweredItemIds(step, answers).length, total };
  }
  if (step.kind === 'profile') {
    const clean = buildProfileAnswers(profile) ?? {};
    const asked = PROFILE_QUESTIONS.filter((q) => q !== 'traumaCategories' || profile.traumaHistory === 'yes');
    return { answered: asked.filter((q) => clean[q] !== undefined).length, total: asked.length };
  }
  return { answered: 0, total: 0 };
}

/** Every item id of the instrument, answered or null. */
function sectionPayload(instrument: ClientInstrument, answers: SectionAnswers): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const dontKnow = instrument.missingOption ? missingOptionValue(instrument) : null;
  for (const item of instrument.items) {
    const value = answers[String(item.id)];
    out[String(item.id)] = value === undefined || value === dontKnow ? null : value;
  }
  return out;
}

/**
 * The profile as the server stores it: unanswered keys omitted; categories only after
 * "yes" (a non-empty list in the options' order, or 'preferNotToSay'); null when nothing
 * at all was answered. The result passes profileAnswersSchema.
 */
export function buildProfileAnswers(draft: ProfileDraft): ProfileAnswers | null {
  const out: ProfileAnswers = {};
  if (draft.traumaHistory !== undefined) out.traumaHistory = draft.traumaHistory;
  if (draft.traumaHistory === 'yes') {
    const categories = draft.traumaCategories;
    if (categories === PREFER_NOT_TO_SAY) out.traumaCategories = PREFER_NOT_TO_SAY;
    else if (Array.isArray(categories) && categories.length > 0) {
      const chosen = new Set<TraumaCategory>(categories);
      out.traumaCategories = TRAUMA_CATEGORY_OPTIONS.map((o) => o.value).filter((v) => chosen.has(v));
    }
  }
  if (draft.yearsInField !== undefined) out.yearsInField = draft.yearsInField;
  if (draft.role !== undefined) out.role = draft.role;
  if (draft.caseloadShare !== undefined) out.caseloadShare = draft.caseloadShare;
  if (draft.weeklyDirectServiceHours !== undefined) out.weeklyDirectServiceHours = draft.weeklyDirectServiceHours;
  if (draft.supervisionFrequency !== undefined) out.supervisionFrequency = draft.supervisionFrequency;
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The payload for submitCheckInAction: every item id of each instrument (null when
 * unanswered); selfCare null when the cycle does not ask it; profile null when it is
 * not due or nothing was answered.
 */
export function buildPayload(input: WizardInstruments, answers: DraftAnswers, profile: ProfileDraft): CheckInPayload {
  return {
    proqol: sectionPayload(input.proqol, answers.proqol),
    vr: sectionPayload(input.vr, answers.vr),
    selfCare: input.selfCare ? sectionPayload(input.selfCare, answers.selfCare) : null,
    ...(input.orgCheck ? { orgCheck: sectionPayload(input.orgCheck, answers.orgCheck) } : {}),
    profile: input.profileDue ? buildProfileAnswers(profile) : null,
  };
}

/** Returns a copy of `answers` with one item set (a number) or cleared (undefined). */
export function setAnswer(
  answers: DraftAnswers,
  section: SectionId,
  itemId: number,
  value: number | undefined,
): DraftAnswers {
  const next: Record<string, number> = { ...answers[section] };
  if (value === undefined) delete next[String(itemId)];
  else next[String(itemId)] = value;
  return { ...answers, [section]: next };
}
