import { defineInstrument } from './schema';
import type { InstrumentDefinition } from './types';

/**
 * Sustain brief vicarious-resilience check: 7 items written by the Sustain project, one
 * for each of the seven domains of the Vicarious Resilience Scale (VRS; Killian,
 * Hernandez-Wolfe, Engstrom & Gangsei, 2017, Traumatology 23(1)). It is a brief
 * indicator, NOT the validated VRS, and does not reproduce VRS wording: the VRS items
 * have no published wording or licence we can ship. An agency that holds the VRS can
 * install it as an instrument pack.
 *
 * Domains, in item order:
 *  1. changes in life goals and perspective;
 *  2. client-inspired hope;
 *  3. clients' spirituality as a resource;
 *  4. increased resourcefulness;
 *  5. self-awareness and self-care;
 *  6. consciousness of power and privilege;
 *  7. ability to remain present with trauma narratives.
 *
 * Scale 0–5, every point labelled, from "Not at all" to "A great deal".
 *
 * Score: the SUM of the 7 items, range 0–35. A sum (not a mean) so it reads like the
 * ProQOL scores beside it and shares their prorating rule.
 *
 * Missing data (our convention): at most 1 of the 7 items may be missing; the score is
 * then prorated, mean of the 6 answered items × 7, rounded to one decimal (half up).
 * With 2 or more missing it is not scored.
 *
 * Levels (a convention, not validated cut points): thirds of the 36 possible whole
 * totals, low 0–11, moderate 12–23, high 24–35. As for the ProQOL, the rule is applied
 * to the reported score: low when score ≤ 11, high when score ≥ 24, moderate otherwise.
 * So prorated values strictly between 11 and 24 are moderate: 11.7 and 23.3 are
 * moderate, 11.0 is low and 24.0 high. (Prorated values with 6 answered are multiples of
 * 7/6 rounded to one decimal, e.g. 10.5, 11.7, 22.2, 23.3, 24.5.)
 */
export const BRIEF_VR: InstrumentDefinition = defineInstrument({
  id: 'brief-vr',
  name: 'Sustain brief vicarious-resilience check',
  version: '1',
  attribution:
    'Written by the Sustain project. One item per domain of the Vicarious Resilience Scale ' +
    '(Killian, Hernandez-Wolfe, Engstrom & Gangsei, 2017); not the VRS and not its wording.',
  licence: 'Part of Sustain; may be used, copied and changed under the licence of the Sustain application.',
  description:
    'A brief indicator of vicarious resilience: positive ways that working with survivors may change us. ' +
    'It is not the validated Vicarious Resilience Scale, and its levels are a convention (thirds of the range).',
  instructions:
    'These statements are about ways that working with survivors may strengthen people who do this work. ' +
    'Thinking about the last 30 days, choose how much each statement is true for you.',
  responseScale: {
    min: 0,
    max: 5,
    labels: [
      { value: 0, label: 'Not at all' },
      { value: 1, label: 'A little' },
      { value: 2, label: 'Somewhat' },
      { value: 3, label: 'Moderately' },
      { value: 4, label: 'Quite a lot' },
      { value: 5, label: 'A great deal' },
    ],
  },
  items: [
    {
      id: 1,
      key: 'lifeGoalsAndPerspective',
      text: 'My work has given me a clearer sense of what matters most in my own life.',
    },
    {
      id: 2,
      key: 'clientInspiredHope',
      text: 'Seeing the people I work with move forward gives me hope.',
    },
    {
      id: 3,
      key: 'spiritualityAsResource',
      text: 'I have come to value the faith, beliefs or sources of meaning that the people I work with draw strength from.',
    },
    {
      id: 4,
      key: 'resourcefulness',
      text: 'My work has taught me new ways to find resources and solutions when options seem limited.',
    },
    {
      id: 5,
      key: 'selfAwarenessAndSelfCare',
      text: 'My work has made me more aware of my own reactions and needs, and more deliberate about caring for myself.',
    },
    {
      id: 6,
      key: 'powerAndPrivilege',
      text: 'My work has made me more aware of power and privilege, in the lives of the people I work with and in my own.',
    },
    {
      id: 7,
      key: 'presentWithTraumaNarratives',
      text: 'I am better able to stay present and steady while someone tells me about their trauma.',
    },
  ],
  subscales: {
    vicariousResilience: {
      name: 'Vicarious resilience (brief indicator)',
      abbreviation: 'vr',
      items: [1, 2, 3, 4, 5, 6, 7],
      method: 'sum',
      range: { min: 0, max: 35 },
      levels: { lowMax: 11, highMin: 24 },
      maxMissing: 1,
    },
  },
});
