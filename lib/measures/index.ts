/**
 * One home for the four published measures (issue 14): each measure's label, abbreviation,
 * possible range, level cut points, which end is concerning, and how its numbers are
 * printed, all DERIVED from the instrument definitions (lib/instruments): the ProQOL 5
 * subscales for CS, BO and STS, and for VR either the built-in brief check or the instrument
 * pack a cycle used. Nothing here restates a range or a cut point; a test greps the code
 * base for second copies (no-restated-measures.test.ts).
 *
 * PURE: plain data in, plain data out; no framework, database or React.
 */
import { BRIEF_VR, PROQOL5, type InstrumentDefinition, type Level, type LevelCutPoints, type SubscaleDefinition } from '@/lib/instruments';

/** The four measures every view shows, in display order. lib/privacy keeps its own list of published keys. */
export const MEASURE_KEYS = Object.freeze(['cs', 'bo', 'sts', 'vr'] as const);

export type MeasureKey = (typeof MEASURE_KEYS)[number];

/** Which end of the scale calls for attention. */
export type ConcerningEnd = 'high' | 'low';

export interface MeasureSpec {
  readonly key: MeasureKey;
  /** Sentence-case name for headings: "Burnout". */
  readonly label: string;
  /** The name inside a sentence: "burnout". */
  readonly noun: string;
  /** The field's standard abbreviation: "BO". */
  readonly abbreviation: string;
  /** The instrument the score comes from (a pack id for an installed VR pack). */
  readonly instrumentId: string;
  readonly instrumentName: string;
  /** The possible score range of the subscale, from its definition. */
  readonly range: { readonly min: number; readonly max: number };
  /** Level cut points, or null when the instrument defines none (a pack may not). */
  readonly cutPoints: LevelCutPoints | null;
  /** BO and STS are concerning when high; CS and VR when low. */
  readonly concerningEnd: ConcerningEnd;
  /** Decimals of a person's score: a prorated sum has one, a mean score two. */
  readonly decimals: number;
}

/** Concern direction is a property of the construct, not of an instrument's data. */
const CONCERNING_END: Readonly<Record<MeasureKey, ConcerningEnd>> = Object.freeze({ cs: 'low', bo: 'high', sts: 'high', vr: 'low' });

const PROQOL_SUBSCALE: Readonly<Record<'cs' | 'bo' | 'sts', string>> = Object.freeze({
  cs: 'compassionSatisfaction',
  bo: 'burnout',
  sts: 'secondaryTraumaticStress',
});

/**
 * The headline subscale of a VR instrument: its first subscale (a pack's first subscale is
 * reported as VR; lib/server/packs.ts headlineSubscaleId says the same).
 */
export function headlineSubscale(definition: InstrumentDefinition): SubscaleDefinition {
  const first = Object.values(definition.subscales)[0];
  if (!first) throw new Error(`headlineSubscale: ${definition.id} has no subscales`);
  return first;
}

/** "Vicarious resilience (brief indicator)" → "Vicarious resilience": the construct without a qualifier. */
function constructName(subscaleName: string): string {
  return subscaleName.replace(/\s*\([^)]*\)\s*$/, '');
}

function specFrom(key: MeasureKey, label: string, definition: InstrumentDefinition, subscale: SubscaleDefinition): MeasureSpec {
  return Object.freeze({
    key,
    label,
    noun: label.toLowerCase(),
    abbreviation: (subscale.abbreviation ?? key).toUpperCase(),
    instrumentId: definition.id,
    instrumentName: definition.name,
    range: Object.freeze({ min: subscale.range.min, max: subscale.range.max }),
    cutPoints: subscale.levels ? Object.freeze({ lowMax: subscale.levels.lowMax, highMin: subscale.levels.highMin }) : null,
    concerningEnd: CONCERNING_END[key],
    decimals: subscale.method === 'mean' ? 2 : 1,
  });
}

/** The VR label is the construct's name from the built-in check, whatever instrument measured it. */
const VR_LABEL = constructName(headlineSubscale(BRIEF_VR).name);

function proqolSpec(key: 'cs' | 'bo' | 'sts'): MeasureSpec {
  const subscale = PROQOL5.subscales[PROQOL_SUBSCALE[key]];
  if (!subscale) throw new Error(`lib/measures: the ProQOL 5 definition has no ${PROQOL_SUBSCALE[key]} subscale`);
  return specFrom(key, constructName(subscale.name), PROQOL5, subscale);
}

const BUILT_IN: Readonly<Record<MeasureKey, MeasureSpec>> = Object.freeze({
  cs: proqolSpec('cs'),
  bo: proqolSpec('bo'),
  sts: proqolSpec('sts'),
  vr: specFrom('vr', VR_LABEL, BRIEF_VR, headlineSubscale(BRIEF_VR)),
});

/**
 * The spec of one measure. For VR, pass the definition the cycle used (the built-in brief
 * check by default): a pack's range and cut points replace the built-in ones everywhere.
 *
 * @example getMeasure('bo').range // { min: 10, max: 50 } (from the ProQOL 5 definition)
 */
export function getMeasure(key: MeasureKey, vrDefinition: InstrumentDefinition = BRIEF_VR): MeasureSpec {
  if (key === 'vr' && vrDefinition !== BRIEF_VR) return specFrom('vr', VR_LABEL, vrDefinition, headlineSubscale(vrDefinition));
  return BUILT_IN[key];
}

