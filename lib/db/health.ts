import type { Database } from "./client";
import { migrationState, type MigrationState } from "./migrate";

export interface DatabaseHealth {
  ok: boolean;
  mode: Database["mode"];
  /** Data directory (embedded) or URL without password (server). */
  location: string;
  postgresVersion: string;
  pgvectorVersion: string | null;
  migrations: MigrationState;
}

export async function databaseHealth(db: Database): Promise<DatabaseHealth> {
  const [{ server_version }] = await db.driver.query<{ server_version: string }>("SHOW server_version");
  const vector = await db.driver.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
  const migrations = await migrationState(db.driver);
  return {
    ok: migrations.upToDate && vector.length > 0,
    mode: db.mode,
    location: db.driver.location,
    postgresVersion: server_version,
    pgvectorVersion: vector[0]?.extversion ?? null,
    migrations,
  };
}
