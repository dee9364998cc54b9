import { hiddenClause, hiddenText, levelLabel, LEVEL_KEYS, NO_RESPONSES_TEXT } from './dashboard-model';
import type { LevelBarsRow, LevelKey } from './dashboard-types';

/**
 * Pure helpers for the level bars (level-bars.tsx): shares per level, percentages that
 * add up to 100, and the sentences for tooltips, the aria-label and the table. Tested in
 * level-bars-model.test.ts.
 */

/**
 * Fill colours of the three levels: the same values as --level-low, --level-moderate and
 * --level-high in app/globals.css (a canvas cannot read CSS variables without the DOM, and
 * the test checks the two stay equal). They are pale, so segments get dark borders, and
 * text drawn on them is the dark body colour (≥ 12:1).
 */
export const LEVEL_FILL: Readonly<Record<LevelKey, string>> = Object.freeze({
  low: '#e3f2e7',
  moderate: '#fff1cc',
  high: '#fbd9d6',
});

/**
 * Whole-number percentages that add up to exactly 100, by the largest-remainder (Hamilton)
 * method: floor every share, then give the leftover points to the largest remainders
 * (ties to the earlier part). Plain rounding can show 33% + 33% + 33% = 99%.
 * Throws on negative or non-integer counts; all zeros give all zeros. Cost: O(k log k).
 *
 * @example roundPercentages([1, 1, 1]) // [34, 33, 33]
 * @example roundPercentages([21, 25, 6]) // [40, 48, 12] (40.38, 48.08, 11.54 before rounding)
 */
export function roundPercentages(counts: readonly number[]): number[] {
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`roundPercentages: counts must be non-negative integers, got ${String(c)}`);
  }
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rem: e - floors[i] })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors;
}

export interface LevelPart {
  level: LevelKey;
  count: number;
  /** Exact share of the responses with a level, 0–100 (what the bar is drawn from). */
  share: number;
  /** Rounded so the three add up to 100 (what is written). */
  percent: number;
}

/** One measure's bar, or why there is none. */
export type LevelRowStatus =
  | { kind: 'shown'; n: number | null; total: number; parts: LevelPart[] }
  | { kind: 'hidden'; reason: string }
  | { kind: 'withheld'; reason: string }
  | { kind: 'empty' };

/**
 * Turns a row into what is drawn. `total` is the number of responses with a level, which can
 * be below n when a score has no level (an instrument without cut points): the bar shows
 * shares of those with a level, and the text says how many had none.
 */
export function levelRowStatus(row: LevelBarsRow): LevelRowStatus {
  if (row.suppressed !== null) return { kind: 'hidden', reason: row.suppressed };
  if (row.levelsWithheld) return { kind: 'withheld', reason: row.levelsWithheld };
  const counts = row.levelCounts;
  if (!counts) return { kind: 'empty' };
  const values = LEVEL_KEYS.map((l) => counts[l]);
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return { kind: 'empty' };
  const percents = roundPercentages(values);
  return {
    kind: 'shown',
    n: row.n,
    total,
    parts: LEVEL_KEYS.map((level, i) => ({ level, count: values[i], share: (values[i] * 100) / total, percent: percents[i] })),
  };
}

/** "2 of 52 had no level", or null when every response had one (or n is unknown). */
export function withoutLevelText(status: Extract<LevelRowStatus, { kind: 'shown' }>): string | null {
  if (status.n === null || status.n <= status.total) return null;
  return `${status.n - status.total} of ${status.n} had no level`;
}

/** Tooltip line for one segment: "High: 6 of 52 (12%)". */
export function levelPartText(part: LevelPart, total: number): string {
  return `${levelLabel(part.level)}: ${part.count} of ${total} (${part.percent}%)`;
}

/** "Burnout (n 52)": a bar's tooltip title and the start of its sentence. */
export function rowHeading(row: LevelBarsRow): string {
  return row.n !== null ? `${row.label} (n ${row.n})` : row.label;
}

/** What a row without a bar says: "Hidden: fewer than 5 responses" or "No responses". */
export function noBarText(status: Exclude<LevelRowStatus, { kind: 'shown' }>): string {
  if (status.kind === 'withheld') return withheldText(status.reason);
  return status.kind === 'hidden' ? hiddenText(status.reason) : NO_RESPONSES_TEXT;
}

/** "Level breakdown withheld: it is shown only when …" (the mean and CI are still shown elsewhere). */
function withheldText(reason: string): string {
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

/**
 * A row in one sentence: "Burnout (n 52): low 21 (40%), moderate 25 (48%), high 6 (12%)",
 * "Vicarious resilience: hidden, fewer than 5 responses", "Vicarious resilience: no responses".
 */
export function describeLevelRow(row: LevelBarsRow): string {
  const status = levelRowStatus(row);
  if (status.kind === 'hidden') return `${row.label}: ${hiddenClause(status.reason)}`;
  if (status.kind === 'withheld') return `${rowHeading(row)}: ${status.reason}`;
  if (status.kind === 'empty') return `${row.label}: no responses`;
  const parts = status.parts.map((p) => `${p.level} ${p.count} (${p.percent}%)`).join(', ');
  const none = withoutLevelText(status);
  return `${rowHeading(row)}: ${parts}${none ? `; ${none}` : ''}`;
}

/**
 * The canvas's aria-label: what the bars show, then every row's counts and shares.
 *
 * @example summarizeLevelBars('Whole agency, latest cycle', rows)
 *   // "Whole agency, latest cycle: share of people at the low, moderate and high level for each measure.
 *   //  Burnout (n 52): low 21 (40%), moderate 25 (48%), high 6 (12%). … Every number is in the table below."
 */
export function summarizeLevelBars(title: string, rows: readonly LevelBarsRow[]): string {
  if (rows.length === 0) return `${title}: no results yet.`;
  return `${title}: share of people at the low, moderate and high level for each measure. ${rows
    .map(describeLevelRow)
    .join('. ')}. Every number is in the table below.`;
}