/** Every measure's spec, keyed, with VR from `vrDefinition` (default: the built-in brief check). */
export function getMeasures(vrDefinition: InstrumentDefinition = BRIEF_VR): Readonly<Record<MeasureKey, MeasureSpec>> {
  if (vrDefinition === BRIEF_VR) return BUILT_IN;
  return Object.freeze({ ...BUILT_IN, vr: getMeasure('vr', vrDefinition) });
}

/** The built-in specs (ProQOL 5 and the brief VR check), for labels that do not depend on a pack. */
export const BUILT_IN_MEASURES = BUILT_IN;

/** Lower-case names for sentences ("burnout"), keyed. */
export const MEASURE_NOUNS: Readonly<Record<MeasureKey, string>> = Object.freeze({
  cs: BUILT_IN.cs.noun,
  bo: BUILT_IN.bo.noun,
  sts: BUILT_IN.sts.noun,
  vr: BUILT_IN.vr.noun,
});

/** True where a higher score is better (CS, VR); false where higher is concerning (BO, STS). */
export const HIGHER_IS_BETTER: Readonly<Record<MeasureKey, boolean>> = Object.freeze({
  cs: BUILT_IN.cs.concerningEnd === 'low',
  bo: BUILT_IN.bo.concerningEnd === 'low',
  sts: BUILT_IN.sts.concerningEnd === 'low',
  vr: BUILT_IN.vr.concerningEnd === 'low',
});

/** Sentence-case label of a measure ("Burnout"); the same for every instrument. */
export function measureLabel(key: MeasureKey): string {
  return BUILT_IN[key].label;
}

/** True when `value` is one of the four measure keys. */
export function isMeasureKey(value: unknown): value is MeasureKey {
  return typeof value === 'string' && (MEASURE_KEYS as readonly string[]).includes(value);
}

/** "10–50". */
export function rangeText(spec: MeasureSpec): string {
  return `${spec.range.min}–${spec.range.max}`;
}

/** "Burnout (10–50)": a chart or card title with the measure's range. */
export function measureTitle(spec: MeasureSpec): string {
  return `${spec.label} (${rangeText(spec)})`;
}

/**
 * The level of a score by the spec's cut points: low ≤ lowMax, high ≥ highMin, moderate
 * otherwise (the same rule lib/scoring applies); null without cut points.
 */
export function levelOf(spec: MeasureSpec, value: number): Level | null {
  return spec.cutPoints ? levelByCutPoints(spec.cutPoints, value) : null;
}

/**
 * The one level rule, used by lib/scoring for a person's score and by every view for a
 * group mean: low ≤ lowMax, high ≥ highMin, moderate otherwise, on the reported score (so a
 * prorated ProQOL 22.2 is moderate).
 */
export function levelByCutPoints(cutPoints: LevelCutPoints, value: number): Level {
  return value <= cutPoints.lowMax ? 'low' : value >= cutPoints.highMin ? 'high' : 'moderate';
}

/** favourable / moderate / concerning: colours follow concern, not the raw level. */
export type Concern = 'favourable' | 'moderate' | 'concerning';

export function concernOfLevel(spec: Pick<MeasureSpec, 'concerningEnd'>, level: Level): Concern {
  if (level === 'moderate') return 'moderate';
  return level === spec.concerningEnd ? 'concerning' : 'favourable';
}

/**
 * The sentence placed next to level colours, from each measure's concerning end:
 * "For burnout and secondary traumatic stress, high is the concerning end; for compassion
 * satisfaction and vicarious resilience, low is."
 */
export function concerningEndNote(specs: Readonly<Record<MeasureKey, MeasureSpec>> = BUILT_IN): string {
  const nouns = (end: ConcerningEnd) => joinAnd(MEASURE_KEYS.filter((k) => specs[k].concerningEnd === end).map((k) => specs[k].noun));
  const [first, second] = (['high', 'low'] as const).filter((end) => MEASURE_KEYS.some((k) => specs[k].concerningEnd === end));
  if (!second) return `For ${nouns(first!)}, ${first} is the concerning end.`;
  return `For ${nouns(first!)}, ${first} is the concerning end; for ${nouns(second)}, ${second} is.`;
}

function joinAnd(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The level that calls for attention, as a Level. */
export function concerningLevel(spec: Pick<MeasureSpec, 'concerningEnd'>): Level {
  return spec.concerningEnd;
}

const MINUS = '\u2212';

/**
 * A person's own score as stored: a whole number as "34", otherwise with the spec's
 * decimals ("33.3" for a prorated sum, "3.25" for a mean score); a true minus sign.
 */
export function formatScore(value: number, spec?: Pick<MeasureSpec, 'decimals'>): string {
  const text = Number.isInteger(value) ? String(Math.abs(value)) : Math.abs(value).toFixed(spec?.decimals ?? 1);
  return value < 0 ? `${MINUS}${text}` : text;
}

/**
 * A change in a person's score, worded by direction and by which end is concerning:
 * "burnout is 12 points lower than last time, a good sign",
 * "burnout is 3.5 points higher than last time, worth watching",
 * "compassion satisfaction is the same as last time".
 */
export function describeScoreChange(spec: MeasureSpec, change: number): string {
  const size = Math.abs(change);
  const rounded = Number(size.toFixed(spec.decimals));
  if (rounded === 0) return `${capitalize(spec.noun)} is the same as last time`;
  const points = `${formatScore(rounded, spec)} ${rounded === 1 ? 'point' : 'points'}`;
  const higher = change > 0;
  const good = higher !== (spec.concerningEnd === 'high');
  return `${capitalize(spec.noun)} is ${points} ${higher ? 'higher' : 'lower'} than last time, ${good ? 'a good sign' : 'worth watching'}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
