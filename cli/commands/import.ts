import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { notesRoot } from "../../lib/config";
import type { EmbedAfterImportResult, ImportResult } from "../../lib/importer";
import { emit, fail } from "../output";

interface ImportCommandOptions {
  dryRun?: boolean;
  watch?: boolean;
  json?: boolean;
  root?: string;
}

type CommandResult = ImportResult & Partial<EmbedAfterImportResult>;

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
  for (const duplicate of result.duplicates ?? []) lines.push(`duplicate? ${duplicate.message}`);
  if (result.embeddingError) lines.push(`warning: cards imported but not embedded yet (search will miss them until the next import): ${result.embeddingError}`);
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
        const { importNotes, embedAfterImport } = await import("../../lib/importer");
        if (options.dryRun) {
          const result = await importNotes(null, paths, { root, dryRun: true, onProgress });
          bar?.stop();
          return finish(result, options, true);
        }
        const { openDatabase } = await import("../../lib/db");
        const { embedderFromEnv } = await import("../../lib/embeddings");
        const db = await openDatabase();
        const embedder = embedderFromEnv();
        const importOnce = async (showProgress: boolean) => {
          const result = await importNotes(db.prisma, paths, { root, onProgress: showProgress ? onProgress : undefined });
          bar?.stop();
          const embedBar = showProgress && bar ? new cliProgress.SingleBar({ format: "embedding {kind} [{bar}] {value}/{total}", stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
          const embedding = await embedAfterImport(db.prisma, embedder, result, {
            onProgress: embedBar
              ? ({ kind, done, total }) => {
                  if (done === 0) embedBar.start(total, 0, { kind });
                  embedBar.update(done, { kind });
                  if (done === total) embedBar.stop();
                }
              : undefined,
          });
          embedBar?.stop();
          finish({ ...result, ...embedding }, options, false);
        };
        try {
          await importOnce(true);
          if (options.watch) await watchAndImport(paths, () => importOnce(false));
        } finally {
          await db.close();
        }
      } catch (error) {
        bar?.stop();
        fail(error, options);
      }
    });
}

function finish(result: CommandResult, options: ImportCommandOptions, dryRun: boolean): void {
  const { cards, summary, errors, warnings, files, duplicates, embeddingError } = result;
  // Per-file errors are reported in the output; they do not fail the import of the other files.
  emit({ cards, summary, errors, warnings, files, duplicates, embeddingError }, options, () => renderImport(result, dryRun));
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
