/**
 * The measures Sustain aggregates, and the three score levels.
 *
 * Kept in lib/privacy (rather than imported from lib/scoring) so that the
 * privacy layer's stored format does not change shape if scoring grows new
 * subscales: only these four measures are ever published about a group.
 */
import { MEASURE_NOUNS } from '@/lib/measures';

/** The four measures published per group: ProQOL 5 CS, BO, STS, and the brief VR check. */
export const MEASURES = ['cs', 'bo', 'sts', 'vr'] as const;

/** One of the published measures. The abbreviations are standard and local; labels below. */
export type Measure = (typeof MEASURES)[number];

/** Human-readable label for each measure, in the field's own words, from lib/measures (the one home of labels). */
export const MEASURE_LABELS: Readonly<Record<Measure, string>> = MEASURE_NOUNS;

/** Score levels, from the instrument's cut points (lib/measures). */
export const LEVELS = ['low', 'moderate', 'high'] as const;

/** One score level. */
export type Level = (typeof LEVELS)[number];

/** True when `value` is one of the four published measures. */
export function isMeasure(value: unknown): value is Measure {
  return typeof value === 'string' && (MEASURES as readonly string[]).includes(value);
}
