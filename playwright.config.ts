import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// A fresh collection per run: empty data directory and an empty notes folder the tests fill.
const runDir = process.env.RECALL_E2E_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "recall-e2e-"));
process.env.RECALL_E2E_DIR = runDir;
const notesDir = path.join(runDir, "notes");
fs.mkdirSync(notesDir, { recursive: true });
fs.mkdirSync(path.join(runDir, "notes-auth"), { recursive: true });
const port = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      // Debian's chromium; Playwright must never download a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-quic", "--no-first-run", "--disable-sync"],
    },
  },
  webServer: [
    {
      command: "node scripts/start.mjs",
      url: `http://127.0.0.1:${port}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: { PORT: String(port), HOST: "127.0.0.1", RECALL_DATA_DIR: path.join(runDir, "data"), RECALL_NOTES_DIR: notesDir },
    },
    {
      // The same app with a password, as `HOST=0.0.0.0 RECALL_PASSWORD=… npm start` runs it (auth.spec.ts).
      command: "node scripts/start.mjs",
      url: `http://127.0.0.1:${port + 1}/login`,
      timeout: 240_000,
      reuseExistingServer: false,
      env: {
        PORT: String(port + 1),
        HOST: "127.0.0.1",
        RECALL_PASSWORD: "correct horse battery staple",
        RECALL_DATA_DIR: path.join(runDir, "data-auth"),
        RECALL_NOTES_DIR: path.join(runDir, "notes-auth"),
      },
    },
  ],
});
