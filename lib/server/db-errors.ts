import 'server-only';

/** True when a Postgres/PGlite error is a unique violation (SQLSTATE 23505), optionally on one constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  // drizzle wraps driver errors; walk the cause chain.
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const rec = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (rec.code === '23505') {
      const name = rec.constraint ?? rec.constraint_name;
      return constraint === undefined || name === undefined || name === constraint;
    }
    e = rec.cause;
  }
  return false;
}
