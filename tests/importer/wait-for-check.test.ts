import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { importNotes, queueEmbeddingAfterImport, waitForImportCheck } from "../../lib/importer";
import { openJobQueue, type JobQueue } from "../../lib/jobs";
import type { EmbedProgress } from "../../lib/search";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { localEmbedder } from "../search/embedders";

// 40 cards in 4 notes (alike enough to flag each other; the flags are not what this tests).
const note = (n: number) =>
  Array.from({ length: 10 }, (_, i) => `## What is fact ${n}.${i}?\n\nFact ${n}.${i} is a sentence about topic ${n * 10 + i} that the model embeds.\n`).join("\n");

describeEachDatabase("waiting for an import's check follows the embedding", (backend) => {
  let db: TestDatabase;
  let notes: string;
  let jobs: JobQueue | undefined;

  beforeEach(async () => {
    db = await backend.create();
    notes = fs.mkdtempSync(path.join(os.tmpdir(), "recall-wait-"));
    for (let n = 0; n < 4; n++) fs.writeFileSync(path.join(notes, `n${n}.md`), note(n));
  });
  afterEach(async () => {
    await jobs?.close();
    await db?.destroy();
    fs.rmSync(notes, { recursive: true, force: true });
  });

  it("reports cards, then passages, from the rows still without a vector, ending at their totals", async () => {
    const result = await importNotes(db.prisma, [notes], { root: notes });
    jobs = await openJobQueue(db, { work: true, embedder: localEmbedder, pollingIntervalSeconds: 0.5, retry: { limit: 0 }, log: { info() {}, error() {} } });
    const embedding = await queueEmbeddingAfterImport(db, jobs, localEmbedder.model, result);
    expect(embedding.pending.cards).toBe(40);

    const seen: EmbedProgress[] = [];
    const record = await waitForImportCheck(db, jobs, localEmbedder.model, result.importId!, { pollMs: 50, onProgress: (p) => seen.push(p) });
    expect(record).toMatchObject({ cards: 40, unembedded: 0 });
    expect(record.duplicates).not.toBeNull();

    const cards = seen.filter((p) => p.kind === "cards");
    const passages = seen.filter((p) => p.kind === "passages");
    expect(cards.length).toBeGreaterThan(0);
    expect(seen.indexOf(cards.at(-1)!)).toBeLessThan(seen.indexOf(passages[0]));
    expect(cards.every((p) => p.total === 40)).toBe(true);
    expect(passages.at(-1)).toEqual({ kind: "passages", done: embedding.pending.passages, total: embedding.pending.passages });
    for (const list of [cards, passages]) for (let i = 1; i < list.length; i++) expect(list[i].done).toBeGreaterThanOrEqual(list[i - 1].done);
  });
});
