/**
 * lib/privacy: aggregation and suppression, the only way numbers about
 * people other than the viewer are produced (ARCHITECTURE §4).
 *
 * Pure: no next, react or database imports. Inputs are read-only and never
 * modified; outputs are frozen plain data.
 */
export { MEASURES, MEASURE_LABELS, LEVELS, isMeasure, type Measure, type Level } from './measures';
export {
  MIN_K,
  ORG_GROUP,
  isPublishedCell,
  isSuppressedCell,
  type AggregateCell,
  type EmptyCell,
  type LevelCounts,
  type MeasureScore,
  type PublishedCell,
  type ScoredResponse,
  type SuppressedCell,
  type TeamRef,
} from './types';
export {
  COMPLEMENTARY_REASON,
  assertMinimumGroupSize,
  fewerThanKForMeasureReason,
  fewerThanKReason,
  planSuppression,
  type MeasureReasons,
  type PartCounts,
  type SuppressionPlan,
  type UnassignedCounts,
} from './suppression';
export { buildCycleAggregates, type CycleAggregatesInput } from './aggregates';
export {
  isLevelBreakdownPublishable,
  levelsWithheldReason,
  roundPublished,
  withholdLevelBreakdowns,
} from './levels';
export { auditPublication, type AuditFinding, type AuditInput, type AuditReport, type AuditRespondent } from './audit';
export {
  AUDIT_WITHHELD_REASON,
  planChangePublication,
  planCyclePublication,
  type ChangePublication,
  type ChangePublicationInput,
  type CyclePublication,
  type CyclePublicationInput,
} from './publication';
export {
  CHANGE_FDR,
  CHANGE_MIN_PAIRS,
  buildChangeCells,
  withFamilyQ,
  describeChange,
  type ChangeCell,
  type PairedResponse,
  type PublishedChangeCell,
  type SuppressedChangeCell,
} from './change';
export { auditChanges, type ChangeAuditInput, type LinkedCycle, type LinkedRespondent } from './audit-change';
export { aggregateCellSchema, aggregateCellsSchema, changeCellSchema } from './cell-schema';
export { summarizeParticipation, type ParticipationCell, type ParticipationRow } from './participation';
export {
  MIN_REGRESSION_N,
  RESPONSES_PER_PREDICTOR,
  guardRegression,
  requiredN,
  type GuardPredictor,
  type GuardResult,
} from './regression-guard';
export {
  ALPHA_MIN_N,
  ORG_CHECK_AGGREGATE_MEASURES,
  PILLAR_ALPHA_MEASURE,
  PILLAR_MEASURES,
  PILLAR_NO_LEVELS,
  isPillarMeasure,
  pillarAlphasSchema,
  pillarCellSchema,
  planPillarPublication,
  planPillarChangePublication,
  pillarChangeCellSchema,
  describePillarChange,
  releasePillarAlphas,
  type PillarChangeCell,
  type PillarChangePublication,
  type PillarChangePublicationInput,
  type PillarLinkedCycle,
  type PillarLinkedRespondent,
  type PillarPairedResponse,
  type PillarAlpha,
  type PillarCell,
  type PillarMeasure,
  type PillarPublication,
  type PillarPublicationInput,
  type PillarResponse,
} from './pillars';
