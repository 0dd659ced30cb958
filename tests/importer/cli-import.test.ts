import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, expect, it } from "vitest";
import { registerImport, registerImports } from "../../cli/commands/import";
import { registerDuplicates } from "../../cli/commands/duplicates";
import { registerSearch } from "../../cli/commands/search";
import { openJobQueue } from "../../lib/jobs";
import { runCli, type CliRun } from "../helpers/cli";
import { describeEachDatabase, freshDataDir, nameInEnvironment, type TestDatabase } from "../helpers/databases";
import { localEmbedder } from "../search/embedders";

// `cards import` on the embedded database embeds before it exits (no other process can open it),
// so its summary can flag new cards that nearly duplicate others, as a user's shell would see it.
const notes = fs.mkdtempSync(path.join(os.tmpdir(), "recall-cli-notes-"));
const dataDir = freshDataDir();
afterAll(() => {
  for (const dir of [notes, dataDir]) fs.rmSync(dir, { recursive: true, force: true });
});

it("flags a new card that nearly duplicates another in the import summary", () => {
  fs.writeFileSync(path.join(notes, "a.md"), "# Overfitting\n\n## What is overfitting?\n\nWhen a model memorises its training data and fails to generalise.\n");
  fs.writeFileSync(path.join(notes, "b.md"), "# ML\n\n## What does overfitting mean?\n\nA model that memorises the training set instead of generalising.\n");
  const env = { ...process.env, RECALL_DATA_DIR: dataDir, RECALL_NOTES_DIR: notes, DATABASE_URL: "" };
  const run = spawnSync(process.execPath, ["--import", "tsx", "cli/index.ts", "import", notes, "--json"], { env, encoding: "utf8", timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout) as { summary: { added: number }; duplicates: { message: string }[] };
  expect(result.summary.added).toBe(2);
  expect(result.duplicates.map((d) => d.message).join("\n")).toMatch(/overfitting.* is 0\.9\d similar to .*overfitting/i);
}, 150_000);

const OVERFITTING = "# Overfitting\n\n## What is overfitting?\n\nWhen a model memorises its training data and fails to generalise.\n";
const PARAPHRASE = "# ML\n\n## What does overfitting mean?\n\nA model that memorises the training set instead of generalising.\n";
const UNRELATED = "# Geography\n\n## What is the capital of France?\n\nParis.\n";
// Both cards are new in the first import: either may be the one flagged.
const FLAG = /new card "What (is|does) overfitting( mean)?\?" is 0\.9\d similar to "What (is|does) overfitting( mean)?\?" in deck \w+$/;
const printedFlag = new RegExp(`^duplicate\\? ${FLAG.source}`, "m");

interface ImportJson {
  importId: string;
  embedding: { queued: boolean; ranHere: boolean };
  duplicates?: { message: string }[] | null;
}
interface ImportRecordJson {
  id: string;
  cards: number;
  unembedded: number;
  duplicates: { message: string; card: { id: string; front: string }; similarTo: { id: string; front: string }; settled: string | null }[] | null;
}

/** `cards import …` and `cards imports …`, in this process, against the test database named by the environment. */
const cards = (...args: string[]) => runCli((program) => (registerImport(program), registerImports(program), registerSearch(program), registerDuplicates(program)), ...args);
const json = <T>(run: CliRun): T => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

describeEachDatabase("cards import and cards imports: near-duplicates of an import's new cards", (backend) => {
  let db: TestDatabase;
  let folder: string;
  let restoreEnv: () => void;
  const opened: { close(): Promise<void> }[] = [];
  const write = (name: string, text: string) => fs.writeFileSync(path.join(folder, name), text);

  beforeEach(async () => {
    db = await backend.create();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "recall-cli-imports-"));
    restoreEnv = await nameInEnvironment(db);
  });
  afterEach(async () => {
    for (const closable of opened.splice(0).reverse()) await closable.close();
    restoreEnv?.();
    await db?.destroy();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** On PostgreSQL the embedding is a worker's job: one runs in this test, as `cards worker` would. */
  async function startWorker(): Promise<void> {
    if (backend.name === "pglite") return;
    opened.push(await openJobQueue(db, { work: true, embedder: localEmbedder, pollingIntervalSeconds: 0.5, log: { info() {}, error() {} } }));
  }

  it("`--wait` prints the flags the embed job stored with the import, and `cards imports` shows them again", async () => {
    write("a.md", OVERFITTING);
    write("b.md", PARAPHRASE);
    // No worker runs: on PostgreSQL `--wait` works the embed job itself rather than wait for one forever.
    const imported = await cards("import", folder, "--root", folder, "--wait");
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(printedFlag);
    expect(imported.stdout).toContain(backend.name === "pglite" ? "embedded here" : "the new cards were embedded (here, with any running worker)");

    const latest = json<ImportRecordJson>(await cards("imports", "--json"));
    expect(latest).toMatchObject({ cards: 2, unembedded: 0 });
    expect(latest.duplicates?.map((flag) => flag.message)).toEqual([expect.stringMatching(FLAG)]);

    // A later import of an unrelated card is checked too, and says so.
    write("c.md", UNRELATED);
    const again = await cards("import", folder, "--root", folder, "--wait", "--json");
    const result = json<ImportJson>(again);
    expect(result.duplicates).toEqual([]);
    expect((await cards("imports", result.importId)).stdout).toMatch(/^no near-duplicates among the 1 new or changed card$/m);
    expect(json<ImportRecordJson>(await cards("imports", latest.id, "--json"))).toEqual(latest);

    // Acting on a flag settles it: the import's record keeps the flag and says what became of it.
    const [flag] = latest.duplicates!;
    expect(flag.settled).toBeNull();
    expect((await cards("duplicates", "keep", flag.similarTo.id, "--retire", flag.card.id)).code).toBe(0);
    const settled = await cards("imports", latest.id);
    expect(settled.stdout).toMatch(new RegExp(`^settled: ${FLAG.source.replace(/\$$/, "")} \\(the similar card was kept, the new card retired\\)$`, "m"));
    expect(settled.stdout).not.toContain("keep, dismiss or suspend");

    // The latest imports, newest first, one line each.
    const list = await cards("imports", "--list");
    expect(list.stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(new RegExp(`^${result.importId}  \\S+  1 added, 0 updated, 2 unchanged, 0 retired; no near-duplicates  \\(c\\.md\\)$`)),
      expect.stringMatching(new RegExp(`^${latest.id}  \\S+  2 added, 0 updated, 0 unchanged, 0 retired; 1 possible duplicate — all settled  \\(a\\.md, b\\.md\\)$`)),
    ]);
    const listed = json<{ imports: ImportRecordJson[] }>(await cards("imports", "--list", "--limit", "1", "--json"));
    expect(listed.imports.map((record) => record.id)).toEqual([result.importId]);
    expect((await cards("imports", "--list", "--limit", "0")).stderr).toMatch(/--limit.*a whole number from 1 to 100/);
  });

  it("refuses an unknown import id, naming it", async () => {
    const unknown = await cards("imports", "3f0c1a52-8a51-4d7e-9c39-1d2b7a4e5f60");
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toBe("error: No import with id 3f0c1a52-8a51-4d7e-9c39-1d2b7a4e5f60 in this collection.\n");
    expect((await cards("imports")).stderr).toBe("error: Nothing has been imported into this collection yet.\n");
  });

  if (backend.name === "postgres") {
    it("without --wait, says the embedding is queued and how to see the flags once a worker is done", async () => {
      write("a.md", OVERFITTING);
      write("b.md", PARAPHRASE);
      const result = json<ImportJson>(await cards("import", folder, "--root", folder, "--json"));
      expect(result).toMatchObject({ embedding: { queued: true, ranHere: false } });
      expect(result.duplicates).toBeUndefined();

      const waiting = await cards("imports", result.importId);
      expect(waiting.stdout).toContain("2 cards of 2 not embedded yet, so not checked for near-duplicates yet: a worker embeds them");
      expect(json<ImportRecordJson>(await cards("imports", result.importId, "--json"))).toMatchObject({ unembedded: 2, duplicates: null });

      write("c.md", UNRELATED);
      const human = await cards("import", folder, "--root", folder);
      expect(human.stdout).toMatch(/^embedding queued \(3 cards and \d+ passages\): a worker embeds them .*; then `cards imports [0-9a-f-]{36}` shows near-duplicates among the new cards \(or import with --wait\)$/m);

      await startWorker();
      const checked = await cards("imports", result.importId, "--wait");
      expect(checked.code, checked.stderr).toBe(0);
      expect(checked.stdout).toMatch(printedFlag);
    });

    it("Ctrl+C during `--wait` hands the embed job running here back to the workers instead of leaving it active", async () => {
      // Enough cards for the embedding to take a few seconds.
      write("many.md", Array.from({ length: 300 }, (_, i) => `## What does step ${i} of the pipeline do?\n\nIt checks invariant ${i} of the ledger before the batch commits.\n`).join("\n"));
      const child = spawn(process.execPath, ["--import", "tsx", "cli/index.ts", "import", folder, "--root", folder, "--wait"], { env: process.env });
      let stderr = "";
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await new Promise<void>((resolve) => {
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (/embedding \d+ cards of import .* here/.test(stderr)) resolve();
        });
        void exited.then(() => resolve());
      });
      child.kill("SIGINT");
      expect(await exited, stderr).toBe(130);
      expect(stderr).toContain("the embed job running here goes back to the workers");
      const [active] = await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'embed' AND state = 'active'`);
      expect(active.n).toBe(0);
      // A worker takes the job up again and the import gets checked.
      await startWorker();
      const checked = await cards("imports", "--wait", "--json");
      expect(json<ImportRecordJson>(checked)).toMatchObject({ cards: 300, unembedded: 0 });
    }, 120_000);

    it("`cards embed` embeds here and, as the embed job does, checks the imports waiting for it", async () => {
      write("a.md", OVERFITTING);
      write("b.md", PARAPHRASE);
      const result = json<ImportJson>(await cards("import", folder, "--root", folder, "--json"));
      expect(json(await cards("embed", "--json"))).toMatchObject({ cards: 2, importsChecked: 1 });
      expect(json<ImportRecordJson>(await cards("imports", result.importId, "--json")).duplicates?.map((flag) => flag.message)).toEqual([expect.stringMatching(FLAG)]);
    });
  }
});
