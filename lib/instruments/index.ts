/**
 * Instrument definitions as validated data. Pure: imports nothing from next, react or
 * the database.
 */
export type {
  InstrumentDefinition,
  InstrumentItem,
  Level,
  LevelCutPoints,
  ResponseScale,
  ScaleLabel,
  ScoringMethod,
  SubscaleDefinition,
} from './types';
export { LEVELS } from './types';
export {
  checkDefinition,
  defineInstrument,
  instrumentPackSchema,
  parsePack,
  type InstrumentPackInput,
  type ParsePackResult,
} from './schema';
export {
  DEFAULT_ROLE_WORDS,
  ROLE_WORD_PRESETS,
  customRoleNounSchema,
  getRoleWords,
  isRoleWordPresetId,
  renderItemText,
  roleWordPresetIds,
  roleWordsForNoun,
  type RoleWordPresetId,
  type RoleWords,
} from './role-words';
export { PROQOL5, PROQOL5_MAX_MISSING, PROQOL5_SOURCE, PROQOL_SUBSCALE_IDS, type ProqolSubscaleId } from './proqol5';
export { BRIEF_VR } from './brief-vr';
export {
  ORG_CHECK,
  ORG_CHECK_PILLARS,
  ORG_CHECK_SOURCE,
  PILLAR_CODES,
  PILLAR_NAMES,
  isPillarCode,
  type PillarCode,
} from './org-check';
export {
  SELF_CARE,
  SELF_CARE_MAX_MISSING,
  SELF_CARE_PRACTICES,
  SELF_CARE_PRACTICE_KEYS,
  type SelfCarePracticeKey,
} from './self-care';
export {
  CASELOAD_SHARE_OPTIONS,
  PREFER_NOT_TO_SAY,
  ROLE_OPTIONS,
  SUPERVISION_FREQUENCY_OPTIONS,
  TRAUMA_CATEGORY_OPTIONS,
  TRAUMA_HISTORY_OPTIONS,
  WEEKLY_DIRECT_SERVICE_HOURS_OPTIONS,
  YEARS_IN_FIELD_OPTIONS,
  getProfilePredictors,
  getProfileRole,
  profileAnswersSchema,
  type ProfileAnswers,
  type ProfilePredictors,
  type ProfileRole,
  type TraumaCategory,
} from './profile';
export {
  BUILT_IN_INSTRUMENT_IDS,
  getBuiltInInstrument,
  isBuiltInInstrumentId,
  type BuiltInInstrumentId,
} from './registry';
