import source from './data/proqol5.json';
import { defineInstrument } from './schema';
import type { InstrumentDefinition } from './types';

/**
 * ProQOL 5 (Stamm, 2009–2012), built from lib/instruments/data/proqol5.json, a verbatim
 * copy of the project's reference file with its attribution and licence terms.
 *
 * Licence terms (from the data file): free to use, copy and distribute, provided the
 * author is credited, no changes are made to the items other than the bracketed role
 * word, and the measure is not sold. Show `attribution` wherever the items are shown.
 * Item text is kept with its role-word slots; render it with `renderItemText`.
 *
 * Scoring (ProQOL 5 manual): compassion satisfaction, burnout and secondary traumatic
 * stress are each the sum of 10 items on the 1–5 scale, range 10–50; burnout items 1,
 * 4, 15, 17 and 29 are reversed (6 − value). Levels: low ≤ 22, moderate 23–41,
 * high ≥ 42 (raw-sum cut points near the 25th and 75th percentiles of the norm sample).
 *
 * Missing data is Sustain's own documented rule (the manual gives none we can cite):
 * at most 2 of a subscale's 10 items may be missing, and the score is then prorated
 * (mean of answered items × 10, rounded to one decimal).
 */
export const PROQOL5_SOURCE = source;

/** Sustain's missing-data allowance per ProQOL subscale (see module comment). */
export const PROQOL5_MAX_MISSING = 2;

const names = {
  compassionSatisfaction: { name: 'Compassion satisfaction', abbreviation: 'cs' },
  burnout: { name: 'Burnout', abbreviation: 'bo' },
  secondaryTraumaticStress: { name: 'Secondary traumatic stress', abbreviation: 'sts' },
} as const;

export type ProqolSubscaleId = keyof typeof names;

export const PROQOL_SUBSCALE_IDS: readonly ProqolSubscaleId[] = Object.freeze([
  'compassionSatisfaction',
  'burnout',
  'secondaryTraumaticStress',
]);

const levelCut = (level: string) => {
  const band = source.scoring.levels.find((l) => l.level === level);
  if (!band) throw new Error(`proqol5: data file has no "${level}" level`);
  return band;
};

const lowMax = levelCut('low').max;
const highMin = levelCut('high').min;
if (lowMax === undefined || highMin === undefined) throw new Error('proqol5: data file level cut points are incomplete');

export const PROQOL5: InstrumentDefinition = defineInstrument({
  id: source.id,
  name: source.name,
  version: '5',
  attribution: source.attribution,
  licence: source.licenseTerms,
  instructions: source.instructions,
  responseScale: {
    min: Math.min(...source.responseScale.map((p) => p.value)),
    max: Math.max(...source.responseScale.map((p) => p.value)),
    labels: source.responseScale.map((p) => ({ value: p.value, label: p.label })),
  },
  items: source.items.map((item) => ({ id: item.n, text: item.text })),
  subscales: Object.fromEntries(
    PROQOL_SUBSCALE_IDS.map((id) => {
      const s = source.subscales[id];
      return [
        id,
        {
          ...names[id],
          items: s.items,
          reverse: s.reverse,
          method: 'sum' as const,
          range: { min: 10, max: 50 },
          levels: { lowMax, highMin },
          maxMissing: PROQOL5_MAX_MISSING,
        },
      ];
    }),
  ),
});
