/** Rows from db.execute on either driver (postgres.js returns an array; PGlite returns { rows }). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** A timestamp parameter for raw SQL, the same on both drivers. */
export function ts(date: Date): string {
  return date.toISOString();
}
