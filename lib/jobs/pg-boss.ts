import type pg from "pg";
import type PgBoss from "pg-boss";
import type { Database } from "../db";
import { runJob } from "./handlers";
import { emptyCounts, FAILED_KEPT_HOURS, JOB_NAMES, jobKey, type JobContext, type JobCounts, type JobData, type JobLog, type JobName, type JobQueue, type RetryPolicy } from "./types";

// How long one attempt may run before pg-boss counts it as failed (and retries it): a worker killed
// mid-job leaves it active until then. Embed jobs are bounded (EMBED_ROWS_PER_JOB) to stay well under.
const EXPIRE_SECONDS: Record<JobName, number> = { embed: 15 * 60, "duplicate-scan": 60 * 60 };

function queueOptions(name: JobName, retry: RetryPolicy): PgBoss.Queue {
  return {
    name,
    // At most one job of a key waiting and one running: a hundred imports queue one embed job.
    policy: "stately",
    retryLimit: retry.limit,
    retryDelay: retry.delaySeconds,
    retryBackoff: true,
    expireInSeconds: EXPIRE_SECONDS[name],
  };
}

/** Counts by the job table itself, so `cards doctor` needs no pg-boss instance (and installs nothing). */
export async function pgBossCounts(db: Database): Promise<JobCounts> {
  const counts = emptyCounts();
  const [installed] = await db.driver.query<{ present: boolean }>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS present`);
  if (!installed.present) return counts;
  const rows = await db.driver.query<{ name: JobName; state: string; n: number }>(
    `SELECT name, state, count(*)::int AS n FROM pgboss.job
     WHERE name = ANY($1) AND (state IN ('created', 'retry', 'active') OR (state = 'failed' AND completed_on > now() - make_interval(hours => $2)))
     GROUP BY name, state`,
    [[...JOB_NAMES], FAILED_KEPT_HOURS],
  );
  for (const { name, state, n } of rows) {
    if (state === "active") counts[name].active += n;
    else if (state === "failed") counts[name].failed += n;
    else counts[name].queued += n;
  }
  return counts;
}

/**
 * Jobs in PostgreSQL through pg-boss, over the app's own connection pool: they outlive the process
 * that added them, and any worker (web server or `cards worker`) of the same database takes them.
 */
export async function openPgBossQueue(
  db: Database,
  options: { work: readonly JobName[]; retry: RetryPolicy; log: JobLog; embedder: JobContext["embedder"]; pollingIntervalSeconds: number },
): Promise<JobQueue> {
  const pool = (db.driver as Database["driver"] & { pool: pg.Pool }).pool;
  const { default: PgBossClass } = await import("pg-boss");
  const boss = new PgBossClass({
    db: { executeSql: (text, values) => pool.query(text, values) },
    // Maintenance (expiring stuck jobs, archiving) is done by workers; a web-only instance or a CLI only adds jobs.
    supervise: options.work.length > 0,
    schedule: false,
    archiveFailedAfterSeconds: FAILED_KEPT_HOURS * 3600,
  });
  boss.on("error", (error) => options.log.error(`job queue: ${error.message}`));
  // Creates (or upgrades) the pgboss schema under pg-boss's advisory lock: N instances may start at once.
  await boss.start();
  for (const name of JOB_NAMES) {
    await boss.createQueue(name, queueOptions(name, options.retry));
    await boss.updateQueue(name, queueOptions(name, options.retry));
  }

  const queue: JobQueue = {
    backend: "pg-boss",
    working: options.work.length > 0,
    async enqueue<N extends JobName>(name: N, data: JobData[N]) {
      return (await boss.send(name, data, { singletonKey: jobKey(name, data) })) !== null;
    },
    counts: () => pgBossCounts(db),
    whenIdle: async () => {},
    async close() {
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };

  if (options.work.length > 0) {
    const context: JobContext = { db, embedder: options.embedder, enqueue: queue.enqueue };
    for (const name of options.work) {
      await boss.work<JobData[typeof name]>(name, { includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds }, async ([job]) => {
        await runJob(context, options.log, name, job.data, { number: job.retryCount + 1, of: job.retryLimit + 1 });
      });
    }
  }
  return queue;
}
