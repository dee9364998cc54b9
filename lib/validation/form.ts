import type { z } from 'zod';

/** What every form action returns to `useActionState`. */
export interface FormState {
  status: 'idle' | 'error' | 'success';
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** Extra data for the form on success (for example a one-time invitation link). */
  data?: Record<string, string>;
  /** The submitted values (never passwords), so the form can show them again after an error. */
  values?: Record<string, string>;
}

/** Submitted text values for redisplay, without anything secret. Anything but FormData echoes nothing. */
export function echoValues(formData: unknown): Record<string, string> {
  if (!isFormData(formData)) return {};
  const entries: [string, string][] = [];
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION') || /password|token/i.test(key)) continue;
    entries.push([key, value]);
  }
  // fromEntries defines own properties, so a "__proto__" field cannot replace the prototype.
  return Object.fromEntries(entries);
}

/**
 * True for a real FormData. A server action is an HTTP endpoint: its client can send any
 * serializable value (a string, null, a plain object) where the form's FormData should be,
 * and calling `.entries()` on that used to throw, a 500 (issue 12).
 */
export function isFormData(value: unknown): value is FormData {
  return typeof FormData !== 'undefined' && value instanceof FormData;
}

/** The state for a submission that is not a form at all. */
export const UNREADABLE_FORM_STATE: FormState = {
  status: 'error',
  message: 'The form could not be read, so nothing was saved. Reload the page and try again.',
};

export const idleState: FormState = { status: 'idle' };

/**
 * Reads FormData into a plain object. Repeated keys become arrays; File entries are dropped.
 * Keys become own properties (a "__proto__" field stays a field, which strict schemas refuse).
 */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION')) continue;
    const existing = out.get(key);
    if (existing === undefined) out.set(key, value);
    else out.set(key, Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
  return Object.fromEntries(out);
}

export type ParseResult<T> = { success: true; data: T } | { success: false; state: FormState };

/**
 * zod safeParse of FormData; on failure, field errors keyed by the field name. Anything that
 * is not FormData fails with UNREADABLE_FORM_STATE instead of throwing.
 */
export function parseFormData<S extends z.ZodType>(schema: S, formData: unknown): ParseResult<z.infer<S>> {
  if (!isFormData(formData)) return { success: false, state: UNREADABLE_FORM_STATE };
  // A file where the form has a text field would otherwise be dropped silently, and an
  // optional field read as "left empty" (issue 12). Forms with file inputs read them themselves.
  const fileFields = [...formData.entries()].filter(([key, value]) => typeof value !== 'string' && !key.startsWith('$ACTION')).map(([key]) => key);
  if (fileFields.length) {
    return {
      success: false,
      state: {
        status: 'error',
        message: 'The form sent a file where text was expected, so nothing was saved. Reload the page and try again.',
        fieldErrors: Object.fromEntries(fileFields.map((k) => [k, ['Enter text here, not a file.']])),
      },
    };
  }
  return parseInput(schema, formDataToObject(formData));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  let unknownFields = false;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') unknownFields = true;
    const key = issue.path.length ? issue.path.join('.') : '_form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  // Strict schemas refuse fields the form never sends (issue 12): say so plainly.
  const message = unknownFields
    ? 'The form sent fields this page does not use, so nothing was saved. Reload the page and try again.'
    : 'Please correct the highlighted fields.';
  return { success: false, state: { status: 'error', message, fieldErrors } };
}
