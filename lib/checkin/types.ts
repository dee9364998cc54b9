import { z } from 'zod';
import type { Level } from '@/lib/instruments';
import { profileAnswersSchema, type ProfileAnswers } from '@/lib/instruments';
import { RESERVED_KEYS } from '@/lib/validation/json';

/**
 * The contract between the check-in page (server) and the check-in wizard (client).
 * Plain JSON only: it crosses the server/client boundary.
 */

/** An instrument as the form shows it: items already carry the agency's role word. */
export interface ClientInstrument {
  id: string;
  name: string;
  /** Shown under the items (ProQOL: B. Hudnall Stamm … www.proqol.org). */
  attribution: string;
  instructions: string | null;
  /** A short note for the respondent, e.g. "a brief indicator, not the validated VRS". */
  note: string | null;
  scale: { min: number; max: number; labels: { value: number; label: string }[] };
  /** An option beside the scale that counts as missing ("Don't know"); the organizational check has one. */
  missingOption?: { label: string } | null;
  items: { id: number; text: string }[];
}

export interface CheckInFormProps {
  orgId: string;
  cycleId: string;
  /** ISO timestamp; the form shows "open until …". */
  closesAt: string;
  proqol: ClientInstrument;
  vr: ClientInstrument;
  selfCare: ClientInstrument | null;
  /** The brief organizational check, when this cycle includes it (issue 15). */
  orgCheck?: ClientInstrument | null;
  /** Ask the optional profile (first check-in, or over a year since the last one). */
  profileDue: boolean;
  /**
   * An opaque per-person tag (not the user id) that keys the browser draft, so on a shared
   * computer the next person never sees, or submits, someone else's saved answers.
   */
  draftOwner: string;
}

/**
 * Answers keyed by item id as a string ("1".."30"); null = skipped on purpose.
 * zod's record skips an own "__proto__" key without a word, so reserved keys are refused
 * first (issue 12: such a check-in used to be stored with a 201).
 */
export const itemAnswersSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not an item number` });
    }
  })
  .pipe(z.record(z.string().regex(/^\d{1,6}$/, 'item keys are item numbers such as "7"'), z.number().int().nullable()));

export const checkInPayloadSchema = z.strictObject({
  proqol: itemAnswersSchema,
  vr: itemAnswersSchema,
  selfCare: itemAnswersSchema.nullable(),
  // Optional so older clients (and the JSON API) that do not know the step still submit.
  orgCheck: itemAnswersSchema.nullable().optional(),
  profile: profileAnswersSchema.nullable(),
});

export type CheckInPayload = {
  proqol: Record<string, number | null>;
  vr: Record<string, number | null>;
  selfCare: Record<string, number | null> | null;
  orgCheck?: Record<string, number | null> | null;
  profile: ProfileAnswers | null;
};

export type SubmitCheckInResult =
  | { status: 'success'; resultsUrl: string }
  | { status: 'error'; message: string; fieldErrors?: Record<string, string[]> };

/** One measure on the staff member's private results page. */
export interface MyScore {
  measure: 'cs' | 'bo' | 'sts' | 'vr';
  label: string;
  value: number | null;
  level: Level | null;
  range: { min: number; max: number };
  prorated: boolean;
  /** Why it was not scored, if it was not. */
  reason: string | null;
  /** What the level means, in plain words. */
  meaning: string | null;
  /** Change since the previous check-in (this value − previous), or null. */
  change: number | null;
}

/** One point of the staff member's own history (chart + table). */
export interface MyHistoryPoint {
  cycleId: string;
  /** ISO date of the cycle's opening. */
  cycleDate: string;
  submittedOn: string;
  cs: number | null;
  bo: number | null;
  sts: number | null;
  vr: number | null;
  /**
   * The instrument that measured `vr` at this check-in: the built-in brief check's id or an
   * installed pack's. Scores on different instruments are on different scales.
   */
  vrInstrument: string;
  selfCareComposite: number | null;
}

/** The localStorage key for in-progress answers (cleared on submit, sign-out and the sign-in page). */
export function draftStorageKey(cycleId: string, draftOwner: string): string {
  return `sustain:checkin:${cycleId}:${draftOwner}`;
}

export const DRAFT_KEY_PREFIX = 'sustain:checkin:';
