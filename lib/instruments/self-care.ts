import { defineInstrument } from './schema';
import type { InstrumentDefinition } from './types';

/**
 * Self-care practices: how often in the last 30 days, on a 0–4 frequency scale, for
 * twelve practices. Written by the Sustain project (not a validated instrument).
 *
 * Each practice has a stable string key (stored and used as a regression predictor),
 * and a stable item id (answers are keyed by item id like every instrument). Never
 * renumber or re-key a practice; add new ones at the end.
 *
 * Composite: the MEAN of the answered practices, range 0–4, rounded to two decimals.
 * Missing data (our convention): at most 3 of the 12 may be unanswered (at least 9, three
 * quarters, answered); with more missing the composite is not scored. A mean, not a sum,
 * so the composite stays on the frequency scale and does not depend on how many
 * practices were answered. It has no levels: more is not always better for every
 * practice, and we have no cut points to cite.
 */

export const SELF_CARE_PRACTICES = Object.freeze([
  { id: 1, key: 'personalTherapy', text: 'Personal therapy or counseling for yourself' },
  { id: 2, key: 'clinicalSupervision', text: 'Clinical supervision or consultation about your work' },
  { id: 3, key: 'peerSupport', text: 'Peer support or debriefing with colleagues' },
  { id: 4, key: 'advocacy', text: 'Advocacy or activism on issues that matter to you' },
  { id: 5, key: 'physicalActivity', text: 'Physical activity or exercise' },
  { id: 6, key: 'sleepAndRest', text: 'Getting enough sleep and rest' },
  { id: 7, key: 'mindfulnessOrSpiritualPractice', text: 'Mindfulness, meditation, or spiritual or religious practice' },
  { id: 8, key: 'familyAndFriends', text: 'Time with family or friends' },
  { id: 9, key: 'hobbiesAndCreativeWork', text: 'Hobbies or creative work' },
  {
    id: 10,
    key: 'workHomeBoundaries',
    text: 'Keeping boundaries between work and home (for example, not answering work messages at home)',
  },
  { id: 11, key: 'timeOff', text: 'Taking time off work to rest or recover (days off, leave, vacation)' },
  { id: 12, key: 'professionalTraining', text: 'Professional training or learning' },
] as const);

export type SelfCarePracticeKey = (typeof SELF_CARE_PRACTICES)[number]['key'];

export const SELF_CARE_PRACTICE_KEYS: readonly SelfCarePracticeKey[] = Object.freeze(
  SELF_CARE_PRACTICES.map((p) => p.key),
);

/** Sustain's missing-data allowance for the composite (see module comment). */
export const SELF_CARE_MAX_MISSING = 3;

export const SELF_CARE: InstrumentDefinition = defineInstrument({
  id: 'self-care',
  name: 'Self-care practices',
  version: '1',
  attribution: 'Written by the Sustain project.',
  licence: 'Part of Sustain; may be used, copied and changed under the licence of the Sustain application.',
  description: 'How often staff used twelve self-care practices in the last 30 days. Not a validated instrument.',
  instructions: 'In the last 30 days, how often have you done each of the following?',
  responseScale: {
    min: 0,
    max: 4,
    labels: [
      { value: 0, label: 'Never' },
      { value: 1, label: 'Once or twice' },
      { value: 2, label: 'About once a week' },
      { value: 3, label: 'Several times a week' },
      { value: 4, label: 'Every day or almost every day' },
    ],
  },
  items: SELF_CARE_PRACTICES.map((p) => ({ id: p.id, key: p.key, text: p.text })),
  subscales: {
    selfCare: {
      name: 'Self-care composite',
      abbreviation: 'selfcare',
      items: SELF_CARE_PRACTICES.map((p) => p.id),
      method: 'mean',
      range: { min: 0, max: 4 },
      maxMissing: SELF_CARE_MAX_MISSING,
    },
  },
});
