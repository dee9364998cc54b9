/**
 * Order ids by UTF-16 code units. Used wherever output order must not depend
 * on input order or on the runtime's locale (which `localeCompare` would).
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
