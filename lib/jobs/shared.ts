import { z } from "zod";
import { getDatabase } from "../db";
import { openJobQueue } from "./queue";
import type { JobQueue } from "./types";

const WorkersEnv = z.object({
  RECALL_WORKERS: z.enum(["0", "1"], { message: "RECALL_WORKERS must be 1 (the web server works jobs, the default) or 0 (it only adds them)" }).default("1"),
});

// Next.js may load this module in several bundles of one process: the queue lives on globalThis.
const key = Symbol.for("recall.jobs");
type GlobalWithQueue = typeof globalThis & { [key]?: Promise<JobQueue> };

/**
 * The web server's job queue, opened on first use (instrumentation.ts opens it at start). It works jobs
 * unless RECALL_WORKERS=0; on PGlite it always does, since no other process can open the database.
 */
export function sharedJobQueue(): Promise<JobQueue> {
  const holder = globalThis as GlobalWithQueue;
  holder[key] ??= (async () => {
    const { RECALL_WORKERS } = WorkersEnv.parse(process.env);
    const db = await getDatabase();
    if (RECALL_WORKERS === "0" && db.mode === "embedded") {
      console.warn("recall jobs: RECALL_WORKERS=0 ignored: the embedded database (PGlite) allows no separate worker, so the web server works its jobs");
    }
    return openJobQueue(db, { work: RECALL_WORKERS === "1" || db.mode === "embedded" });
  })().catch((error) => {
    delete holder[key];
    throw error;
  });
  return holder[key];
}
