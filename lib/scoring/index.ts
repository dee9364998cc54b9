/**
 * Item answers → subscale scores, levels, the missing-data rule, and reliability.
 * Pure: imports nothing from next, react or the database.
 */
export {
  answersSchema,
  describeAnswerProblem,
  reverseAnswer,
  ScoringInputError,
  type ItemAnswers,
} from './answers';
export {
  createScorer,
  notScoredReason,
  scoreInstrument,
  type InstrumentScore,
  type ScoredSubscale,
  type Scorer,
  type SubscaleScore,
  type UnscoredSubscale,
} from './score-instrument';
export {
  describeProqolLevel,
  PROQOL_LEVEL_DESCRIPTIONS,
  scoreProqol,
  type ProqolScores,
} from './proqol';
export {
  scoreBriefVr,
  scoreSelfCare,
  selfCareAnswersFromKeys,
  type SelfCareScore,
} from './brief-instruments';
export { subscaleAlpha, type SubscaleAlpha } from './subscale-alpha';
export { scoreOrgCheck } from './org-check';
