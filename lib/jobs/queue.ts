import type { Database } from "../db";
import { embedderFromEnv, type Embedder } from "../embeddings";
import { countPendingEmbeddings, type EmbedPendingResult } from "../search";
import { openInProcessQueue } from "./in-process";
import { consoleJobLog, redactingLog } from "./log";
import { pgBossCounts, openPgBossQueue } from "./pg-boss";
import { DEFAULT_RETRY, JOB_NAMES, type JobCounts, type JobQueue, type JobQueueOptions } from "./types";

/**
 * The job queue of this database, chosen like the database is: pg-boss on PostgreSQL, in-process on
 * PGlite; the same job names and handlers either way. A queue that works embed jobs starts by queueing one,
 * so work left unfinished (a crash, a model change, a queue that was lost with its process) is
 * found again: the embed job looks for what has no vector for the current model.
 */
export async function openJobQueue(db: Database, options: JobQueueOptions = {}): Promise<JobQueue> {
  let embedder = options.embedder;
  const settings = {
    work: options.work === true ? JOB_NAMES : options.work || [],
    retry: { ...DEFAULT_RETRY, ...options.retry },
    log: redactingLog(options.log ?? consoleJobLog),
    // Created when the first job needs it: a process that only adds jobs never loads the model.
    embedder: (): Embedder => (embedder ??= embedderFromEnv()),
  };
  const queue =
    db.mode === "server" ? await openPgBossQueue(db, { ...settings, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }) : openInProcessQueue(db, settings);
  if (settings.work.includes("embed")) await queue.enqueue("embed", {});
  return queue;
}

/**
 * What search by meaning still misses, with an embed job queued for it unless one is already queued
 * or running (after a model change, or once an earlier job gave up).
 */
export async function requestEmbedding(db: Database, queue: JobQueue, model: string): Promise<EmbedPendingResult> {
  const pending = await countPendingEmbeddings(db.prisma, model);
  if (pending.cards + pending.passages > 0) {
    const { embed } = await queue.counts();
    if (embed.queued + embed.active === 0) await queue.enqueue("embed", {});
  }
  return pending;
}

/**
 * Job counts for `cards doctor`, without starting a queue: from pg-boss's tables on PostgreSQL; null on
 * PGlite, whose jobs live in the process that has the database open (the web server: GET /api/health).
 */
export async function jobCountsInDatabase(db: Database): Promise<JobCounts | null> {
  return db.mode === "server" ? pgBossCounts(db) : null;
}
