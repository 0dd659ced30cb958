import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { z } from "zod";
import { openDatabase } from "../../lib/db";
import { backupRowsFromFile, exportApkg, exportCardsCsv, exportCollectionJson, restoreCollection } from "../../lib/review";
import { emit, fail } from "../output";

const formatSchema = z.enum(["json", "csv", "apkg"], { error: "--format must be json, csv or apkg" });

export function registerBackup(program: Command): void {
  program
    .command("export")
    .description("write the collection: json (full backup for `cards restore`), csv (cards and schedules) or apkg (Anki package)")
    .option("--format <format>", "json | csv | apkg", "json")
    .option("--out <file>", "output file (default: stdout for json/csv, recall.apkg for apkg)")
    .option("--json", "print a JSON summary (with --out)")
    .action(async (options: { format: string; out?: string; json?: boolean }) => {
      try {
        const format = formatSchema.parse(options.format);
        const db = await openDatabase();
        try {
          if (format === "apkg") {
            const out = options.out ?? "recall.apkg";
            const apkg = await exportApkg(db.prisma);
            fs.writeFileSync(out, apkg.data);
            emit({ file: out, cards: apkg.cards, decks: apkg.decks, reviews: apkg.reviews }, options, (r) => `${r.file}: ${r.cards} cards in ${r.decks} decks, ${r.reviews} reviews`);
            return;
          }
          const lines = format === "json" ? exportCollectionJson(db.prisma) : exportCardsCsv(db.prisma);
          if (!options.out) {
            // A reader that stops early (| head) closes the pipe: that is not an error.
            await pipeline(Readable.from(lines), process.stdout, { end: false }).catch((error: NodeJS.ErrnoException) => {
              if (error.code !== "EPIPE") throw error;
            });
            return;
          }
          await pipeline(Readable.from(lines), fs.createWriteStream(options.out));
          emit({ file: options.out, bytes: fs.statSync(options.out).size }, options, (r) => `${r.file}: ${r.bytes} bytes`);
        } finally {
          await db.close();
        }
      } catch (error) {
        fail(error instanceof z.ZodError ? new Error(error.issues[0].message) : error, options);
      }
    });

  program
    .command("restore <backup>")
    .description("restore a JSON backup (from `cards export --format json`) into an empty collection")
    .option("--replace", "delete the current collection first (cards, history, settings)")
    .option("--json", "machine-readable output")
    .action(async (file: string, options: { replace?: boolean; json?: boolean }) => {
      try {
        if (!fs.existsSync(file)) throw new Error(`No file ${file}.`);
        const db = await openDatabase();
        try {
          const result = await restoreCollection(db.prisma, backupRowsFromFile(file), { replace: options.replace });
          emit(result, options, (r) => `restored ${Object.entries(r.counts).map(([table, n]) => `${n} ${table}`).join(", ")}`);
        } finally {
          await db.close();
        }
      } catch (error) {
        fail(error, options);
      }
    });
}
