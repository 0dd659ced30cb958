import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { DatabaseSetupError, openDatabase } from "../../lib/db";
import { freshDataDir } from "../helpers/databases";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-datadir-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it("keeps data across restarts of the embedded database", async () => {
  const dataDir = freshDataDir();
  dirs.push(dataDir);
  const first = await openDatabase({ dataDir });
  await first.prisma.deck.create({ data: { path: "kept", name: "kept" } });
  await first.close();
  const second = await openDatabase({ dataDir });
  expect(await second.prisma.deck.count({ where: { path: "kept" } })).toBe(1);
  await second.close();
});

it("refuses a data directory made by another PGlite line, without touching it", async () => {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, "recall-store.json"), JSON.stringify({ pglite: "0.4.6" }));
  fs.writeFileSync(path.join(dataDir, "PG_VERSION"), "17\n");
  const error = await openDatabase({ dataDir }).catch((e) => e);
  expect(error).toBeInstanceOf(DatabaseSetupError);
  expect(error.message).toMatch(/made by PGlite 0\.4\.6/);
  expect(fs.readdirSync(dataDir).sort()).toEqual(["PG_VERSION", "recall-store.json"]);
});

it("refuses a corrupt data directory with a clear message, without touching it", async () => {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, "recall-store.json"), JSON.stringify({ pglite: "0.5.14" }));
  fs.writeFileSync(path.join(dataDir, "PG_VERSION"), "garbage");
  const before = fs.readdirSync(dataDir).sort();
  const error = await openDatabase({ dataDir }).catch((e) => e);
  expect(error).toBeInstanceOf(DatabaseSetupError);
  expect(error.message).toMatch(/could not be opened/);
  expect(fs.readdirSync(dataDir).sort()).toEqual(before);
});

it("refuses a directory holding someone else's PostgreSQL data", async () => {
  const dataDir = tempDir();
  fs.writeFileSync(path.join(dataDir, "PG_VERSION"), "15\n");
  await expect(openDatabase({ dataDir })).rejects.toThrow(/Recall did not create/);
});

it("refuses to open a data directory another live process holds", async () => {
  const dataDir = tempDir();
  // The parent of this test process is alive and is not us.
  fs.writeFileSync(path.join(dataDir, "recall.lock"), String(process.ppid));
  await expect(openDatabase({ dataDir })).rejects.toThrow(new RegExp(`in use by another Recall process \\(pid ${process.ppid}\\)`));
});
