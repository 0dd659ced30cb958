import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase, type Database } from "../../lib/db";
import { importNotes, queueEmbeddingAfterImport } from "../../lib/importer";
import { jobCountsInDatabase, openJobQueue, redactSecrets, scanDuplicates, storedDuplicateScan, type JobLog, type JobQueue } from "../../lib/jobs";
import { countPendingEmbeddings, embedPending, keepDuplicate, searchNotes } from "../../lib/search";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { failingEmbedder, localEmbedder } from "../search/embedders";

const NOTE = `# Data structures

## What is a hash table?

Buckets indexed by a hash of the key, for constant-time lookups.

## What is a binary heap?

A complete binary tree where each parent is smaller than its children.

## What is a hash map?

Buckets indexed by a hash of the key, for constant-time lookups.
`;

/** Polls until `done` holds; the deadline is only there so a broken worker fails the test instead of hanging it. */
async function until(what: string, done: () => Promise<boolean>, deadlineMs = 50_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`still waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function recordingLog(): JobLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), error: (message) => lines.push(message) };
}

/** Fails its first `failures` calls the way an unreachable endpoint does (with a URL carrying a password), then embeds with the real model. */
const flakyEmbedder = (failures: number) =>
  failingEmbedder((call) => call <= failures, `embedding endpoint http://recall:s3cret-pass@127.0.0.1:9/v1 (model ${localEmbedder.model}) failed: connection refused`);

const searchableByMeaning = async (db: Database) =>
  (await searchNotes(db.prisma, localEmbedder, { query: "buckets found by hashing the key", mode: "semantic", types: ["card"], limit: 3 })).results.map((r) => r.front);

const nothingPending = async (db: Database) => {
  const pending = await countPendingEmbeddings(db.prisma, localEmbedder.model);
  return pending.cards + pending.passages === 0;
};

describeEachDatabase("background jobs", (backend) => {
  let db: TestDatabase;
  let notes: string;
  const opened: { close(): Promise<void> }[] = [];
  /** A queue closed at the end of the test, whatever happens. */
  const queue = async (on: Database, options: Parameters<typeof openJobQueue>[1] = {}): Promise<JobQueue> => {
    const jobs = await openJobQueue(on, { embedder: localEmbedder, pollingIntervalSeconds: 0.5, log: recordingLog(), ...options });
    opened.push(jobs);
    return jobs;
  };

  beforeEach(async () => {
    db = await backend.create();
    notes = fs.mkdtempSync(path.join(os.tmpdir(), "recall-jobs-"));
    fs.writeFileSync(path.join(notes, "structures.md"), NOTE);
  });
  afterEach(async () => {
    for (const closable of opened.splice(0).reverse()) await closable.close();
    await db.destroy();
    fs.rmSync(notes, { recursive: true, force: true });
  });

  it("an import queues embedding instead of doing it, and a worker makes the cards searchable by meaning", async () => {
    const imported = await importNotes(db.prisma, [notes], { root: notes });
    const embedding = await queueEmbeddingAfterImport(db, await queue(db), localEmbedder.model, imported);
    expect(embedding).toEqual({ queued: true, pending: { cards: 3, passages: expect.any(Number) } });
    expect(await searchableByMeaning(db)).toEqual([]);

    const worker = await queue(db, { work: true });
    await until("the worker to embed the import", () => nothingPending(db));
    await until("the queue to be empty", async () => Object.values(await worker.counts()).every((c) => c.queued + c.active === 0));
    expect((await searchableByMeaning(db)).slice(0, 2).sort()).toEqual(["What is a hash map?", "What is a hash table?"]);
    // The embedding was followed by a duplicate scan, stored for the Duplicates page.
    const scan = await storedDuplicateScan(db.prisma, localEmbedder.model, 0.9);
    expect(scan?.clusters.map((cluster) => cluster.cards.map((card) => card.front).sort())).toEqual([["What is a hash map?", "What is a hash table?"]]);
  });

  it("work queued while no worker runs is done once a worker starts after a restart", async () => {
    const imported = await importNotes(db.prisma, [notes], { root: notes });
    const producer = await queue(db);
    await queueEmbeddingAfterImport(db, producer, localEmbedder.model, imported);
    if (backend.name === "postgres") await producer.enqueue("duplicate-scan", { threshold: 0.75 });
    await producer.close();

    // The restarted process: on PostgreSQL a new connection pool and pg-boss instance; on PGlite a new
    // in-process queue (its jobs were lost with the old one, as with its process).
    let restarted: Database = db;
    if (backend.name === "postgres") {
      restarted = await openDatabase(db.options);
      opened.push(restarted);
      expect((await jobCountsInDatabase(restarted))?.embed.queued).toBe(1);
    } else {
      expect(await jobCountsInDatabase(restarted)).toBeNull();
    }
    expect(await nothingPending(restarted)).toBe(false);

    await queue(restarted, { work: true });
    await until("the worker to embed what was queued before the restart", () => nothingPending(restarted));
    expect((await searchableByMeaning(restarted)).length).toBeGreaterThan(0);
    if (backend.name === "postgres") {
      // Only the job queued before the restart scans at 0.75.
      await until("the duplicate scan queued before the restart", async () => (await storedDuplicateScan(restarted.prisma, localEmbedder.model, 0.75)) !== null);
    }
  });

  it("a queue that works only embed jobs (`cards import --wait`) embeds and leaves the duplicate scan to the workers", async () => {
    const imported = await importNotes(db.prisma, [notes], { root: notes });
    const jobs = await queue(db, { work: ["embed"] });
    await queueEmbeddingAfterImport(db, jobs, localEmbedder.model, imported);
    await jobs.whenIdle();
    await until("the embed job", () => nothingPending(db));
    await until("the scan the embed job queued", async () => (await jobs.counts())["duplicate-scan"].queued === 1);
    expect((await jobs.counts()).embed).toMatchObject({ queued: 0, active: 0 });
    expect(await storedDuplicateScan(db.prisma, localEmbedder.model, 0.9)).toBeNull();

    // On PostgreSQL the scan waits in the database for any worker (in-process jobs live in their queue).
    if (backend.name === "postgres") {
      await queue(db, { work: true });
      await until("a full worker to scan", async () => (await storedDuplicateScan(db.prisma, localEmbedder.model, 0.9)) !== null);
    }
  });

  it("a failed job is logged without secrets and retried with backoff until it succeeds", async () => {
    await importNotes(db.prisma, [notes], { root: notes });
    const log = recordingLog();
    await queue(db, { work: true, embedder: flakyEmbedder(1), retry: { limit: 2, delaySeconds: 1 }, log });
    const doneLogged = () => log.lines.some((line) => /^embed done in [\d.]+ s: 3 cards and \d+ passages embedded; 1 import checked for near-duplicates$/.test(line));
    // The job logs "done" just after its last write, so wait for both, not only for the rows.
    await until("the retry to embed everything", async () => (await nothingPending(db)) && doneLogged());
    const failure = log.lines.find((line) => line.startsWith("embed failed"));
    expect(failure).toMatch(/^embed failed \(attempt 1 of 3\): embedding endpoint http:\/\/recall:\*\*\*@127\.0\.0\.1:9\/v1 .* connection refused — retrying with backoff$/);
    expect(log.lines.join("\n")).not.toContain("s3cret-pass");
    expect(doneLogged()).toBe(true);
  });

  it("a job that fails every retry gives up, counts as failed and says what to do", async () => {
    await importNotes(db.prisma, [notes], { root: notes });
    const log = recordingLog();
    const worker = await queue(db, { work: true, embedder: flakyEmbedder(Infinity), retry: { limit: 1, delaySeconds: 1 }, log });
    await until("the job to give up", async () => (await worker.counts()).embed.failed === 1);
    expect(log.lines.filter((line) => line.startsWith("embed failed"))).toEqual([
      expect.stringMatching(/attempt 1 of 2\).*retrying with backoff$/),
      expect.stringMatching(/attempt 2 of 2\).*giving up: search by meaning misses the cards not embedded yet; .*`cards embed`\)$/),
    ]);
    expect(await nothingPending(db)).toBe(false);
  });
});

