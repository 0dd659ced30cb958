import type { Database } from "../db";
import { runJob } from "./handlers";
import { emptyCounts, FAILED_KEPT_HOURS, jobKey, type JobContext, type JobData, type JobLog, type JobName, type JobQueue, type RetryPolicy } from "./types";

interface Entry {
  name: JobName;
  data: unknown;
  key: string;
  /** 1 for the first attempt. */
  attempt: number;
  runAt: number;
}

/** pg-boss's backoff: about delay × 2^(attempt−1), between half of it and all of it. */
export function backoffMs(policy: RetryPolicy, failedAttempts: number): number {
  const full = policy.delaySeconds * 1000 * 2 ** Math.min(16, failedAttempts);
  return full / 2 + (full / 2) * Math.random();
}

/**
 * The embedded database can be opened by one process only, so its jobs run inside that process: one
 * of each (name, data) at a time, the same job waiting once, failures retried with backoff. Nothing
 * is stored; what an unfinished job would have done is found again at the next start (the embed job
 * looks for rows without a vector anyway).
 */
export function openInProcessQueue(db: Database, options: { work: readonly JobName[]; retry: RetryPolicy; log: JobLog; embedder: JobContext["embedder"] }): JobQueue {
  const waiting: Entry[] = [];
  const running = new Map<string, { name: JobName; done: Promise<void> }>();
  const failedAt: { name: JobName; at: number }[] = [];
  const idleWaiters: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const context: JobContext = { db, embedder: options.embedder, enqueue: (name, data) => queue.enqueue(name, data) };

  function settleIdle() {
    // Jobs this process will not run do not keep it busy.
    if (!closed && (running.size > 0 || waiting.some((entry) => options.work.includes(entry.name)))) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function schedule() {
    clearTimeout(timer);
    timer = undefined;
    if (closed || options.work.length === 0) return settleIdle();
    const now = Date.now();
    for (const entry of [...waiting]) {
      if (entry.runAt > now || running.has(entry.key) || !options.work.includes(entry.name)) continue;
      waiting.splice(waiting.indexOf(entry), 1);
      running.set(entry.key, { name: entry.name, done: run(entry) });
    }
    const next = Math.min(...waiting.filter((entry) => !running.has(entry.key) && options.work.includes(entry.name)).map((entry) => entry.runAt));
    if (Number.isFinite(next)) timer = setTimeout(schedule, Math.max(0, next - now));
    settleIdle();
  }

  async function run(entry: Entry) {
    try {
      await runJob(context, options.log, entry.name, entry.data, { number: entry.attempt, of: options.retry.limit + 1 });
    } catch {
      // runJob logged it. A retry waits unless the same job is already waiting, which will do its work.
      if (entry.attempt <= options.retry.limit && !closed && !waiting.some((other) => other.key === entry.key)) {
        waiting.push({ ...entry, attempt: entry.attempt + 1, runAt: Date.now() + backoffMs(options.retry, entry.attempt) });
      } else if (entry.attempt > options.retry.limit) {
        failedAt.push({ name: entry.name, at: Date.now() });
      }
    } finally {
      running.delete(entry.key);
      schedule();
    }
  }

  const queue: JobQueue = {
    backend: "in-process",
    working: options.work.length > 0,
    async enqueue<N extends JobName>(name: N, data: JobData[N]) {
      const key = jobKey(name, data);
      if (closed || waiting.some((entry) => entry.key === key && entry.attempt === 1)) return false;
      waiting.push({ name, data, key, attempt: 1, runAt: Date.now() });
      // Not in this call's turn: the caller (an import request) answers first.
      setImmediate(schedule);
      return true;
    },
    async counts() {
      const counts = emptyCounts();
      for (const entry of waiting) counts[entry.name].queued++;
      for (const { name } of running.values()) counts[name].active++;
      const since = Date.now() - FAILED_KEPT_HOURS * 3_600_000;
      failedAt.splice(0, failedAt.filter((failure) => failure.at < since).length);
      for (const failure of failedAt) counts[failure.name].failed++;
      return counts;
    },
    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      waiting.length = 0;
      await Promise.all([...running.values()].map((job) => job.done));
      settleIdle();
    },
  };
  return queue;
}
