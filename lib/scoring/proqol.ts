import { PROQOL5, type Level, type ProqolSubscaleId } from '@/lib/instruments';
import type { ItemAnswers } from './answers';
import { createScorer, type SubscaleScore } from './score-instrument';

export type ProqolScores = { readonly [K in ProqolSubscaleId]: SubscaleScore };

const scoreProqol5 = createScorer(PROQOL5);

/**
 * Scores a ProQOL 5 response (items 1–30 on the 1–5 scale) into its three subscales.
 * Same rules as `scoreInstrument(PROQOL5, answers)`: sums of 10 items, burnout items
 * 1, 4, 15, 17, 29 reversed (6 − value), at most 2 missing per subscale (prorated),
 * levels low ≤ 22, moderate otherwise, high ≥ 42.
 *
 * @example scoreProqol(Array(31).fill(1))
 *   // compassionSatisfaction 10 (low), burnout 30 (moderate), secondaryTraumaticStress 10 (low)
 */
export function scoreProqol(answers: ItemAnswers): ProqolScores {
  const { subscales } = scoreProqol5(answers);
  return {
    compassionSatisfaction: subscales.compassionSatisfaction,
    burnout: subscales.burnout,
    secondaryTraumaticStress: subscales.secondaryTraumaticStress,
  };
}

/**
 * What each ProQOL level means, for the staff member who scored it. Written in our own
 * words from the interpretive guidance in the ProQOL 5 manual (Stamm, 2010): the cut
 * points are near the 25th and 75th percentiles of the norm sample, so "moderate" is
 * where most people doing helping work score. These are descriptions, not diagnoses.
 */
export const PROQOL_LEVEL_DESCRIPTIONS: { readonly [K in ProqolSubscaleId]: { readonly [L in Level]: string } } =
  Object.freeze({
    compassionSatisfaction: Object.freeze({
      low:
        'You are getting less satisfaction from your work than most people who do it. The reason may lie in the ' +
        'work itself, in the setting, or in your life outside work, and it can change. It may help to talk it over ' +
        'with your supervisor or someone you trust.',
      moderate:
        'You are getting a fair amount of satisfaction from your work, in the range where most people who do ' +
        'helping work score.',
      high:
        'You are getting a great deal of satisfaction from your work: a sense that you do it well and that it ' +
        'makes a difference.',
    }),
    burnout: Object.freeze({
      low: 'Your answers show few signs of burnout: you generally feel able to do your work well and to make a difference.',
      moderate:
        'Your answers show some signs of burnout, in the range where most people who do helping work score. ' +
        'Burnout usually builds slowly, so it is worth noticing what drains you at work and what restores you.',
      high:
        'Your answers suggest burnout: feeling worn out, stuck, or that your efforts make no difference. Burnout ' +
        'usually comes from the work situation (a heavy caseload, a system that gets in the way, too little ' +
        'support) rather than from a failing in you. It may help to talk with your supervisor about workload and ' +
        'support. If these feelings last or spill into the rest of your life, consider talking with a professional.',
    }),
    secondaryTraumaticStress: Object.freeze({
      low: 'Your answers show few signs that the trauma you hear about at work is affecting you.',
      moderate:
        'Your answers show some effects of hearing about trauma at work, in the range where most people who do ' +
        'helping work score. It is worth keeping an eye on your sleep, on images that come back to you, and on ' +
        'whether you avoid reminders.',
      high:
        'Your answers suggest that the trauma you hear about at work is affecting you: for example fear, trouble ' +
        'sleeping, images that intrude, or avoiding reminders. This is a known effect of this work, not a sign ' +
        'that you are weak or doing it badly, and it can ease with support. Consider talking with your ' +
        'supervisor, a colleague you trust, or a health professional.',
    }),
  });

/**
 * The plain-language description of a ProQOL level for staff.
 *
 * @example describeProqolLevel('burnout', 'moderate').startsWith('Your answers show some signs of burnout')
 */
export function describeProqolLevel(subscale: ProqolSubscaleId, level: Level): string {
  const text = PROQOL_LEVEL_DESCRIPTIONS[subscale]?.[level];
  if (text === undefined) throw new Error(`describeProqolLevel: unknown subscale or level "${subscale}", "${level}"`);
  return text;
}
