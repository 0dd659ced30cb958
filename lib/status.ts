import fs from "node:fs";
import path from "node:path";
import { appDir } from "./config";
import { databaseHealth, defaultDataDir, getDatabase, openDatabase, type Database, type DatabaseHealth } from "./db";

export interface SystemStatus {
  version: string;
  node: string;
  /** Embedded mode only: where PGlite keeps its files. */
  dataDir: string | null;
  database: DatabaseHealth;
}

function recallVersion(): string {
  try {
    const file = path.join(appDir(), "package.json");
    return (JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

export async function statusOf(db: Database): Promise<SystemStatus> {
  return {
    version: recallVersion(),
    node: process.versions.node,
    dataDir: db.mode === "embedded" ? defaultDataDir() : null,
    database: await databaseHealth(db),
  };
}

/** Status through the process-wide database (the web app). */
export async function appStatus(): Promise<SystemStatus> {
  return statusOf(await getDatabase());
}

/** Status through a short-lived connection (the CLI); `migrate: false` leaves the database untouched. */
export async function systemStatus(options: { migrate: boolean }): Promise<SystemStatus> {
  const db = await openDatabase({ migrate: options.migrate });
  try {
    return await statusOf(db);
  } finally {
    await db.close();
  }
}
