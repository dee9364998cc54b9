import { ZodError } from 'zod';

export type AppErrorCode =
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'GONE'
  | 'INTERNAL';

const statusByCode: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  VALIDATION: 422,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  GONE: 410,
  INTERNAL: 500,
};

/** The one application error. `message` is a sentence the user can act on. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string, fieldErrors?: Record<string, string[]>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = statusByCode[code];
    this.fieldErrors = fieldErrors;
  }
}

export interface ErrorBody {
  error: { code: AppErrorCode; message: string; fieldErrors?: Record<string, string[]> };
}

/** Maps anything thrown to a status and a safe body: zod → 422, AppError → its status, else a logged 500. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of err.issues) {
      const key = issue.path.join('.') || '_';
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return { status: 422, body: { error: { code: 'VALIDATION', message: 'Some fields need attention.', fieldErrors } } };
  }
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, fieldErrors: err.fieldErrors } } };
  }
  console.error('[sustain] unexpected error', err);
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.' } },
  };
}
