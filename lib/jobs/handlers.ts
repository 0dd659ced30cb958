import { embedAndCheckImports } from "../importer";
import { plural } from "../plural";
import { lastScanThreshold, scanDuplicates } from "./duplicate-scan";
import { redactSecrets } from "./log";
import { JOB_DATA, type JobContext, type JobData, type JobLog, type JobName } from "./types";

// One embed job embeds at most this many rows, then queues the next: a job stays minutes long, so a
// worker killed mid-way loses little and its job expires (and is retried) soon.
export const EMBED_ROWS_PER_JOB = 5_000;

type Handler<N extends JobName> = (context: JobContext, data: JobData[N]) => Promise<string>;

const handlers: { [N in JobName]: Handler<N> } = {
  async embed(context) {
    const { prisma } = context.db;
    const embedder = context.embedder();
    const embedded = await embedAndCheckImports(prisma, embedder, { limit: EMBED_ROWS_PER_JOB });
    const count = embedded.cards + embedded.passages;
    if (count >= EMBED_ROWS_PER_JOB) await context.enqueue("embed", {});
    // New vectors may be new near-duplicates: the Duplicates page shows the scan that follows.
    else if (embedded.cards > 0) await context.enqueue("duplicate-scan", { threshold: await lastScanThreshold(prisma) });
    return (
      `${embedded.cards} cards and ${embedded.passages} passages embedded${count >= EMBED_ROWS_PER_JOB ? " (more queued)" : ""}` +
      (embedded.importsChecked > 0 ? `; ${plural(embedded.importsChecked, "import")} checked for near-duplicates` : "")
    );
  },
  async "duplicate-scan"(context, { threshold }) {
    const { pairs } = await scanDuplicates(context.db.prisma, context.embedder().model, { threshold });
    return `${pairs} near-duplicate pairs at similarity ≥ ${threshold}`;
  },
};

const NEXT_STEP: Record<JobName, string> = {
  embed: "search by meaning misses the cards not embedded yet; the next import or worker start tries again (or run `cards embed`)",
  "duplicate-scan": "press Rescan on the Duplicates page, or run `cards duplicates`",
};

/** A job's failure, with a message safe to log and to store (pg-boss keeps it with the job). */
export class JobFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobFailedError";
  }
}

/**
 * Runs one attempt of a job with the handler of its name (the same for both backends) and logs how it
 * ended; a failure is rethrown so the backend retries it.
 */
export async function runJob(context: JobContext, log: JobLog, name: JobName, data: unknown, attempt: { number: number; of: number }): Promise<void> {
  const started = Date.now();
  try {
    const parsed = JOB_DATA[name].parse(data);
    const summary = await (handlers[name] as Handler<typeof name>)(context, parsed as JobData[typeof name]);
    log.info(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}`);
  } catch (error) {
    const message = redactSecrets((error as Error).message ?? String(error));
    const retried = attempt.number < attempt.of;
    log.error(
      `${name} failed (attempt ${attempt.number} of ${attempt.of}): ${message}` +
        (retried ? " — retrying with backoff" : ` — giving up: ${NEXT_STEP[name]}`),
    );
    throw new JobFailedError(message);
  }
}
