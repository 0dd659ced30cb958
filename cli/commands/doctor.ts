import type { Command } from "commander";
import { systemStatus, type SystemStatus } from "../../lib/status";
import { emit, fail } from "../output";

function renderJobs(jobs: SystemStatus["jobs"]): string[] {
  if (jobs.error) return [`jobs:        ${jobs.backend}, counts unavailable: ${jobs.error}`];
  if (!jobs.counts) return [`jobs:        in-process: the web server (npm start) runs them; GET /api/health shows its counts`];
  const lines = [`jobs:        ${jobs.backend}${jobs.working === null ? "" : jobs.working ? ", worked here" : ", not worked here"}`];
  for (const [name, { queued, active, failed }] of Object.entries(jobs.counts)) {
    lines.push(`  ${name.padEnd(15)} ${queued} queued, ${active} active, ${failed} failed (last 24 h)`);
  }
  if (Object.values(jobs.counts).some((count) => count.queued > 0) && jobs.backend === "pg-boss") {
    lines.push("  queued jobs wait for a worker: the web server (unless RECALL_WORKERS=0) or `cards worker`");
  }
  return lines;
}

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
  lines.push(...renderJobs(status.jobs));
  lines.push(db.ok ? "status:      ok" : "status:      NOT OK");
  return lines.join("\n");
}

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check the database: mode, PostgreSQL and pgvector versions, migrations, data directory, background jobs")
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
