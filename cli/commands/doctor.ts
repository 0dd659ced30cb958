import type { Command } from "commander";
import { systemStatus, type SystemStatus } from "../../lib/status";
import { emit, fail } from "../output";

function renderStatus(status: SystemStatus): string {
  const db = status.database;
  const lines = [
    `Recall ${status.version} on Node ${status.node}`,
    `database:    ${db.mode === "embedded" ? "embedded (PGlite)" : "server (PostgreSQL)"}`,
    db.mode === "embedded" ? `data dir:    ${status.dataDir}` : `server:      ${db.location}`,
    `PostgreSQL:  ${db.postgresVersion}`,
    `pgvector:    ${db.pgvectorVersion ?? "MISSING"}`,
    `migrations:  ${db.migrations.applied.length} applied, ${db.migrations.pending.length} pending${db.migrations.upToDate ? " (up to date)" : ""}`,
  ];
  for (const name of db.migrations.pending) lines.push(`  pending:   ${name}`);
  for (const name of db.migrations.unknown) lines.push(`  unknown:   ${name} (database is from a newer Recall)`);
  if (db.migrations.pending.length > 0) lines.push("  run `npm run db:migrate` (npm start also applies them)");
  lines.push(db.ok ? "status:      ok" : "status:      NOT OK");
  return lines.join("\n");
}

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check the database: mode, PostgreSQL and pgvector versions, migrations, data directory")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      try {
        const status = await systemStatus({ migrate: false });
        emit(status, options, renderStatus);
        if (!status.database.ok) process.exitCode = 1;
      } catch (error) {
        fail(error, options);
      }
    });
}
