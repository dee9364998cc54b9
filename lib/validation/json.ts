/**
 * Checks on parsed JSON (or any decoded client value) before a schema sees it.
 *
 * Why: zod's `z.record` silently skips an own `"__proto__"` key, so a check-in with an item
 * called "__proto__" used to pass validation and be stored (201) instead of being refused.
 * Keys that name Object.prototype machinery are never legitimate in our payloads, and
 * refusing them outright closes prototype-pollution paths in any code that later copies
 * the value with plain assignment.
 */

export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting any Sustain payload needs (an instrument pack is 4 levels deep). */
export const MAX_JSON_DEPTH = 32;

export type JsonShapeProblem =
  | { kind: 'reserved-key'; path: (string | number)[]; key: string }
  | { kind: 'too-deep'; path: (string | number)[] };

/**
 * The first reserved own key (see RESERVED_KEYS) or over-deep nesting in `value`, with
 * its path; null when there is none. Iterative, so hostile nesting cannot overflow the
 * stack. Cost O(size of value).
 */
export function findJsonShapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonShapeProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (path.length > maxDepth) return { kind: 'too-deep', path };
    if (Array.isArray(current)) {
      current.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
      continue;
    }
    for (const key of Object.keys(current)) {
      if (RESERVED_KEYS.has(key)) return { kind: 'reserved-key', path: [...path, key], key };
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

/** A sentence for a JsonShapeProblem. */
export function describeJsonShapeProblem(problem: JsonShapeProblem): string {
  const where = problem.path.join('.');
  return problem.kind === 'reserved-key'
    ? `"${problem.key}" is not an allowed field name (at ${where}).`
    : `The data is nested too deeply (at ${where}).`;
}
