import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { freshDataDir } from "../helpers/databases";

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
