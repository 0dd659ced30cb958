import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { notesRoot } from "../../lib/config";
import { plural } from "../../lib/plural";
import type { Database } from "../../lib/db";
import type { ImportEmbedding, ImportRecord, ImportResult } from "../../lib/importer";
import type { Embedder } from "../../lib/embeddings";
import type { JobQueue } from "../../lib/jobs";
import type { FlagState } from "../../lib/search";
import { changedFilesText, checkSummary } from "../../lib/importer/check-summary";
import { positiveInteger } from "../arguments";
import { embedProgressBar } from "../progress";
import { emit, fail, type OutputOptions } from "../output";

interface ImportCommandOptions {
  dryRun?: boolean;
  watch?: boolean;
  wait?: boolean;
  json?: boolean;
  root?: string;
}

type CommandResult = ImportResult & {
  embedding?: ImportEmbedding & { ranHere: boolean };
  /**
   * New or changed cards nearly duplicating an active card ("new card X is 0.94 similar to Y"), once they
   * are embedded and checked; null when this command waited but they could not be; absent when it did not wait.
   */
  duplicates?: FlagState[] | null;
};

const summaryText = (s: ImportRecord["summary"]) =>
  `${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.retired} retired${s.restored ? `, ${s.restored} restored` : ""}`;
const items = ({ cards, passages }: { cards: number; passages: number }) => `${cards} cards and ${passages} passages`;
const WORKERS = "a worker embeds them — the web server unless RECALL_WORKERS=0, or `cards worker`";

/** The near-duplicate flags of a checked import, as `cards import` and `cards imports` print them. */
function renderFlags(record: Pick<ImportRecord, "cards" | "duplicates">): string[] {
  if (!record.duplicates || record.cards === 0) return [];
  if (record.duplicates.length === 0) return [`no near-duplicates among the ${plural(record.cards, "new or changed card")}`];
  const open = record.duplicates.filter((flag) => !flag.settled).length;
  return [
    ...record.duplicates.map((flag) => (flag.settled ? `settled: ${flag.message} (${flag.settled})` : `duplicate? ${flag.message}`)),
    ...(open > 0 ? ["(keep, dismiss or suspend them on the Duplicates page or with `cards duplicates`)"] : []),
  ];
}

function renderEmbedding(result: CommandResult): string | null {
  const { embedding, importId, duplicates } = result;
  if (!embedding?.queued) return null;
  const left = embedding.pending.cards + embedding.pending.passages;
  if (duplicates === undefined) return `embedding queued (${items(embedding.pending)}): ${WORKERS}; then \`cards imports ${importId}\` shows near-duplicates among the new cards (or import with --wait)`;
  if (duplicates === null) {
    const why = embedding.ranHere ? "" : " (the embed job stopped: its log, above or the worker's, says why)";
    return `warning: ${left > 0 ? `${items(embedding.pending)} not embedded yet, so ` : ""}the new cards were not checked for near-duplicates${why}; \`cards imports ${importId} --wait\` tries again`;
  }
  if (!embedding.ranHere) return "the new cards were embedded (here, with any running worker)";
  if (left === 0) return "embedded here (the embedded database allows no separate worker)";
  return `warning: ${items(embedding.pending)} not embedded yet: search by meaning misses them until \`cards embed\` or the web server (npm start) embeds them`;
}

