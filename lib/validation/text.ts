import { z } from 'zod';

/**
 * The one schema for free text entering Sustain (team and agency names, settings texts,
 * action-plan fields, invitation names, instrument-pack texts).
 *
 * Why: PostgreSQL `text` and `jsonb` cannot hold NUL (U+0000), and `jsonb` refuses a lone
 * UTF-16 surrogate, so such input used to fail inside the database as a 500. Other control
 * characters are never typed by people; in names they hide spoofing (an invisible
 * character makes two teams look alike) and break CSV exports and logs. So we refuse them at
 * the boundary, with a sentence the person can act on, before anything is stored.
 *
 * - Single-line text refuses every C0 control (U+0000–U+001F, tab and newlines included),
 *   DEL, C1 controls (U+0080–U+009F), U+2028/U+2029 and lone surrogates.
 * - Multi-line text also allows tab and newlines; CR LF and lone CR become LF.
 * - Text is trimmed (unless `trim: false`) before the length and character checks, so the
 *   stored value is what was checked. Lengths count UTF-16 code units, as the columns do.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot be stored as text, or null when it can. Pure; O(length). */
export function findUnsafeText(value: string, { multiline = false }: { multiline?: boolean } = {}): 'control' | 'surrogate' | null {
  if ((multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value)) return 'control';
  if (LONE_SURROGATE.test(value)) return 'surrogate';
  return null;
}

/** True when `value` is a string Sustain would store as-is (see findUnsafeText). */
export function isSafeText(value: unknown, options: { multiline?: boolean } = {}): value is string {
  return typeof value === 'string' && findUnsafeText(value, options) === null;
}

export interface SafeTextOptions {
  /** Minimum length after trimming; 1 makes the field required. Default 0. */
  min?: number;
  /** Maximum length after trimming (UTF-16 code units). Required: every text is bounded. */
  max: number;
  /** Allow tab and newlines (text areas). Default false. */
  multiline?: boolean;
  /** Trim surrounding whitespace before checking. Default true. */
  trim?: boolean;
  /** The field in words, as in "Enter a team name." and "Keep a team name to 80 characters or fewer." */
  label?: string;
  /** Override the sentence for an empty value. */
  requiredMessage?: string;
  /** Override the sentence for a value over `max`. */
  tooLongMessage?: string;
}

function messages(opts: SafeTextOptions) {
  const label = opts.label ?? 'this text';
  return {
    required: opts.requiredMessage ?? `Enter ${label}.`,
    tooLong: opts.tooLongMessage ?? `Keep ${label} to ${opts.max} characters or fewer.`,
    control: opts.multiline
      ? `Remove the control characters from ${label}: only letters, numbers, punctuation, tabs and line breaks can be saved.`
      : `Remove the control characters (such as tabs or line breaks) from ${label}: only letters, numbers and punctuation can be saved.`,
    surrogate: `${label.charAt(0).toUpperCase()}${label.slice(1)} contains a broken character (an incomplete emoji or symbol). Retype it and try again.`,
  };
}

/**
 * A bounded, trimmed string free of NUL, control characters and lone surrogates.
 *
 * @example safeText({ min: 1, max: 80, label: 'a team name' }).parse('  Outreach ') === 'Outreach'
 * @example safeText({ max: 80 }).safeParse('a\u0000b').success === false
 */
export function safeText(opts: SafeTextOptions) {
  const { min = 0, max, multiline = false, trim = true } = opts;
  if (!Number.isInteger(max) || max < 0 || min > max) throw new Error(`safeText: invalid bounds min=${min} max=${max}`);
  const m = messages(opts);
  let schema = z.string({ error: m.required });
  if (trim) schema = schema.trim();
  if (multiline) schema = schema.overwrite((v) => v.replace(/\r\n?/g, '\n'));
  if (min > 0) schema = schema.min(min, m.required);
  return schema.max(max, m.tooLong).check((ctx) => {
    const problem = findUnsafeText(ctx.value, { multiline });
    if (problem) ctx.issues.push({ code: 'custom', message: m[problem], input: ctx.value, continue: false });
  });
}

/**
 * An optional text field of a form: absent or empty (after trimming) becomes null,
 * anything else must pass `safeText`.
 */
export function optionalSafeText(opts: Omit<SafeTextOptions, 'min' | 'requiredMessage'>) {
  return safeText({ ...opts, min: 0 })
    .optional()
    .transform((v) => (v ? v : null));
}
