/**
 * The one shape every scored instrument takes: the built-in ProQOL 5, the brief
 * vicarious-resilience check, the self-care practices list and any agency-installed
 * instrument pack. Scoring has a single code path because of this.
 *
 * Definitions are plain, JSON-serializable data. Build them with `parsePack` (untrusted
 * JSON) or `defineInstrument` (our own data); both run the same zod schema and
 * cross-field checks and return a deep-frozen definition.
 */

/** Level bands shared by every instrument that has cut points. */
export type Level = 'low' | 'moderate' | 'high';

export const LEVELS: readonly Level[] = Object.freeze(['low', 'moderate', 'high'] as const);

export interface ScaleLabel {
  readonly value: number;
  readonly label: string;
}

/** Whole-number response scale from `min` to `max`, both inclusive. */
export interface ResponseScale {
  readonly min: number;
  readonly max: number;
  /** Labels for the points of the scale; the end points are always labelled. */
  readonly labels: readonly ScaleLabel[];
  /**
   * An option offered beside the scale that is scored as missing (unanswered), e.g.
   * "Don't know". Optional; packs without it behave as before.
   */
  readonly missingOption?: { readonly label: string };
}

export interface InstrumentItem {
  /** Positive whole number; answers are keyed by it, CSV columns are `q<id>`. */
  readonly id: number;
  readonly text: string;
  /** Optional stable string key (self-care practices use these, e.g. 'personalTherapy'). */
  readonly key?: string;
}

/**
 * Level rule: a score is `low` when score <= lowMax, `high` when score >= highMin,
 * and `moderate` otherwise. Applied to the reported (rounded) score, so a prorated
 * ProQOL score of 22.2 is moderate with lowMax 22 and highMin 42.
 */
export interface LevelCutPoints {
  readonly lowMax: number;
  readonly highMin: number;
}

export type ScoringMethod = 'sum' | 'mean';

export interface SubscaleDefinition {
  /** Human name used in messages, e.g. "Burnout". */
  readonly name: string;
  /** Short standard code used for column names, e.g. "bo". Defaults to the subscale id. */
  readonly abbreviation?: string;
  /** Item ids in the subscale. */
  readonly items: readonly number[];
  /** Reverse-keyed item ids (a subset of `items`); reversed value = scale.min + scale.max - value. */
  readonly reverse: readonly number[];
  /**
   * `sum`: sum of item values; when items are missing (within maxMissing) the score is
   * prorated as mean of answered items x number of items, rounded to one decimal.
   * `mean`: mean of answered items, rounded to two decimals.
   */
  readonly method: ScoringMethod;
  /** Possible score range; must equal what the scale and method imply. */
  readonly range: { readonly min: number; readonly max: number };
  readonly levels?: LevelCutPoints;
  /** Most items that may be unanswered for the subscale still to be scored. Default 0. */
  readonly maxMissing: number;
}

export interface InstrumentDefinition {
  /** Lower-case slug, e.g. 'proqol5'. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** Shown wherever the items are shown. */
  readonly attribution: string;
  /** Licence or terms of use under which the agency may use the items. */
  readonly licence: string;
  readonly description?: string;
  readonly instructions?: string;
  readonly responseScale: ResponseScale;
  readonly items: readonly InstrumentItem[];
  /** Keyed by subscale id (an identifier such as 'burnout'); key order is display order. */
  readonly subscales: { readonly [subscaleId: string]: SubscaleDefinition };
}
