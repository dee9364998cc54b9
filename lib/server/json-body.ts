import 'server-only';
import { AppError } from '@/lib/errors';
import { describeJsonShapeProblem, findJsonShapeProblem } from '@/lib/validation/json';

/** Larger than any JSON body Sustain accepts (a full check-in is about 2 KB). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads a route handler's JSON body, refusing (422, as AppError) a wrong content type, a
 * body over `maxBytes`, invalid JSON, reserved keys ("__proto__", "constructor",
 * "prototype") and hostile nesting, before any schema or query sees it. Issue 12.
 */
export async function readJsonBody(req: Request, { maxBytes = MAX_JSON_BODY_BYTES }: { maxBytes?: number } = {}): Promise<unknown> {
  const type = req.headers.get('content-type')?.toLowerCase() ?? '';
  if (!/^application\/json\s*(;|$)/.test(type)) {
    throw new AppError('VALIDATION', 'Send the request body as JSON (Content-Type: application/json).');
  }
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await req.text().catch(() => {
    throw new AppError('VALIDATION', 'The request body could not be read.');
  });
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid JSON.');
  }
  const problem = findJsonShapeProblem(raw);
  if (problem) {
    const message = describeJsonShapeProblem(problem);
    throw new AppError('VALIDATION', message, { [problem.path.join('.') || '_']: [message] });
  }
  return raw;
}

function tooLarge(maxBytes: number) {
  return new AppError('VALIDATION', `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}
