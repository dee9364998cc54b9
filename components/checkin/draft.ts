import {
  CASELOAD_SHARE_OPTIONS,
  PREFER_NOT_TO_SAY,
  ROLE_OPTIONS,
  SUPERVISION_FREQUENCY_OPTIONS,
  TRAUMA_CATEGORY_OPTIONS,
  TRAUMA_HISTORY_OPTIONS,
  WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS,
  YEARS_IN_FIELD_OPTIONS,
  type TraumaCategory,
} from '@/lib/instruments/profile';
import {
  EMPTY_ANSWERS,
  SECTION_IDS,
  type DraftAnswers,
  type ProfileDraft,
  type SectionAnswers,
  type SectionId,
} from './wizard-model';

/**
 * In-progress check-in answers kept in the browser's localStorage, so a reload or a lost
 * connection loses nothing. Nothing here talks to the server.
 *
 * Stored JSON is untrusted input: it may be from an older version of the form, from a
 * cycle whose instruments changed, hand-edited, or truncated. parseDraft keeps every
 * answer that still fits the current form and drops the rest, rather than throwing the
 * whole draft away for one bad value.
 */

export const DRAFT_VERSION = 1;

export interface CheckInDraft {
  version: typeof DRAFT_VERSION;
  /** The id of the step the person was on (see buildSteps). */
  stepId: string;
  answers: DraftAnswers;
  profile: ProfileDraft;
  /** ISO timestamp of the last save. */
  savedAt: string;
}

/** What the current form accepts, used to validate a stored draft. */
export interface DraftShape {
  sections: Readonly<Record<SectionId, { itemIds: readonly number[]; min: number; max: number } | null>>;
  stepIds: readonly string[];
  profileDue: boolean;
}

export function serializeDraft(draft: CheckInDraft): string {
  return JSON.stringify(draft);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sanitizeSection(value: unknown, shape: DraftShape['sections'][SectionId]): SectionAnswers {
  if (!shape || !isRecord(value)) return {};
  const out: Record<string, number> = {};
  for (const id of shape.itemIds) {
    const v = value[String(id)];
    if (typeof v === 'number' && Number.isInteger(v) && v >= shape.min && v <= shape.max) out[String(id)] = v;
  }
  return out;
}

function pick<T extends string>(options: readonly { readonly value: T }[], value: unknown): T | undefined {
  return options.find((o) => o.value === value)?.value;
}

/** Keeps only profile answers that are valid option values; unknown keys are dropped. */
export function sanitizeProfile(value: unknown): ProfileDraft {
  if (!isRecord(value)) return {};
  const out: ProfileDraft = {};
  const traumaHistory = pick(TRAUMA_HISTORY_OPTIONS, value.traumaHistory);
  if (traumaHistory) out.traumaHistory = traumaHistory;
  if (value.traumaCategories === PREFER_NOT_TO_SAY) out.traumaCategories = PREFER_NOT_TO_SAY;
  else if (Array.isArray(value.traumaCategories)) {
    const chosen = new Set(value.traumaCategories);
    out.traumaCategories = TRAUMA_CATEGORY_OPTIONS.map((o) => o.value).filter((v): v is TraumaCategory =>
      chosen.has(v),
    );
  }
  const yearsInField = pick(YEARS_IN_FIELD_OPTIONS, value.yearsInField);
  if (yearsInField) out.yearsInField = yearsInField;
  const role = pick(ROLE_OPTIONS, value.role);
  if (role) out.role = role;
  const caseloadShare = pick(CASELOAD_SHARE_OPTIONS, value.caseloadShare);
  if (caseloadShare) out.caseloadShare = caseloadShare;
  const hours = pick(WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS, value.weeklyDirectServiceHours);
  if (hours) out.weeklyDirectServiceHours = hours;
  const supervision = pick(SUPERVISION_FREQUENCY_OPTIONS, value.supervisionFrequency);
  if (supervision) out.supervisionFrequency = supervision;
  return out;
}

/**
 * Parses a stored draft against the current form. Returns null when there is nothing
 * usable (no draft, not JSON, another version); otherwise the draft with invalid answers
 * dropped and an unknown step replaced by the first step.
 */
export function parseDraft(raw: string | null, shape: DraftShape): CheckInDraft | null {
  if (raw === null || raw === '') return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(data) || data.version !== DRAFT_VERSION) return null;
  const answersIn = isRecord(data.answers) ? data.answers : {};
  const answers = Object.fromEntries(
    SECTION_IDS.map((section) => [section, sanitizeSection(answersIn[section], shape.sections[section])]),
  ) as Record<SectionId, SectionAnswers>;
  const stepId =
    typeof data.stepId === 'string' && shape.stepIds.includes(data.stepId) ? data.stepId : (shape.stepIds[0] ?? '');
  return {
    version: DRAFT_VERSION,
    stepId,
    answers,
    profile: shape.profileDue ? sanitizeProfile(data.profile) : {},
    savedAt: typeof data.savedAt === 'string' ? data.savedAt : '',
  };
}

/** True when the draft holds at least one answer (a draft on the first step with none is not worth restoring). */
export function hasAnyAnswer(draft: Pick<CheckInDraft, 'answers' | 'profile'>): boolean {
  return SECTION_IDS.some((s) => Object.keys(draft.answers[s]).length > 0) || Object.keys(draft.profile).length > 0;
}

/** The subset of Storage the draft functions use (a fake in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * window.localStorage, or null when it is unavailable: server rendering, storage turned
 * off, or a browser that throws SecurityError just for reading the property.
 */
export function getBrowserStorage(): DraftStorage | null {
  try {
    if (typeof window === 'undefined') return null;
    const storage = window.localStorage;
    // Some private modes expose a storage that throws on every write; probe once.
    const probe = 'sustain:probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

export type LoadDraftResult =
  | { status: 'unavailable' }
  | { status: 'none' }
  | { status: 'corrupt' }
  | { status: 'restored'; draft: CheckInDraft };

export function loadDraft(storage: DraftStorage | null, key: string, shape: DraftShape): LoadDraftResult {
  if (!storage) return { status: 'unavailable' };
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return { status: 'unavailable' };
  }
  if (raw === null) return { status: 'none' };
  const draft = parseDraft(raw, shape);
  if (!draft) return { status: 'corrupt' };
  return hasAnyAnswer(draft) ? { status: 'restored', draft } : { status: 'none' };
}

/** Writes the draft; false when storage is unavailable or full. Never throws. */
export function saveDraft(storage: DraftStorage | null, key: string, draft: CheckInDraft): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, serializeDraft(draft));
    return true;
  } catch {
    return false;
  }
}

/** Removes the draft. Never throws. */
export function clearDraft(storage: DraftStorage | null, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing else to do: the next successful save overwrites it, and sign-out clears it.
  }
}

export function newDraft(stepId: string, answers: DraftAnswers = EMPTY_ANSWERS, profile: ProfileDraft = {}): CheckInDraft {
  return { version: DRAFT_VERSION, stepId, answers, profile, savedAt: new Date().toISOString() };
}
