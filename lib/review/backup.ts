import fs from "node:fs";
import readline from "node:readline";
import { z } from "zod";
import type { PrismaClient } from "../db";
import { Prisma } from "../generated/prisma/client";
import { CollectionNotEmptyError, InvalidBackupError } from "./errors";

/**
 * JSON backup of a collection: decks, notes, passages, cards, their FSRS states, review logs,
 * graded answers, duplicate dismissals, imports (with their near-duplicate flags) and settings, row
 * for row. Embeddings are left out: they are recomputed from the text (`cards embed`), and an import
 * whose cards were not checked yet is checked once they are.
 *
 * Layout: valid JSON with one row per line, so backups of millions of review logs can be
 * written and restored as streams (a single JSON.parse of such a file would exceed V8's string limit).
 */
export const BACKUP_FORMAT = "recall-backup";
export const BACKUP_VERSION = 1;

const date = z.coerce.date();
const optionalDate = z.coerce.date().nullable();
const json = z.custom<Prisma.InputJsonValue>((value) => value !== undefined && value !== null, "a JSON value");
const text = z.string();
const optionalText = z.string().nullable();
const int = z.number().int();
const optionalInt = z.number().int().nullable();

/** Tables in insertion order (parents before children); each with its row schema and Prisma delegate. */
const tables = {
  decks: z.object({ id: text, path: text, name: text, parentId: optionalText, settings: json, createdAt: date }),
  notes: z.object({ id: text, path: text, contentHash: text, deckId: text, lastImportedAt: date, missingSince: optionalDate }),
  passages: z.object({
    id: text, noteId: text, ordinal: int, headingPath: z.array(text), text, startLine: int, endLine: int, contentHash: text,
  }),
  cards: z.object({
    id: text, noteId: optionalText, deckId: text, front: text, back: text,
    kind: z.enum(["basic", "reversed", "cloze", "topic", "term"]), tags: z.array(text),
    sourcePath: optionalText, startLine: optionalInt, endLine: optionalInt, siblingKey: optionalText, position: int,
    contentHash: text, status: z.enum(["active", "suspended", "retired"]), retiredAt: optionalDate,
    mergedIntoId: optionalText, createdAt: date, updatedAt: date,
  }),
  cardStates: z.object({
    cardId: text, due: date, stability: z.number(), difficulty: z.number(), elapsedDays: int, scheduledDays: int,
    learningSteps: int, reps: int, lapses: int, state: z.enum(["new", "learning", "review", "relearning"]),
    lastReview: optionalDate, buriedUntil: optionalDate,
  }),
  reviewLogs: z.object({
    id: text, cardId: text, rating: int, stateBefore: json, stateAfter: json, elapsedDays: int, scheduledDays: int,
    durationMs: optionalInt, reviewedAt: date, idempotencyKey: optionalText, source: text,
  }),
  gradedAnswers: z.object({
    id: text, cardId: optionalText, question: text, reference: text, answer: text, status: text,
    score: z.number().nullable(), verdict: optionalText, grader: optionalText, model: optionalText,
    explanation: optionalText, pointsHit: json, pointsMissed: json, citations: json,
    fallbackReason: optionalText, createdAt: date, gradedAt: optionalDate,
  }),
  duplicateDismissals: z.object({ cardA: text, cardB: text, createdAt: date }),
  imports: z.object({ id: text, importedAt: date, summary: json, cardIds: z.array(text), duplicates: json, checkedAt: optionalDate }),
  settings: z.object({ key: text, value: json, updatedAt: date }),
} as const;

export type BackupTable = keyof typeof tables;
const tableNames = Object.keys(tables) as BackupTable[];

type Delegate = {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: object[] }): Promise<unknown>;
};

function delegate(db: PrismaClient | Prisma.TransactionClient, table: BackupTable): Delegate {
  const name = {
    decks: "deck", notes: "note", passages: "passage", cards: "card", cardStates: "cardState", reviewLogs: "reviewLog",
    gradedAnswers: "gradedAnswer", duplicateDismissals: "duplicateDismissal", imports: "import", settings: "setting",
  }[table];
  return (db as unknown as Record<string, Delegate>)[name];
}

/** Column to page through each table by (unique, sortable). */
const orderKey: Record<BackupTable, string[]> = {
  decks: ["path"], notes: ["id"], passages: ["id"], cards: ["id"], cardStates: ["cardId"], reviewLogs: ["id"],
  gradedAnswers: ["id"], duplicateDismissals: ["cardA", "cardB"], imports: ["id"], settings: ["key"],
};

const PAGE = 5000;

// The generated search_text columns are Unsupported in Prisma and so never selected.
async function* rowsOf(prisma: PrismaClient, table: BackupTable): AsyncGenerator<Record<string, unknown>> {
  const keys = orderKey[table];
  const orderBy = keys.map((key) => ({ [key]: "asc" }));
  let after: Record<string, unknown> | null = null;
  for (;;) {
    const where: object = after === null ? {} : keys.length === 1
      ? { [keys[0]]: { gt: after[keys[0]] } }
      : { OR: [{ [keys[0]]: { gt: after[keys[0]] } }, { [keys[0]]: after[keys[0]], [keys[1]]: { gt: after[keys[1]] } }] };
    const page = await delegate(prisma, table).findMany({ where, orderBy, take: PAGE });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1];
  }
}

