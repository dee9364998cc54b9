import { formatSignedChange, levelLabel } from '@/components/checkin/results-format';
import { BUILT_IN_MEASURES, MEASURE_KEYS as KEYS, concernOfLevel, concerningEndNote, concerningLevel, type Concern } from '@/lib/measures';
import { formatFixed } from '@/lib/stats/format';
import type { LevelKey, MeasureKey } from './dashboard-types';

/**
 * Number formats and wording shared by the dashboard's trend chart, level bars and
 * heatmap. Pure (no React, no chart.js), so the exact sentences are unit-tested in
 * dashboard-model.test.ts. Group aggregates are means, so they are always shown with one
 * decimal, unlike a person's own whole-number sums.
 */

export { formatSignedChange, levelLabel };

/** The four published measures in the order every dashboard view lists them. */
export const MEASURE_KEYS: readonly MeasureKey[] = KEYS;

/**
 * The level that calls for attention (lib/measures: BO and STS are worse when high, CS and
 * VR when low). The colours follow the level, not the concern, so this is said in words next to them.
 */
export const CONCERNING_LEVEL: Readonly<Record<MeasureKey, LevelKey>> = Object.freeze({
  cs: concerningLevel(BUILT_IN_MEASURES.cs),
  bo: concerningLevel(BUILT_IN_MEASURES.bo),
  sts: concerningLevel(BUILT_IN_MEASURES.sts),
  vr: concerningLevel(BUILT_IN_MEASURES.vr),
});

/** The sentence placed next to any level colours. */
export const CONCERNING_END_NOTE = concerningEndNote();

export const LEVEL_KEYS: readonly LevelKey[] = Object.freeze(['low', 'moderate', 'high'] as const);

/** A group mean with one decimal and a true minus sign: "22.4", "−0.5", never "−0.0" (lib/stats/format). */
export function formatMean(value: number): string {
  return formatFixed(value);
}

/** "95% CI 21.0 to 23.8". "to" rather than a dash, so negative bounds read clearly. */
export function formatCi(ci95: readonly [number, number]): string {
  return `95% CI ${formatMean(ci95[0])} to ${formatMean(ci95[1])}`;
}

/**
 * A p-value in APA style (no leading zero): ".03" with two decimals, three below .01
 * (".004"), "< .001" below that and "> .99" just under 1. Returns the text after "p",
 * e.g. "= .03", so callers write `p ${formatPValue(p)}`.
 */
export function formatPValue(p: number): string {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`formatPValue: p must be in [0, 1], got ${String(p)}`);
  if (p < 0.001) return '< .001';
  const digits = p < 0.01 ? 3 : 2;
  const text = p.toFixed(digits);
  if (p === 1) return '= 1';
  // 0.996 rounds to "1.00", which would claim more than the data say.
  if (text.startsWith('1')) return '> .99';
  return `= ${text.slice(1)}`;
}

/**
 * The <summary> of a chart's table view: 'Show "Burnout (10–50)" as a table'. Always
 * starts with "Show" and ends with "as a table", so tests can find and open it by text.
 */
export function tableToggleLabel(title: string): string {
  return `Show "${title}" as a table`;
}

const HIDDEN_PREFIX = /^hidden\s+/i;

/**
 * A hidden cell's text: "Hidden: fewer than 5 responses". lib/privacy's reasons are lower
 * case, and the complementary one already starts with "hidden" ("hidden so that a small
 * group cannot be worked out from the total"), which becomes "Hidden so that …".
 */
export function hiddenText(reason: string): string {
  return HIDDEN_PREFIX.test(reason) ? `Hidden ${reason.replace(HIDDEN_PREFIX, '')}` : `Hidden: ${reason}`;
}

/** The same inside a sentence: "hidden, fewer than 5 responses" or "hidden so that …". */
export function hiddenClause(reason: string): string {
  return HIDDEN_PREFIX.test(reason) ? `hidden ${reason.replace(HIDDEN_PREFIX, '')}` : `hidden, ${reason}`;
}

/** The reason without a leading "hidden", for "hidden in Nov 2026 (…)". */
export function reasonAfterHidden(reason: string): string {
  return reason.replace(HIDDEN_PREFIX, '');
}

