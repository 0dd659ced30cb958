import { z } from "zod";
import type { Database } from "../db";
import type { Embedder } from "../embeddings";

export const JOB_NAMES = ["embed", "duplicate-scan"] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** What each job is given; validated when a worker picks it up (pg-boss data comes back from the database). */
export const JOB_DATA = {
  /** Embed whatever has no vector for the current model (idempotent: vectors are keyed by text hash and model). */
  embed: z.object({}),
  /** Find near-duplicate cards at or above this similarity and store the result for the Duplicates page. */
  "duplicate-scan": z.object({ threshold: z.number().gt(0).lte(1) }),
} satisfies Record<JobName, z.ZodType>;
export type JobData = { [N in JobName]: z.infer<(typeof JOB_DATA)[N]> };

export interface JobStateCounts {
  /** Waiting to run, first attempts and retries. */
  queued: number;
  active: number;
  /** Gave up after every retry, in the last FAILED_KEPT_HOURS hours. */
  failed: number;
}
export type JobCounts = Record<JobName, JobStateCounts>;
export const FAILED_KEPT_HOURS = 24;

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** First retry after about this long; each next one waits about twice as long (pg-boss's backoff). */
  delaySeconds: number;
}
export const DEFAULT_RETRY: RetryPolicy = { limit: 5, delaySeconds: 30 };

export interface JobLog {
  info(message: string): void;
  error(message: string): void;
}

export interface JobQueue {
  /** pg-boss on PostgreSQL (jobs live in the database), in-process on PGlite (jobs live in this process). */
  readonly backend: "pg-boss" | "in-process";
  /** Whether this process works jobs, or only adds them for workers elsewhere. */
  readonly working: boolean;
  /** Adds a job; false when the same job is already waiting (it will do this one's work). */
  enqueue<N extends JobName>(name: N, data: JobData[N]): Promise<boolean>;
  counts(): Promise<JobCounts>;
  /** Resolves once this process has nothing queued or running (at once for pg-boss: its jobs wait in the database). */
  whenIdle(): Promise<void>;
  /** Stops taking jobs and lets a running one finish; queued in-process jobs are dropped (found again at the next start). */
  close(): Promise<void>;
}

export interface JobQueueOptions {
  /** Work jobs in this process: all of them (true), only those named, or none (default: only add them). */
  work?: boolean | readonly JobName[];
  /** Embedder for the jobs (default: from the environment, when the first job needs it). */
  embedder?: Embedder;
  retry?: Partial<RetryPolicy>;
  /** How often an idle pg-boss worker looks for jobs (default 2). */
  pollingIntervalSeconds?: number;
  log?: JobLog;
}

/** What a job handler works with. */
export interface JobContext {
  db: Database;
  embedder(): Embedder;
  enqueue: JobQueue["enqueue"];
}

/** Same name and data → the same job: a second one waiting would redo the first one's work. */
export function jobKey(name: JobName, data: unknown): string {
  return `${name}:${JSON.stringify(data)}`;
}

export function emptyCounts(): JobCounts {
  return Object.fromEntries(JOB_NAMES.map((name) => [name, { queued: 0, active: 0, failed: 0 }])) as JobCounts;
}
