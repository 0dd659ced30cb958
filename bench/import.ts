/**
 * npm run bench:import [-- --cards 10000 --files 200 --json]
 *
 * Parse-only throughput on a generated corpus of several note shapes, against a baseline measured in
 * the same run: remark's bare parse of the same text (what any Markdown importer must at least pay).
 * Then a full import into a fresh embedded database (embedding excluded) and the unchanged re-import,
 * against hashing the same files (the floor of "did anything change?").
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unified } from "unified";
import remarkParse from "remark-parse";
import { cardsFromMarkdown } from "../lib/markdown";
import { importNotes } from "../lib/importer";
import { openDatabase } from "../lib/db";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const totalCards = arg("cards", 10_000);
const files = arg("files", 200);
const json = process.argv.includes("--json");
const perFile = Math.ceil(totalCards / files);

/** Five shapes, one per file (a note with explicit card syntax gets only those cards), ~200-character answers. */
function noteText(fileIndex: number): string {
  const lines: string[] = [`# Generated note ${fileIndex}`, ""];
  for (let i = 0; i < perFile; i++) {
    const n = `${fileIndex}-${i}`;
    const answer = `Answer ${n}: gradient descent updates the weights against the gradient of the loss; a smaller learning rate converges more slowly but more stably, and momentum smooths the updates.`;
    switch (fileIndex % 5) {
      case 0: lines.push(`## ${i + 1}. What is concept ${n}?`, "", answer, "", "- detail one", "- detail two", ""); break;
      case 1: lines.push(`Q: Why does mechanism ${n} matter?`, `A: ${answer}`, ""); break;
      case 2: lines.push(`Term ${n}::${answer}`, ""); break;
      case 3: lines.push(`:p How does process ${n} work?`, "??x", answer, "x??", ""); break;
      default: lines.push(`The key idea of ${n} is ==momentum== in optimisation. ${answer}`, ""); break;
    }
  }
  return lines.join("\n");
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "recall-bench-import-"));
const notesDir = path.join(root, "notes");
fs.mkdirSync(notesDir);
const texts = Array.from({ length: files }, (_, i) => noteText(i));
texts.forEach((text, i) => fs.writeFileSync(path.join(notesDir, `note-${String(i).padStart(4, "0")}.md`), text));

const parser = unified().use(remarkParse);
const [, baselineMs] = time(() => texts.forEach((text) => parser.parse(text)));
const [cardCount, parseMs] = time(() => texts.reduce((sum, text, i) => sum + cardsFromMarkdown(text, { path: `note-${i}.md` }).cards.length, 0));

const db = await openDatabase({ dataDir: path.join(root, "data") });
const [first, importMs] = await timeAsync(() => importNotes(db.prisma, [notesDir], { root: notesDir }));
const [, hashMs] = time(() => fs.readdirSync(notesDir).forEach((f) => crypto.createHash("sha256").update(fs.readFileSync(path.join(notesDir, f))).digest()));
const [again, reimportMs] = await timeAsync(() => importNotes(db.prisma, [notesDir], { root: notesDir }));
await db.close();
fs.rmSync(root, { recursive: true, force: true });

const result = {
  corpus: { files, cards: cardCount, bytes: texts.reduce((s, t) => s + t.length, 0) },
  parse: { ms: Math.round(parseMs), cardsPerSecond: Math.round(cardCount / (parseMs / 1000)), remarkParseOnlyMs: Math.round(baselineMs), ratioToRemark: +(parseMs / baselineMs).toFixed(2) },
  import: { ms: Math.round(importMs), cardsPerSecond: Math.round(first.summary.added / (importMs / 1000)), added: first.summary.added },
  unchangedReimport: { ms: Math.round(reimportMs), unchanged: again.summary.unchanged, hashOnlyMs: Math.round(hashMs) },
};
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`corpus: ${files} files, ${cardCount} cards, ${(result.corpus.bytes / 1e6).toFixed(1)} MB`);
  console.log(`parse only: ${result.parse.ms} ms (${result.parse.cardsPerSecond} cards/s); remark's bare parse of the same text: ${result.parse.remarkParseOnlyMs} ms → ${result.parse.ratioToRemark}×`);
  console.log(`first import into PGlite (no embedding): ${result.import.ms} ms (${result.import.cardsPerSecond} cards/s)`);
  console.log(`unchanged re-import: ${result.unchangedReimport.ms} ms (${result.unchangedReimport.unchanged} cards unchanged); hashing the files alone: ${result.unchangedReimport.hashOnlyMs} ms`);
}