/** The backup as lines of text (each ends with "\n"), streamed table by table. */
export async function* exportCollectionJson(prisma: PrismaClient, now: Date = new Date()): AsyncGenerator<string> {
  yield `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exportedAt":${JSON.stringify(now.toISOString())},\n`;
  for (const [t, table] of tableNames.entries()) {
    yield `${JSON.stringify(table)}:[\n`;
    let first = true;
    for await (const row of rowsOf(prisma, table)) {
      yield `${first ? "" : ",\n"}${JSON.stringify(row)}`;
      first = false;
    }
    yield `${first ? "" : "\n"}]${t === tableNames.length - 1 ? "}" : ","}\n`;
  }
}

export type BackupRows = AsyncIterable<{ table: BackupTable; row: unknown }>;

const headerSchema = z.object({ format: z.literal(BACKUP_FORMAT), version: z.literal(BACKUP_VERSION) });

function checkHeader(value: unknown): void {
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const { format, version } = (value ?? {}) as { format?: unknown; version?: unknown };
    throw new InvalidBackupError(
      format === BACKUP_FORMAT
        ? `backup version ${String(version)} is not supported by this Recall (it reads version ${BACKUP_VERSION})`
        : `missing "format": "${BACKUP_FORMAT}"`,
    );
  }
}

function isTable(name: string): name is BackupTable {
  return (tableNames as string[]).includes(name);
}

/**
 * Rows of a backup file given as lines: the streaming layout exportCollectionJson writes, or,
 * for a backup that was reformatted, the whole text parsed at once.
 */
export async function* backupRowsFromLines(lines: AsyncIterable<string> | Iterable<string>): BackupRows {
  const buffered: string[] = [];
  let table: BackupTable | null = null;
  let layout: "stream" | "other" | null = null;
  for await (const raw of lines) {
    const line = raw.trim();
    if (layout === null && line === "") continue;
    if (layout === null) {
      layout = line.startsWith('{"format"') && line.endsWith(",") ? "stream" : "other";
      if (layout === "stream") {
        checkHeader(parseJson(line.slice(0, -1) + "}", 1));
        continue;
      }
    }
    if (layout === "other") {
      buffered.push(raw);
      continue;
    }
    const start = /^"(\w+)":\[$/.exec(line);
    if (start) {
      if (!isTable(start[1])) throw new InvalidBackupError(`unknown table "${start[1]}"`);
      table = start[1];
    } else if (/^\](,|\})?$/.test(line)) {
      table = null;
    } else if (line !== "") {
      if (!table) throw new InvalidBackupError(`unexpected line outside a table: ${line.slice(0, 80)}`);
      yield { table, row: parseJson(line.endsWith(",") ? line.slice(0, -1) : line, 0) };
    }
  }
  if (layout === "other") yield* backupRowsFromObject(parseJson(buffered.join("\n"), 0));
  if (layout === null) throw new InvalidBackupError("the file is empty");
}

/** Rows of a backup file, read line by line only once iterated (restoreCollection checks the database first). */
export async function* backupRowsFromFile(file: string): BackupRows {
  // Created inside the generator: a readline interface made earlier would drop lines during the awaits in between.
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  yield* backupRowsFromLines(lines);
}

/** Rows of a backup already parsed as one object. */
export async function* backupRowsFromObject(backup: unknown): BackupRows {
  checkHeader(backup);
  const record = backup as Record<string, unknown>;
  for (const table of tableNames) {
    const rows = record[table] ?? [];
    if (!Array.isArray(rows)) throw new InvalidBackupError(`"${table}" is not a list`);
    for (const row of rows) yield { table, row };
  }
}

function parseJson(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidBackupError(`invalid JSON${line ? ` on line ${line}` : ""} (${(error as Error).message})`);
  }
}

export interface RestoreResult {
  counts: Record<BackupTable, number>;
}

const BATCH = 1000;

/**
 * Restores a backup, in one transaction. Refuses a database that has cards unless `replace`,
 * which first deletes the whole collection (embeddings included). Tables must come parents
 * first, as exportCollectionJson writes them.
 */
export async function restoreCollection(
  prisma: PrismaClient,
  rows: BackupRows,
  options: { replace?: boolean } = {},
): Promise<RestoreResult> {
  if (!options.replace) {
    const cards = await prisma.card.count();
    const decks = await prisma.deck.count();
    if (cards > 0 || decks > 0) throw new CollectionNotEmptyError(cards);
  }
  const counts = Object.fromEntries(tableNames.map((t) => [t, 0])) as Record<BackupTable, number>;
  await prisma.$transaction(
    async (tx) => {
      if (options.replace) {
        await tx.$executeRawUnsafe(
          `TRUNCATE card_embeddings, passage_embeddings, review_logs, graded_answers, card_states, duplicate_dismissals, imports, cards, passages, notes, decks, settings`,
        );
      }
      let pendingTable: BackupTable | null = null;
      let pendingRows: object[] = [];
      const flush = async () => {
        if (!pendingTable || pendingRows.length === 0) return;
        await delegate(tx, pendingTable).createMany({ data: pendingRows });
        counts[pendingTable] += pendingRows.length;
        pendingRows = [];
      };
      for await (const { table, row } of rows) {
        const parsed = tables[table].safeParse(row);
        if (!parsed.success) {
          throw new InvalidBackupError(`a row of "${table}" is invalid: ${z.prettifyError(parsed.error)}`);
        }
        if (pendingTable !== table) {
          await flush();
          pendingTable = table;
        }
        pendingRows.push(parsed.data);
        if (pendingRows.length >= BATCH) await flush();
      }
      await flush();
    },
    { maxWait: 60_000, timeout: 24 * 3_600_000 },
  );
  return { counts };
}
