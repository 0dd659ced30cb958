import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DatabaseSetupError } from "./errors";
import type { SqlDriver, SqlSession } from "./driver";
import { appDir } from "../config";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same sha256
 * checksums), so Prisma's own CLI sees the same state. We cannot use Prisma's CLI at run time:
 * its schema engine is a native download that offline machines do not have.
 */


export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationState {
  applied: string[];
  pending: string[];
  /** Applied in the database but unknown to this code: the database is from a newer Recall. */
  unknown: string[];
  /** Applied, but the file changed since. */
  modified: string[];
  failed: string[];
  upToDate: boolean;
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every Recall process on one server.
const MIGRATION_LOCK_KEY = 7_220_511_001;

export function loadMigrations(dir = path.join(appDir(), "prisma", "migrations")): Migration[] {
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) throw new DatabaseSetupError(`Migrations folder ${dir} is missing: run Recall from its project folder.`);
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql")))
    .map((entry) => {
      const bytes = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql"));
      return { name: entry.name, sql: bytes.toString("utf8"), checksum: crypto.createHash("sha256").update(bytes).digest("hex") };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function appliedRows(session: SqlSession): Promise<AppliedRow[]> {
  const [{ exists }] = await session.query<{ exists: boolean }>(
    `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists`,
  );
  if (!exists) return [];
  return session.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
}

export function compareMigrations(local: Migration[], rows: AppliedRow[]): MigrationState {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const done = new Map(live.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row.checksum]));
  const localNames = new Set(local.map((m) => m.name));
  const failed = live.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  const unknown = [...done.keys()].filter((name) => !localNames.has(name));
  const state: MigrationState = {
    applied: local.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: local.filter((m) => !done.has(m.name)).map((m) => m.name),
    unknown,
    modified: local.filter((m) => done.has(m.name) && done.get(m.name) !== m.checksum).map((m) => m.name),
    failed,
    upToDate: false,
  };
  state.upToDate = state.pending.length === 0 && unknown.length === 0 && failed.length === 0;
  return state;
}

export async function migrationState(driver: SqlDriver, local = loadMigrations()): Promise<MigrationState> {
  return compareMigrations(local, await appliedRows(driver));
}

async function ensureVectorAvailable(driver: SqlDriver): Promise<void> {
  if (driver.mode !== "server") return;
  const rows = await driver.query<{ default_version: string }>(
    `SELECT default_version FROM pg_available_extensions WHERE name = 'vector'`,
  );
  if (rows.length === 0) {
    throw new DatabaseSetupError(
      `Extension "vector" is not installed on the PostgreSQL server ${driver.location}: install pgvector 0.8 ` +
        `(e.g. \`apt install postgresql-15-pgvector\` or build it from source; see README "Server mode"), then start Recall again.`,
    );
  }
}

/** Brings the schema up to date; idempotent. Refuses databases from a newer Recall. */
export async function migrate(driver: SqlDriver, local = loadMigrations()): Promise<MigrationState> {
  await ensureVectorAvailable(driver);
  const before = compareMigrations(local, await appliedRows(driver));
  if (before.unknown.length > 0) {
    throw new DatabaseSetupError(
      `The database at ${driver.location} has migrations this Recall does not know (${before.unknown.join(", ")}): ` +
        `it was made by a newer version. Nothing was changed; upgrade Recall.`,
    );
  }
  if (before.failed.length > 0) {
    throw new DatabaseSetupError(
      `Migration ${before.failed[0]} failed earlier on ${driver.location} and was not rolled back; ` +
        `inspect the "_prisma_migrations" table and resolve it before starting Recall.`,
    );
  }
  for (const migration of local) {
    if (!before.pending.includes(migration.name)) continue;
    await driver.transaction(async (tx) => {
      if (driver.mode === "server") {
        // Several app instances may start at once; one migrates, the others wait and then skip.
        await tx.query(`SELECT pg_advisory_xact_lock($1)`, [MIGRATION_LOCK_KEY]);
      }
      await tx.exec(MIGRATIONS_TABLE);
      const done = await tx.query(
        `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [migration.name],
      );
      if (done.length > 0) return;
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, now(), $3, now(), 1)`,
        [crypto.randomUUID(), migration.checksum, migration.name],
      );
    });
  }
  return migrationState(driver, local);
}
