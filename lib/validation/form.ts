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

/** Submitted text values for redisplay, without anything secret. */
export function echoValues(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION') || /password|token/i.test(key)) continue;
    out[key] = value;
  }
  return out;
}

export const idleState: FormState = { status: 'idle' };

/** Reads FormData into a plain object. Repeated keys become arrays; File entries are dropped. */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== 'string' || key.startsWith('$ACTION')) continue;
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

export type ParseResult<T> = { success: true; data: T } | { success: false; state: FormState };

/** zod safeParse of FormData; on failure, field errors keyed by the field name. */
export function parseFormData<S extends z.ZodType>(schema: S, formData: FormData): ParseResult<z.infer<S>> {
  return parseInput(schema, formDataToObject(formData));
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { success: false, state: { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors } };
}
