import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../lib/db";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
  }
}

/**
 * Creating a PGlite data directory (initdb + migrations) takes several seconds; copying one
 * takes a fraction of that. Make one migrated template per run; each test copies it.
 */
export default async function setup(project: TestProject) {
  const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-template-"));
  const db = await openDatabase({ dataDir: templateDir });
  await db.close();
  project.provide("pgliteTemplateDir", templateDir);
  return () => fs.rmSync(templateDir, { recursive: true, force: true });
}