describeEachDatabase("stored duplicate scan", (backend) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await backend.create();
  });
  afterEach(async () => {
    await db.destroy();
  });

  it("serves its own similarity and higher ones, and shows cards as they are now", async () => {
    const notes = fs.mkdtempSync(path.join(os.tmpdir(), "recall-jobs-"));
    fs.writeFileSync(path.join(notes, "structures.md"), NOTE);
    await importNotes(db.prisma, [notes], { root: notes });
    fs.rmSync(notes, { recursive: true, force: true });
    await embedPending(db.prisma, localEmbedder);
    expect(await storedDuplicateScan(db.prisma, localEmbedder.model, 0.9)).toBeNull();

    await scanDuplicates(db.prisma, localEmbedder.model, { threshold: 0.8 });
    const scan = await storedDuplicateScan(db.prisma, localEmbedder.model, 0.9);
    expect(scan?.threshold).toBe(0.9);
    const [pair] = scan!.clusters;
    expect(pair.cards).toHaveLength(2);
    // A lower similarity needs a scan of its own; another model's vectors are never reused.
    expect(await storedDuplicateScan(db.prisma, localEmbedder.model, 0.7)).toBeNull();
    expect(await storedDuplicateScan(db.prisma, "other:model", 0.9)).toBeNull();

    await keepDuplicate(db.prisma, pair.cards[0].id, [pair.cards[1].id]);
    expect((await storedDuplicateScan(db.prisma, localEmbedder.model, 0.9))?.clusters).toEqual([]);
  });
});

it("redactSecrets hides URL passwords and the configured keys", () => {
  expect(redactSecrets("postgres://app:pw@db:5432/recall and key sk-live-123456", { OPENAI_API_KEY: "sk-live-123456" })).toBe("postgres://app:***@db:5432/recall and key ***");
});
