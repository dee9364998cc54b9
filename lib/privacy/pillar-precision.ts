import { WHOLE_POINT_SD_BELOW, publishedMoments } from './levels';

/**
 * Rule 8 for organizational pillar cells (issue 15, insider review of pillar publication).
 *
 * A pillar score is the mean of 2 or 3 answered items on 1–5, stored to two decimals, so it
 * takes one of only 17 values (1, 1.33, 1.5, 1.67, 2, …, 4.67, 5). With so few values a
 * rounded mean, SD and CI can leave exactly one set of scores for a small group: a team of
 * five scoring {5, 5, 5, 5, 4.67} publishes mean 4.9, CI 4.8 to 5.0 (SD 0.1), and no other
 * five scores on the grid give those numbers; {2, 5, 5} at k = 3 publishes mean 4.0, SD 2,
 * again only one set. The review measured 2.4% of five-person cells pinned this way for a
 * strongly rated pillar, above the residue the ProQOL's 41-value scale leaves.
 *
 * {@link pinsPillarScores} enumerates, from the published numbers alone (what an insider
 * sees), every multiset of n grid values that would publish the same mean, SD and CI, and
 * reports a cell whose published numbers admit exactly one. The planner hides such a cell,
 * and the publication fails closed if one is still shown after the audit. PURE.
 *
 * Above {@link PIN_CHECK_MAX_N} people no cell was pinned in the review's simulation and the
 * enumeration grows quickly (C(n + 16, n) multisets), so larger cells are not enumerated.
 */

/** Every value a pillar score can take: means of 2 or 3 items on 1–5, to two decimals. */
export const PILLAR_SCORE_GRID: readonly number[] = Object.freeze(
  [...new Set([2, 3].flatMap((items) => Array.from({ length: 4 * items + 1 }, (_, i) => Math.round(((items + i) / items) * 100) / 100)))].sort(
    (a, b) => a - b,
  ),
);

/** Largest group size whose published pillar numbers are enumerated. */
export const PIN_CHECK_MAX_N = 8;

export interface PublishedMoments {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ci95: readonly [number, number];
}

/**
 * True when exactly one multiset of `n` values of `grid` publishes these numbers
 * (mean, SD and CI rounded as {@link publishedMoments} rounds them), i.e. the published cell
 * gives every member's score. False above {@link PIN_CHECK_MAX_N} people.
 *
 * @example
 * pinsPillarScores({ n: 5, mean: 4.9, sd: 0.1, ci95: [4.8, 5] }); // true: only {4.67, 5, 5, 5, 5}
 * Cost: bounded by C(n + 16, n) leaves, pruned by the mean's window; at most a few ms at n = 8.
 */
export function pinsPillarScores(cell: PublishedMoments, grid: readonly number[] = PILLAR_SCORE_GRID): boolean {
  return countCandidateSets(cell, grid, 2) === 1;
}

/**
 * The number of multisets of `cell.n` grid values that publish `cell`'s numbers, counting
 * no further than `stopAt`. Exposed for tests.
 */
export function countCandidateSets(cell: PublishedMoments, grid: readonly number[] = PILLAR_SCORE_GRID, stopAt = Infinity): number {
  const { n } = cell;
  if (!Number.isInteger(n) || n < 2 || n > PIN_CHECK_MAX_N) return Infinity;
  // The exact mean rounds to the published one: its sum lies in n·(mean ± 0.05), with a margin
  // for floating point; the leaf check below is exact.
  const lo = n * (cell.mean - 0.05) - 1e-9;
  const hi = n * (cell.mean + 0.05) + 1e-9;
  // The exact SD rounds to the published one (whole points below WHOLE_POINT_SD_BELOW): the
  // sum of squares Q = (n − 1)·sd² + S²/n lies in a window too. Both windows prune the walk.
  const half = Number.isInteger(cell.sd) && n < WHOLE_POINT_SD_BELOW ? 0.5 : 0.05;
  const sdLo = Math.max(0, cell.sd - half);
  const sdHi = cell.sd + half;
  const qLo = (n - 1) * sdLo * sdLo + Math.max(0, lo) ** 2 / n - 1e-6;
  const qHi = (n - 1) * sdHi * sdHi + hi ** 2 / n + 1e-6;
  const top = grid[grid.length - 1]!;
  const picked: number[] = [];
  let found = 0;
  const walk = (from: number, left: number, sum: number, sq: number): void => {
    if (found >= stopAt) return;
    if (left === 0) {
      if (sum < lo || sum > hi) return;
      const mean = sum / n;
      const sd = Math.sqrt(picked.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
      const p = publishedMoments(n, mean, sd);
      if (p.mean === cell.mean && p.sd === cell.sd && p.ci95[0] === cell.ci95[0] && p.ci95[1] === cell.ci95[1]) found++;
      return;
    }
    for (let i = from; i < grid.length; i++) {
      const v = grid[i]!;
      // Grid ascending and positive: every later value makes both sums larger.
      if (sum + left * v > hi || sq + left * v * v > qHi) return;
      if (sum + v + (left - 1) * top < lo || sq + v * v + (left - 1) * top * top < qLo) continue;
      picked.push(v);
      walk(i, left - 1, sum + v, sq + v * v);
      picked.pop();
      if (found >= stopAt) return;
    }
  };
  walk(0, n, 0, 0);
  return found;
}
