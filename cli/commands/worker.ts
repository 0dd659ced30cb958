import type { Command } from "commander";
import { fail } from "../output";

/** A process that only works jobs: one or more of these next to web servers started with RECALL_WORKERS=0. */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("work background jobs (embedding, duplicate scans) until Ctrl+C or SIGTERM; on PostgreSQL run as many as you like")
    .action(async () => {
      try {
        const { openDatabase } = await import("../../lib/db");
        const { openJobQueue, JOB_NAMES } = await import("../../lib/jobs");
        const db = await openDatabase();
        const jobs = await openJobQueue(db, { work: true });
        console.log(
          `recall jobs: worker ready (${JOB_NAMES.join(", ")}) on ${db.driver.location} via ${jobs.backend}` +
            (jobs.backend === "in-process" ? " — the web server cannot run while this holds the embedded database" : ""),
        );
        const signal = await new Promise<NodeJS.Signals>((resolve) => {
          process.once("SIGINT", () => resolve("SIGINT"));
          process.once("SIGTERM", () => resolve("SIGTERM"));
        });
        console.log(`recall jobs: ${signal}: finishing the running job, then stopping`);
        await jobs.close();
        await db.close();
      } catch (error) {
        fail(error, {});
      }
    });
}
