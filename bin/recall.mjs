#!/usr/bin/env node
// `npx recall …`: runs the TypeScript CLI through tsx from the installed package, from any folder.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const appDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const result = spawnSync(process.execPath, [tsx, path.join(appDir, "cli/index.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, RECALL_APP_DIR: process.env.RECALL_APP_DIR ?? appDir },
});
process.exit(result.status ?? 1);
