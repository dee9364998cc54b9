import 'server-only';
import type { z } from 'zod';
import type { Role } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { requireOrgRole } from '@/lib/auth/require';
import { AppError } from '@/lib/errors';
import { echoValues, parseFormData, type FormState } from '@/lib/validation/form';

/** Turns a thrown error into form state: AppErrors keep their sentence; anything else is logged. */
export function errorToFormState(err: unknown, formData?: FormData): FormState {
  const values = formData ? echoValues(formData) : undefined;
  if (err instanceof AppError) {
    return { status: 'error', message: err.message, fieldErrors: err.fieldErrors, values };
  }
  console.error('[sustain] action failed', err);
  return { status: 'error', message: 'Something went wrong on our side and nothing was saved. Please try again.', values };
}

/**
 * The one shape of an organization-scoped server action:
 * authorize the caller against the org in the URL (404 for outsiders) → parse the
 * FormData with zod → run the mutation (which uses a transaction) → report.
 * Authorizing first means an outsider learns nothing, not even our validation messages.
 */
export async function runOrgAction<S extends z.ZodType>(
  orgId: string,
  minimum: Role,
  schema: S,
  formData: FormData,
  mutate: (data: z.infer<S>, member: OrgMember) => Promise<FormState | void>,
): Promise<FormState> {
  const member = await requireOrgRole(orgId, minimum);
  const parsed = parseFormData(schema, formData);
  if (!parsed.success) return { ...parsed.state, values: echoValues(formData) };
  try {
    return (await mutate(parsed.data, member)) ?? { status: 'success', message: 'Saved.' };
  } catch (err) {
    return errorToFormState(err, formData);
  }
}
