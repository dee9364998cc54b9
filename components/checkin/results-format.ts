import type { Level } from '@/lib/instruments';
import type { MyScore } from '@/lib/checkin/types';
import { BUILT_IN_MEASURES, MEASURE_KEYS, describeScoreChange, formatScore } from '@/lib/measures';

/**
 * Wording and number formats for the staff member's own results. Pure, so the exact
 * sentences are unit-tested (results-format.test.ts).
 */

export const MEASURE_ORDER: readonly MyScore['measure'][] = MEASURE_KEYS;

/** Scores in the order cs, bo, sts, vr; unknown measures keep their place at the end. */
export function orderScores(scores: readonly MyScore[]): MyScore[] {
  const rank = (m: MyScore['measure']) => {
    const i = MEASURE_ORDER.indexOf(m);
    return i < 0 ? MEASURE_ORDER.length : i;
  };
  return [...scores].sort((a, b) => rank(a.measure) - rank(b.measure));
}

const MINUS = '\u2212';

/** A score as stored: "34", prorated "33.3" (lib/measures formats every measure's numbers). */
export { formatScore };

/** "+3.0", "−2.5", "0.0": always signed, one decimal. */
export function formatSignedChange(change: number): string {
  const abs = Math.abs(change).toFixed(1);
  if (abs === '0.0') return '0.0';
  return `${change > 0 ? '+' : MINUS}${abs}`;
}

/**
 * The change line under a score, worded by direction and by which end of the measure is
 * concerning (lib/measures): "Burnout is 12 points lower than last time, a good sign".
 * `isFirstCheckIn` says whether there is any earlier check-in: a null change on a later
 * check-in means the earlier score (or this one) could not be compared, which is not the
 * same as "first check-in".
 */
export function describeChange(score: Pick<MyScore, 'measure' | 'value' | 'change'>, isFirstCheckIn = true): string | null {
  if (score.value === null) return null;
  if (score.change === null) {
    return isFirstCheckIn
      ? 'First check-in: no change to show yet'
      : 'No change to show: there is no comparable score from your last check-in';
  }
  return describeScoreChange(BUILT_IN_MEASURES[score.measure], score.change);
}

export function levelLabel(level: Level): string {
  return level === 'low' ? 'Low' : level === 'moderate' ? 'Moderate' : 'High';
}

/**
 * A tel: link for a support line that is just a phone number ("988", "+1 (800) 555-0100");
 * null for anything else (a sentence, a URL), which is then shown as plain text.
 */
export function telHref(line: string): string | null {
  const trimmed = line.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/[^\d]/g, '');
  if (digits.length < 3 || digits.length > 15) return null;
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${digits}`;
}

/** An http(s) link for a support line that is a web address; null otherwise. */
export function webHref(line: string): string | null {
  const trimmed = line.trim();
  if (!/^https?:\/\/\S+$/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
