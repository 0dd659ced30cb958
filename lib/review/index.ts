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
export { type LogRow, type RetentionPeriod, type ReviewStats, reviewStats } from "./stats";
export {
  type OptimizerLog,
  type ModelFit,
  type OptimizerResult,
  MIN_REVIEWS_FOR_OPTIMIZER,
  MIN_CARDS_FOR_OPTIMIZER,
  NotEnoughReviewsError,
  optimizeParameters,
} from "./optimizer";
export {
  ReviewError,
  CardNotFoundError,
  DeckNotFoundError,
  StaleAnswerError,
  CardNotReviewableError,
  NothingToUndoError,
  CollectionNotEmptyError,
  InvalidBackupError,
  InvalidSettingsError,
} from "./errors";
export {
  type DeckSettings,
  type SettingsContext,
  REVIEW_SETTINGS_KEY,
  loadSettingsContext,
  getReviewSettings,
  saveReviewSettings,
} from "./store-settings";
export {
  type QueueCounts,
  type ShownCard,
  type NextCardResult,
  type StudyMore,
  type AnswerInput,
  type AnswerResult,
  type UndoResult,
  STUDY_MORE_KEY,
  nextCard,
  answerCard,
  undoLastAnswer,
  buryCard,
  setCardSuspended,
  studyMore,
  ensureCardStates,
} from "./store";
export {
  type CollectionStats,
  type RescheduleResult,
  getStats,
  runOptimizer,
  applyParameters,
  rescheduleCards,
} from "./store-stats";
export {
  type BackupTable,
  type BackupRows,
  type RestoreResult,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  exportCollectionJson,
  backupRowsFromLines,
  backupRowsFromFile,
  backupRowsFromObject,
  restoreCollection,
} from "./backup";
export { exportCardsCsv } from "./export-csv";
export { type ApkgResult, exportApkg } from "./apkg";
export { stateData } from "./store-rows";
