import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import * as importStatus from "../../app/api/import/[id]/route";
import * as importRoute from "../../app/api/import/route";
import * as upload from "../../app/api/import/upload/route";
import { getDatabase } from "../../lib/db";
import { openJobQueue } from "../../lib/jobs";
import { describeEachDatabase, nameInEnvironment, type TestDatabase } from "../helpers/databases";
import { localEmbedder } from "../search/embedders";

/**
 * The Import page's requests, through the route handlers on a real database named by the environment,
 * as the server runs them: an import answers at once with its id, its embed job runs in the background,
 * and GET /api/import/:id then gives the import's near-duplicate flags, stored with it by that job.
 */

const OVERFITTING = "# Overfitting\n\n## What is overfitting?\n\nWhen a model memorises its training data and fails to generalise.\n";
const PARAPHRASE = "# ML\n\n## What does overfitting mean?\n\nA model that memorises the training set instead of generalising.\n";
const THIRD = "## What is meant by overfitting?\n\nWhen a model memorises its training data instead of generalising.\n";

interface StatusJson {
  id: string;
  cards: number;
  unembedded: number;
  duplicates: { message: string; card: { front: string; source: { path: string } }; similarTo: { front: string; deck: string } }[] | null;
  embedJob: { queued: number; active: number; failed: number; workedHere: boolean };
}

const status = async (id: string) => {
  const response = await importStatus.GET(new Request(`http://127.0.0.1/api/import/${id}`), { params: Promise.resolve({ id }) });
  return { status: response.status, body: await response.json() };
};

/** Polls the import until its flags are stored; the deadline only turns a broken worker into a failure instead of a hang. */
async function checkedImport(id: string): Promise<StatusJson> {
  const end = Date.now() + 60_000;
  for (;;) {
    const { body } = await status(id);
    if (body.duplicates !== null) return body;
    if (Date.now() > end) throw new Error(`import ${id} still not checked: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describeEachDatabase("import routes: an import's near-duplicates, once its embed job is done", (backend) => {
  let db: TestDatabase;
  let notes: string;
  let restoreEnv: () => void;
  const saved = { notes: process.env.RECALL_NOTES_DIR, workers: process.env.RECALL_WORKERS };
  const opened: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    db = await backend.create();
    notes = fs.mkdtempSync(path.join(os.tmpdir(), "recall-import-routes-"));
    fs.writeFileSync(path.join(notes, "a.md"), OVERFITTING);
    fs.writeFileSync(path.join(notes, "b.md"), PARAPHRASE);
    process.env.RECALL_NOTES_DIR = notes;
    // On PostgreSQL this server only queues jobs, so the test sees the import waiting, then starts a worker.
    process.env.RECALL_WORKERS = backend.name === "postgres" ? "0" : "1";
    restoreEnv = await nameInEnvironment(db);
  });
  afterEach(async () => {
    // The server's queue and database live on globalThis; the next suite opens its own.
    const holder = globalThis as Record<symbol, Promise<{ close(): Promise<void> }> | undefined>;
    for (const key of [Symbol.for("recall.jobs"), Symbol.for("recall.database")]) {
      await (await holder[key]?.catch(() => undefined))?.close();
      delete holder[key];
    }
    for (const closable of opened.splice(0).reverse()) await closable.close();
    restoreEnv?.();
    for (const [key, value] of [["RECALL_NOTES_DIR", saved.notes], ["RECALL_WORKERS", saved.workers]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await db?.destroy();
    fs.rmSync(notes, { recursive: true, force: true });
  });

  it("POST /api/import answers with the import's id; GET /api/import/:id shows its cards embedding, then their flags", async () => {
    const response = await importRoute.POST(new Request("http://127.0.0.1/api/import", { method: "POST", body: JSON.stringify({ paths: [] }) }));
    expect(response.status).toBe(200);
    const imported = (await response.json()) as { importId: string; summary: { added: number }; embedding: { queued: boolean } };
    expect(imported).toMatchObject({ importId: expect.stringMatching(/^[0-9a-f-]{36}$/), summary: { added: 2 }, embedding: { queued: true } });

    if (backend.name === "postgres") {
      // No worker yet: the import waits for one, and says so.
      expect((await status(imported.importId)).body).toMatchObject({ cards: 2, unembedded: 2, duplicates: null, embedJob: { queued: 1, active: 0, workedHere: false } });
      opened.push(await openJobQueue(await getDatabase(), { work: true, embedder: localEmbedder, pollingIntervalSeconds: 0.5, log: { info() {}, error() {} } }));
    }
    const checked = await checkedImport(imported.importId);
    expect(checked).toMatchObject({ id: imported.importId, cards: 2, unembedded: 0 });
    expect(checked.duplicates).toHaveLength(1);
    const [flag] = checked.duplicates!;
    expect(flag.message).toMatch(/^new card "What (is|does) overfitting( mean)?\?" is 0\.9\d similar to "What (is|does) overfitting( mean)?\?" in deck [ab]$/);
    expect(flag.card.source.path).toMatch(/^[ab]\.md$/);

    // An upload is an import too, checked against the cards already there.
    const form = new FormData();
    form.append("files", new File([THIRD], "third.md", { type: "text/markdown" }));
    const uploaded = (await (await upload.POST(new Request("http://127.0.0.1/api/import/upload", { method: "POST", body: form }))).json()) as { importId: string };
    const third = await checkedImport(uploaded.importId);
    expect(third).toMatchObject({ cards: 1, duplicates: [{ card: { front: "What is meant by overfitting?", source: { path: "uploads/third.md" } } }] });
    // The first import's flags are kept as they were.
    expect((await checkedImport(imported.importId)).duplicates).toEqual(checked.duplicates);
  });

  it("GET /api/import/:id answers 404 for an unknown import and 400 for what is not an import id", async () => {
    const unknown = await status("3f0c1a52-8a51-4d7e-9c39-1d2b7a4e5f60");
    expect(unknown).toEqual({ status: 404, body: { error: "No import with id 3f0c1a52-8a51-4d7e-9c39-1d2b7a4e5f60 in this collection." } });
    const malformed = await status("not-an-import");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/^invalid import id: .*UUID/);
  });
});
