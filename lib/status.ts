import fs from "node:fs";
import path from "node:path";
import { appDir } from "./config";
import { databaseHealth, defaultDataDir, getDatabase, openDatabase, type Database, type DatabaseHealth } from "./db";
import { jobCountsInDatabase, sharedJobQueue, type JobCounts, type JobQueue } from "./jobs";

export interface SystemStatus {
  version: string;
  node: string;
  /** Embedded mode only: where PGlite keeps its files. */
  dataDir: string | null;
  database: DatabaseHealth;
  jobs: JobsStatus;
}

export interface JobsStatus {
  backend: JobQueue["backend"];
  /** Whether this process works jobs; null when asked from outside (the CLI). */
  working: boolean | null;
  /** Queued, active and failed (last 24 h) per job; null when this process cannot see them (PGlite from the CLI). */
  counts: JobCounts | null;
  /** Why the counts could not be read. */
  error?: string;
}

async function jobsStatus(db: Database, queue: JobQueue | null): Promise<JobsStatus> {
  const backend = db.mode === "server" ? "pg-boss" : "in-process";
  try {
    return queue ? { backend, working: queue.working, counts: await queue.counts() } : { backend, working: null, counts: await jobCountsInDatabase(db) };
  } catch (error) {
    return { backend, working: queue?.working ?? null, counts: null, error: (error as Error).message };
  }
}

function recallVersion(): string {
  try {
    const file = path.join(appDir(), "package.json");
    return (JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

export async function statusOf(db: Database, queue: JobQueue | null = null): Promise<SystemStatus> {
  return {
    version: recallVersion(),
    node: process.versions.node,
    dataDir: db.mode === "embedded" ? defaultDataDir() : null,
    database: await databaseHealth(db),
    jobs: await jobsStatus(db, queue),
  };
}

/** Status through the process-wide database and job queue (the web app). */
export async function appStatus(): Promise<SystemStatus> {
  const db = await getDatabase();
  // A queue that cannot start must not hide the database's status: jobsStatus then reads the tables.
  const queue = await sharedJobQueue().catch(() => null);
  return statusOf(db, queue);
}

/** Status through a short-lived connection (the CLI); `migrate: false` leaves the database untouched. */
export async function systemStatus(options: { migrate: boolean }): Promise<SystemStatus> {
  const db = await openDatabase({ migrate: options.migrate });
  try {
    return await statusOf(db);
  } finally {
    await db.close();
  }
}
