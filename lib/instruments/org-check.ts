import { defineInstrument } from './schema';
import type { InstrumentDefinition } from './types';

/**
 * Sustain brief organizational check (issue 15): 15 statements written by the Sustain
 * project, three for each of the five areas of a vicarious-trauma-informed organization
 * named by the Office for Victims of Crime's Vicarious Trauma Toolkit (VTT) and its
 * organizational readiness guide, the VT-ORG (OVC, U.S. Department of Justice,
 * https://ovc.ojp.gov/program/vtt):
 *  1. Leadership & Mission (items 1–3, code org_lm);
 *  2. Management & Supervision (items 4–6, org_ms);
 *  3. Employee Empowerment & Work Environment (items 7–9, org_ee);
 *  4. Training & Professional Development (items 10–12, org_td);
 *  5. Staff Health & Wellness (items 13–15, org_hw).
 *
 * It is Sustain's own brief indicator, NOT the validated VT-ORG, and it does not use the
 * VT-ORG's wording: only the five areas come from there. An agency that uses the full
 * VT-ORG can install it as an instrument pack (five `mean` subscales and a "don't know"
 * option; see lib/instruments/examples/org-pack-example.json for the format).
 *
 * Scale 1–5, "Strongly disagree" to "Strongly agree", every point labelled, plus
 * "Don't know" (the scale's `missingOption`), which counts as missing like a skipped item.
 *
 * Score per pillar (our convention, not a validated scoring rule): the MEAN of its
 * answered items, range 1–5, rounded to two decimals, when at most 1 of its 3 items is
 * missing; with 2 or 3 missing the pillar is not scored. Higher is better on every item
 * (none is reverse-keyed). There are no levels: the check has no cut points, and the
 * dashboard reads a pillar mean against the scale's words (3 = neither agree nor disagree).
 */
export const ORG_CHECK_PILLARS = [
  { code: 'org_lm', subscaleId: 'leadershipMission', name: 'Leadership & Mission', items: [1, 2, 3] },
  { code: 'org_ms', subscaleId: 'managementSupervision', name: 'Management & Supervision', items: [4, 5, 6] },
  { code: 'org_ee', subscaleId: 'empowermentEnvironment', name: 'Employee Empowerment & Work Environment', items: [7, 8, 9] },
  { code: 'org_td', subscaleId: 'trainingDevelopment', name: 'Training & Professional Development', items: [10, 11, 12] },
  { code: 'org_hw', subscaleId: 'healthWellness', name: 'Staff Health & Wellness', items: [13, 14, 15] },
] as const;

/** The five pillar codes, in the VT-ORG's order; also the measure keys of their published cells. */
export type PillarCode = (typeof ORG_CHECK_PILLARS)[number]['code'];
export const PILLAR_CODES: readonly PillarCode[] = Object.freeze(ORG_CHECK_PILLARS.map((p) => p.code));
export const PILLAR_NAMES: Readonly<Record<PillarCode, string>> = Object.freeze(
  Object.fromEntries(ORG_CHECK_PILLARS.map((p) => [p.code, p.name])) as Record<PillarCode, string>,
);
export function isPillarCode(value: unknown): value is PillarCode {
  return typeof value === 'string' && (PILLAR_CODES as readonly string[]).includes(value);
}

export const ORG_CHECK_SOURCE =
  'The five areas come from the VT-ORG, the organizational readiness guide of the Vicarious Trauma Toolkit ' +
  '(Office for Victims of Crime, U.S. Department of Justice). The statements are written by the Sustain project; ' +
  'this is a brief indicator, not the validated VT-ORG and not its wording.';

export const ORG_CHECK: InstrumentDefinition = defineInstrument({
  id: 'org-check',
  name: 'Sustain brief organizational check',
  version: '1',
  attribution: ORG_CHECK_SOURCE,
  licence: 'Part of Sustain; may be used, copied and changed under the licence of the Sustain application.',
  description:
    'A brief indicator of how staff see the agency on the five areas of a vicarious-trauma-informed organization. ' +
    'It is not the validated VT-ORG; its pillar scores are means of three statements each.',
  instructions:
    'These statements are about the agency, not about you. Thinking about the last few months, choose how much you agree. ' +
    'Every statement is optional; choose "Don\'t know" when you cannot say. Your answers are never shown to anyone: ' +
    'program directors see only group averages of at least the agency\'s minimum group size.',
  responseScale: {
    min: 1,
    max: 5,
    labels: [
      { value: 1, label: 'Strongly disagree' },
      { value: 2, label: 'Disagree' },
      { value: 3, label: 'Neither agree nor disagree' },
      { value: 4, label: 'Agree' },
      { value: 5, label: 'Strongly agree' },
    ],
    missingOption: { label: "Don't know" },
  },
  items: [
    { id: 1, text: 'Our leaders talk openly about the emotional toll of this work and treat it as part of the job, not as a weakness.' },
    { id: 2, text: 'I can see how my own work helps the agency do what it exists to do for survivors.' },
    { id: 3, text: 'When leaders make big decisions here, they think about what those decisions will do to staff.' },
    { id: 4, text: 'My supervisor makes time to talk about the emotional impact of cases.' },
    { id: 5, text: 'New cases are given out with attention to how many hard cases each of us already carries.' },
    { id: 6, text: 'I can tell my supervisor I am struggling without worrying that it will count against me.' },
    { id: 7, text: 'I have a say in decisions that change how I do my work.' },
    { id: 8, text: 'There is a private place at work where I can make a difficult call or take a moment after a hard conversation.' },
    { id: 9, text: 'People here treat each other with respect, and disagreements are handled fairly.' },
    { id: 10, text: 'I have been taught how to notice signs of vicarious trauma in myself and in colleagues.' },
    { id: 11, text: 'I have had enough training to do my job well, including the parts that are hardest emotionally.' },
    { id: 12, text: 'The agency gives me time and support to keep learning.' },
    { id: 13, text: 'I can take time off when I need it without coming back to an impossible pile of work.' },
    { id: 14, text: 'I know how to get counselling or wellness support through work, and it feels safe to use it.' },
    { id: 15, text: 'Looking after my health is encouraged here, during working hours as well as outside them.' },
  ],
  subscales: Object.fromEntries(
    ORG_CHECK_PILLARS.map((p) => [
      p.subscaleId,
      {
        name: `${p.name} (brief indicator)`,
        abbreviation: p.code,
        items: [...p.items],
        method: 'mean' as const,
        range: { min: 1, max: 5 },
        maxMissing: 1,
      },
    ]),
  ),
});
