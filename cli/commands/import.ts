import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { notesRoot } from "../../lib/config";
import type { ImportEmbedding, ImportResult } from "../../lib/importer";
import type { DuplicateFlag } from "../../lib/search";
import { emit, fail } from "../output";

interface ImportCommandOptions {
  dryRun?: boolean;
  watch?: boolean;
  json?: boolean;
  root?: string;
}

type CommandResult = ImportResult & {
  embedding?: ImportEmbedding & { ranHere: boolean };
  /** New or changed cards nearly duplicating an active card ("new card X is 0.94 similar to Y"): known once they are embedded. */
  duplicates?: DuplicateFlag[];
};

const items = ({ cards, passages }: { cards: number; passages: number }) => `${cards} cards and ${passages} passages`;

function renderEmbedding(embedding: CommandResult["embedding"]): string | null {
  if (!embedding?.queued) return null;
  if (!embedding.ranHere) {
    return `embedding queued (${items(embedding.pending)}): a worker embeds them — the web server unless RECALL_WORKERS=0, or \`cards worker\`; near-duplicates among the new cards then show on the Duplicates page and in \`cards duplicates\``;
  }
  if (embedding.pending.cards + embedding.pending.passages === 0) return "embedded here (the embedded database allows no separate worker)";
  return `warning: ${items(embedding.pending)} not embedded yet: search by meaning misses them until the web server (npm start) or \`cards embed\` embeds them`;
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
  const embedding = renderEmbedding(result.embedding);
  if (embedding) lines.push(embedding);
  for (const duplicate of result.duplicates ?? []) lines.push(`duplicate? ${duplicate.message}`);
  const s = result.summary;
  lines.push(
    dryRun
      ? `${result.cards.length} cards found in ${result.files.length} files (dry run: nothing stored)`
      : `${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.retired} retired${s.restored ? `, ${s.restored} restored` : ""}`,
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
        const { openJobQueue } = await import("../../lib/jobs");
        const { countPendingEmbeddings, flagNewDuplicates } = await import("../../lib/search");
        const db = await openDatabase();
        const embedder = embedderFromEnv();
        // On PostgreSQL the embedding is queued for a worker. PGlite can be open in one process only, so
        // no worker can be running: this process embeds before it exits, once (the next start retries).
        const runsHere = db.mode === "embedded";
        const stderrLog = { info: (message: string) => process.stderr.write(`${message}\n`), error: (message: string) => process.stderr.write(`${message}\n`) };
        let jobs: Awaited<ReturnType<typeof openJobQueue>> | undefined;
        const importOnce = async (showProgress: boolean) => {
          const result = await importNotes(db.prisma, paths, { root, onProgress: showProgress ? onProgress : undefined });
          bar?.stop();
          // Opened after the import: a working queue starts by looking for unembedded rows, which the import is still adding.
          jobs ??= await openJobQueue(db, { work: runsHere, embedder, retry: { limit: 0 }, log: stderrLog });
          const embedding = await queueEmbeddingAfterImport(db, jobs, embedder.model);
          let duplicates: DuplicateFlag[] | undefined;
          if (runsHere && embedding.queued) {
            process.stderr.write(`embedding ${items(embedding.pending)}…\n`);
            await jobs.whenIdle();
            embedding.pending = await countPendingEmbeddings(db.prisma, embedder.model);
            duplicates = await flagNewDuplicates(db.prisma, embedder.model, result.changedCardIds);
          }
          finish({ ...result, embedding: { ...embedding, ranHere: runsHere }, duplicates }, options, false);
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
  const { cards, summary, errors, warnings, files, embedding, duplicates } = result;
  // Per-file errors are reported in the output; they do not fail the import of the other files.
  emit({ cards, summary, errors, warnings, files, embedding, duplicates }, options, () => renderImport(result, dryRun));
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
