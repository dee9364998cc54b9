/**
 * Search, numeric-aware order and pages for the members list (pure: plain data in and out).
 * "Staff 2" sorts before "Staff 10" (Intl.Collator with numeric: true), and case and
 * accents do not change the order.
 */
export const MEMBERS_PAGE_SIZE = 25;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Compares two names as people read them: numbers by value, ignoring case and accents. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

export interface Searchable {
  name: string;
  email: string;
  teamName: string | null;
}

export interface MembersPage<T> {
  rows: T[];
  /** Matches before paging. */
  total: number;
  page: number;
  pageCount: number;
}

/** Rows whose name, email or team contains every word of `query`, sorted by name, then page `page` (1-based, clamped). */
export function searchMembers<T extends Searchable>(rows: readonly T[], query: string, page: number, pageSize = MEMBERS_PAGE_SIZE): MembersPage<T> {
  const words = query.toLocaleLowerCase('en').split(/\s+/).filter(Boolean);
  const matches = rows
    .filter((r) => {
      const hay = `${r.name} ${r.email} ${r.teamName ?? ''}`.toLocaleLowerCase('en');
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => compareNames(a.name, b.name) || compareNames(a.email, b.email));
  const pageCount = Math.max(1, Math.ceil(matches.length / pageSize));
  const current = Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), pageCount);
  return { rows: matches.slice((current - 1) * pageSize, current * pageSize), total: matches.length, page: current, pageCount };
}
