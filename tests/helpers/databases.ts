import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, inject } from "vitest";
import { createScratchDatabase } from "../../bench/scratch-database";
import { openDatabase, type Database, type DatabaseOptions } from "../../lib/db";

export interface TestBackend {
  name: "pglite" | "postgres";
  /** A fresh, empty database of this kind (its own temp dir or server database). */
  create(options?: Pick<DatabaseOptions, "migrate">): Promise<TestDatabase>;
}

export interface TestDatabase extends Database {
  /** What to pass to openDatabase to reopen the same database. */
  options: DatabaseOptions;
  /** Closes and removes the database. */
  destroy(): Promise<void>;
}

const serverUrl = process.env.TEST_DATABASE_URL;

/** A new embedded data directory, already migrated (a copy of the run's template). */
export function freshDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-test-"));
  fs.cpSync(inject("pgliteTemplateDir"), dataDir, { recursive: true });
  return dataDir;
}

export const pgliteBackend: TestBackend = {
  name: "pglite",
  async create(options = {}) {
    const dataDir = freshDataDir();
    const db = await openDatabase({ dataDir, ...options });
    return Object.assign(db, {
      options: { dataDir },
      async destroy() {
        await db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    });
  },
};

export const postgresBackend: TestBackend = {
  name: "postgres",
  async create(options = {}) {
    const scratch = await createScratchDatabase(serverUrl!, "recall_test");
    const db = await openDatabase({ url: scratch.url, ...options });
    return Object.assign(db, {
      options: { url: scratch.url },
      async destroy() {
        await db.close();
        await scratch.drop();
      },
    });
  },
};

/**
 * Runs a suite on embedded PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL too.
 * Without it the PostgreSQL half shows up as skipped, with the reason in its name.
 */
export function describeEachDatabase(title: string, suite: (backend: TestBackend) => void): void {
  describe(`${title} [pglite]`, () => suite(pgliteBackend));
  if (serverUrl) {
    describe(`${title} [postgres]`, () => suite(postgresBackend));
  } else {
    describe.skip(`${title} [postgres] (skipped: set TEST_DATABASE_URL to run on PostgreSQL)`, () => suite(postgresBackend));
  }
}

/**
 * Names this test database in the environment (DATABASE_URL, or RECALL_DATA_DIR for PGlite), as a
 * user's shell does for the CLI and the server, whose openDatabase()/getDatabase() then open it. One
 * PGlite instance per data directory: on PGlite the test's own handle is closed, so the test checks
 * what was left through a fresh connection. Returns the function that restores the environment.
 */
export async function nameInEnvironment(db: TestDatabase): Promise<() => void> {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, RECALL_DATA_DIR: process.env.RECALL_DATA_DIR };
  if (db.options.url) process.env.DATABASE_URL = db.options.url;
  else {
    delete process.env.DATABASE_URL;
    process.env.RECALL_DATA_DIR = db.options.dataDir;
    await db.close();
  }
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
