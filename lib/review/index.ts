export {
  type NewReviewOrder,
  type ReviewOrder,
  type ReviewSettings,
  defaultReviewSettings,
  reviewSettingsSchema,
  reviewSettingsOverridesSchema,
  resolveSettings,
} from "./settings";
export {
  type CardStateName,
  type SchedulingState,
  type Rating,
  type ReviewOutcome,
  type ObsidianPrior,
  ratings,
  schedulingStateSchema,
  newSchedulingState,
  applyRating,
  replayReviews,
  previewIntervals,
  intervalLabel,
  retrievability,
  effectiveParameters,
  stateFromObsidianPrior,
  InvalidObsidianPriorError,
} from "./scheduling";
export { type DaySettings, type StudyDay, studyDay, studyDayOfKey, studyDayKeyer, addDays } from "./day";
export {
  type QueueCard,
  type DayCounts,
  type DeckLimits,
  type Queue,
  LEARN_AHEAD_MS,
  buildQueue,
  nextDue,
} from "./queue";
export { type LogRow, type RetentionPeriod, type ReviewStats, dayCounts, reviewStats } from "./stats";
export {
  type OptimizerLog,
  type ModelFit,
  type OptimizerResult,
  MIN_REVIEWS_FOR_OPTIMIZER,
  MIN_CARDS_FOR_OPTIMIZER,
  NotEnoughReviewsError,
  optimizeParameters,
} from "./optimizer";