/** What the dashboard knows about one group × cycle × measure cell. */
export interface CellFacts {
  mean: number | null;
  ci95: readonly [number, number] | null;
  n: number | null;
  suppressed: string | null;
}

/**
 * Which of the privacy layer's three cell kinds this is: published (numbers shown),
 * suppressed (a reason, no numbers, not even n) or empty (n = 0: nobody to describe).
 * A cell with no reason and no mean that is not n = 0 should not happen; it is reported
 * as "unavailable" rather than guessed at.
 */
export type CellStatus =
  | { kind: 'shown'; mean: number; ci95: readonly [number, number] | null; n: number | null }
  | { kind: 'hidden'; reason: string }
  | { kind: 'empty' }
  | { kind: 'unavailable' };

export function cellStatus(cell: CellFacts): CellStatus {
  if (cell.suppressed !== null) return { kind: 'hidden', reason: cell.suppressed };
  if (cell.mean !== null) return { kind: 'shown', mean: cell.mean, ci95: cell.ci95, n: cell.n };
  if (cell.n === 0) return { kind: 'empty' };
  return { kind: 'unavailable' };
}

export const NO_RESPONSES_TEXT = 'No responses';
export const UNAVAILABLE_TEXT = 'Not available';

/**
 * A cell in one phrase: "22.4 (95% CI 21.0 to 23.8, n 52)", "Hidden: fewer than 5
 * responses", "No responses" or "Not available".
 */
export function describeCell(cell: CellFacts): string {
  const status = cellStatus(cell);
  switch (status.kind) {
    case 'hidden':
      return hiddenText(status.reason);
    case 'empty':
      return NO_RESPONSES_TEXT;
    case 'unavailable':
      return UNAVAILABLE_TEXT;
    case 'shown': {
      const details = formatUncertainty(status.ci95, status.n);
      return details ? `${formatMean(status.mean)} (${details})` : formatMean(status.mean);
    }
  }
}

/** "95% CI 21.0 to 23.8, n 52", or whichever part is known; null when neither is. */
export function formatUncertainty(ci95: readonly [number, number] | null, n: number | null): string | null {
  const parts = [ci95 ? formatCi(ci95) : null, n !== null ? `n ${n}` : null].filter((d): d is string => d !== null);
  return parts.length ? parts.join(', ') : null;
}

const monthYear = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const fullDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** "Nov 2026" in UTC (server and browser agree); an unparseable date is shown as given. */
export function formatMonthYear(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : monthYear.format(new Date(t));
}

/** "Nov 3, 2026" in UTC; an unparseable date is shown as given. */
export function formatFullDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : fullDate.format(new Date(t));
}

/** Sorts ISO dates (or anything Date.parse reads) ascending; unparseable ones go last. */
export function compareIsoDates(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : 1) : -1;
  return ta - tb;
}

/**
 * WCAG 2.x contrast ratio of two "#rrggbb" colours, from their relative luminance
 * (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): (L1 + 0.05) / (L2 + 0.05), lighter
 * over darker, from 1 to 21. Used to check the dashboard's colours in tests. O(1).
 *
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(foreground: string, background: string): number {
  const luminance = (hex: string) => {
    if (!/^#[0-9a-fA-F]{6}$/.test(hex)) throw new RangeError(`contrastRatio: expected a "#rrggbb" colour, got "${hex}"`);
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * Colours follow concern, not the raw level: high burnout or STS is concerning, but high
 * compassion satisfaction or vicarious resilience is favourable. Showing "high VR" in the
 * same red as "high burnout" would mislead. The level is always written out as well.
 */
export type { Concern };

export const CONCERN_KEYS: readonly Concern[] = ['favourable', 'moderate', 'concerning'];

export const CONCERN_LABELS: Readonly<Record<Concern, string>> = {
  favourable: 'Favourable',
  moderate: 'Moderate',
  concerning: 'Concerning',
};

/** The fill for each concern: the same values as --level-low/-moderate/-high in globals.css. */
export const CONCERN_FILL: Readonly<Record<Concern, string>> = {
  favourable: '#e3f2e7',
  moderate: '#fff1cc',
  concerning: '#fbd9d6',
};

export function concernOf(measure: MeasureKey, level: LevelKey): Concern {
  return concernOfLevel(BUILT_IN_MEASURES[measure], level);
}