function renderImport(result: CommandResult, dryRun: boolean): string {
  const lines: string[] = [];
  for (const file of result.files) {
    const detail =
      file.status === "unchanged"
        ? `unchanged (${file.cards} cards)`
        : file.status === "failed"
          ? "FAILED"
          : file.status === "missing"
            ? `file gone: ${file.retired} cards retired`
            : `${file.cards} cards (+${file.added} new, ${file.updated} updated, ${file.retired} retired)`;
    lines.push(`  ${file.path}: ${detail}`);
  }
  for (const error of result.errors) lines.push(`error: ${error.path}${error.line ? `:${error.line}` : ""}: ${error.message}`);
  for (const warning of result.warnings) lines.push(`warning: ${warning.path}${warning.line ? `:${warning.line}` : ""}: ${warning.message}`);
  const embedding = renderEmbedding(result);
  if (embedding) lines.push(embedding);
  lines.push(...renderFlags({ cards: result.changedCardIds.length, duplicates: result.duplicates ?? null }));
  const s = result.summary;
  lines.push(
    dryRun
      ? `${result.cards.length} cards found in ${result.files.length} files (dry run: nothing stored)`
      : summaryText(s),
  );
  return lines.join("\n");
}

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("import Markdown notes (files or folders) as cards; unchanged files are skipped, edited cards keep their history")
    .argument("<paths...>", "Markdown files or folders")
    .option("--dry-run", "parse and print the cards without opening the database (a linter for notes)")
    .option("--watch", "keep running and re-import files when they change (Ctrl+C stops)")
    .option("--root <dir>", "notes root that stored paths are relative to (default RECALL_NOTES_DIR or ./content)")
    .option("--wait", "on PostgreSQL, embed the new cards here too (alongside any worker) and print their near-duplicates (the embedded database always does)")
    .option("--json", "machine-readable output")
    .action(async (paths: string[], options: ImportCommandOptions) => {
      const bar =
        process.stderr.isTTY && !options.json
          ? new cliProgress.SingleBar({ format: "importing [{bar}] {value}/{total} {file}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
          : null;
      const onProgress = bar
        ? ({ done, total, path: file }: { done: number; total: number; path: string }) => {
            if (done === 0) bar.start(total, 0, { file });
            bar.update(done, { file: path.basename(file) });
          }
        : undefined;
      const root = options.root ? path.resolve(options.root) : notesRoot();
      try {
        // Loaded on use: a dry run never loads the database driver.
        const { importNotes, queueEmbeddingAfterImport } = await import("../../lib/importer");
        if (options.dryRun) {
          const result = await importNotes(null, paths, { root, dryRun: true, onProgress });
          bar?.stop();
          return finish(result, options, true);
        }
        const { openDatabase } = await import("../../lib/db");
        const { embedderFromEnv } = await import("../../lib/embeddings");
        const { countPendingEmbeddings } = await import("../../lib/search");
        const db = await openDatabase();
        const embedder = embedderFromEnv();
        // On PostgreSQL the embedding is queued for the workers (with --wait this process works it too).
        // PGlite can be open in one process only, so no worker can be running: this process embeds
        // before it exits, once (the next start retries).
        const runsHere = db.mode === "embedded";
        let jobs: JobQueue | undefined;
        const importOnce = async (showProgress: boolean) => {
          const result = await importNotes(db.prisma, paths, { root, onProgress: showProgress ? onProgress : undefined });
          bar?.stop();
          // Opened after the import: a working queue starts by looking for unembedded rows, which the import is still adding.
          jobs ??= await openQueue(db, embedder, options.wait === true, options);
          const embedding = await queueEmbeddingAfterImport(db, jobs, embedder.model, result);
          let checked: ImportRecord | undefined;
          if (embedding.queued && (runsHere || options.wait)) {
            if (runsHere) process.stderr.write(`embedding ${items(embedding.pending)}…\n`);
            // The flags come from the embed job, which stores them with the import, as for web imports.
            checked = await waitForCheck(db, jobs, embedder.model, result.importId!, options);
            embedding.pending = await countPendingEmbeddings(db.prisma, embedder.model);
          }
          finish({ ...result, embedding: { ...embedding, ranHere: runsHere }, duplicates: checked?.duplicates }, options, false);
        };
        try {
          await importOnce(true);
          if (options.watch) await watchAndImport(paths, () => importOnce(false));
        } finally {
          await jobs?.close();
          await db.close();
        }
      } catch (error) {
        bar?.stop();
        fail(error, options);
      }
    });
}

function finish(result: CommandResult, options: ImportCommandOptions, dryRun: boolean): void {
  const { cards, summary, errors, warnings, files, importId, embedding, duplicates } = result;
  // Per-file errors are reported in the output; they do not fail the import of the other files.
  emit({ cards, summary, errors, warnings, files, importId, embedding, duplicates }, options, () => renderImport(result, dryRun));
}

const toStderr = (message: string) => void process.stderr.write(`${message}\n`);
/** The job queue's log: on a terminal, where a progress bar shows the embedding, only errors. */
const jobLog = (json?: boolean) => ({ info: process.stderr.isTTY && !json ? () => {} : toStderr, error: toStderr });

/**
 * The job queue of `cards import` and `cards imports`: on PGlite this process works the jobs itself
 * (no other process can open the database), once, without retries (the next start finds what is left).
 * On PostgreSQL it adds them for the workers and, when it waits for them, works embed jobs too: a
 * wait must end even when no worker runs, and with workers running the jobs are shared. The retry
 * policy of PostgreSQL's queues is shared by every process, so it stays the default there.
 */
async function openQueue(db: Database, embedder: Embedder, wait: boolean, options: OutputOptions): Promise<JobQueue> {
  const { openJobQueue } = await import("../../lib/jobs");
  const log = jobLog(options.json);
  if (db.mode === "embedded") return openJobQueue(db, { work: true, embedder, retry: { limit: 0 }, log });
  return openJobQueue(db, { work: wait ? ["embed"] : false, embedder, log });
}

/**
 * Waits until the embed job has checked the import. On PostgreSQL this process works embed jobs
 * meanwhile, so Ctrl+C hands a running one back to the workers (pg-boss fails it within 30 s and it
 * is retried) instead of leaving it active until it expires, 15 minutes later.
 */
async function waitForCheck(db: Database, jobs: JobQueue, model: string, importId: string, options: OutputOptions): Promise<ImportRecord> {
  const { waitForImportCheck } = await import("../../lib/importer");
  const progress = embedProgressBar(options.json);
  const withWorkers = db.mode === "server";
  const handBack = () => {
    progress.stop();
    process.stderr.write("stopping: the embed job running here goes back to the workers (Ctrl+C again quits at once)\n");
    void jobs.close().finally(() => process.exit(130));
  };
  if (withWorkers) process.once("SIGINT", handBack);
  try {
    return await waitForImportCheck(db, jobs, model, importId, {
      onWaiting: withWorkers
        ? (record) =>
            process.stderr.write(`embedding ${plural(record.unembedded, "card")} of import ${record.id} here, with any running worker (Ctrl+C stops; the import itself is done)\n`)
        : undefined,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
    process.off("SIGINT", handBack);
  }
}

interface ImportsCommandOptions extends OutputOptions {
  wait?: boolean;
  list?: boolean;
  limit: number;
}

const filesText = (files: string[]) => (files.length === 0 ? "" : `  (${changedFilesText(files)})`);

/** One line per import for `cards imports --list`: id, time, summary, and where its near-duplicate check stands. */
function renderImportList(records: ImportRecord[]): string {
  if (records.length === 0) return "nothing has been imported into this collection yet";
  return records
    .map((record) => {
      const check = checkSummary(record);
      return `${record.id}  ${record.importedAt.toISOString()}  ${summaryText(record.summary)}${check ? `; ${check}` : ""}${filesText(record.files)}`;
    })
    .join("\n");
}

function renderImportRecord(record: ImportRecord, mode: Database["mode"]): string {
  const lines = [`import ${record.id} at ${record.importedAt.toISOString()}: ${summaryText(record.summary)}${filesText(record.files)}`];
  if (!record.duplicates) {
    const next =
      mode === "embedded"
        ? `\`cards imports ${record.id} --wait\` embeds them here (or start the web server)`
        : `${WORKERS}; \`cards imports ${record.id} --wait\` embeds them here too`;
    const waiting = record.unembedded > 0 ? `${plural(record.unembedded, "card")} of ${record.cards} not embedded yet, so` : `its ${plural(record.cards, "card")}`;
    lines.push(`${waiting} not checked for near-duplicates yet: ${next}`);
  }
  lines.push(...renderFlags(record));
  return lines.join("\n");
}

/** `cards imports [id]`: an import's summary and its new cards' near-duplicates, once a worker has embedded them. */
export function registerImports(program: Command): void {
  program
    .command("imports")
    .description("show an import (default: the latest) and which of its new cards nearly duplicate others, once they are embedded")
    .argument("[id]", "the import id `cards import` printed")
    .option("--wait", "embed its cards here (alongside any worker) and wait until they are checked")
    .option("--list", "the latest imports instead, one line each (--limit N, default 10)")
    .option("--limit <n>", "with --list: how many imports, 1–100", positiveInteger, 10)
    .option("--json", "machine-readable output")
    .action(async (id: string | undefined, options: ImportsCommandOptions) => {
      try {
        const { openDatabase } = await import("../../lib/db");
        const { embedderFromEnv } = await import("../../lib/embeddings");
        const { findImport, recentImports } = await import("../../lib/importer");
        const db = await openDatabase();
        const embedder = embedderFromEnv();
        let jobs: JobQueue | undefined;
        try {
          if (options.list) {
            const imports = await recentImports(db.prisma, embedder.model, options.limit);
            return emit({ imports }, options, (shown) => renderImportList(shown.imports));
          }
          let record = await findImport(db.prisma, embedder.model, id);
          if (options.wait && !record.duplicates) {
            jobs = await openQueue(db, embedder, true, options);
            record = await waitForCheck(db, jobs, embedder.model, record.id, options);
          }
          emit(record, options, (shown) => renderImportRecord(shown, db.mode));
        } finally {
          await jobs?.close();
          await db.close();
        }
      } catch (error) {
        fail(error, options);
      }
    });
}

/** Re-imports (debounced) whenever something under the given paths changes, until Ctrl+C. */
async function watchAndImport(paths: string[], importAgain: () => Promise<void>): Promise<void> {
  process.stderr.write(`watching ${paths.join(", ")} for changes (Ctrl+C stops)\n`);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watchers = paths.map((given) =>
    fs.watch(path.resolve(given), { recursive: fs.statSync(given).isDirectory() }, () => {
      clearTimeout(timer);
      // Editors write in bursts (temp file, rename); one import per burst.
      timer = setTimeout(() => {
        running = running.then(importAgain).catch((error) => {
          process.stderr.write(`error: ${(error as Error).message}\n`);
        });
      }, 400);
    }),
  );
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await running;
}
