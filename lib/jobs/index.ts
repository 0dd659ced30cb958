export { openJobQueue, jobCountsInDatabase, requestEmbedding } from "./queue";
export { sharedJobQueue } from "./shared";
export { scanDuplicates, storedDuplicateScan, type DuplicateScanView } from "./duplicate-scan";
export { EMBED_ROWS_PER_JOB } from "./handlers";
export { redactSecrets } from "./log";
export { JOB_NAMES, DEFAULT_RETRY, FAILED_KEPT_HOURS, type JobName, type JobData, type JobCounts, type JobStateCounts, type JobQueue, type JobQueueOptions, type JobLog, type RetryPolicy } from "./types";
