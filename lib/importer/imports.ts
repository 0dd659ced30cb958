import { z } from "zod";
import type { PrismaClient } from "../db";
import type { Embedder } from "../embeddings";
import { countPendingCards, embedPending, flagNewDuplicates, flagStates, type EmbedPendingOptions, type EmbedPendingResult, type FlagState } from "../search";
import type { FileReport, ImportSummary } from "./sync";

/**
 * An import as recorded: what it did, and which of its new or changed cards nearly duplicate another
 * card. Web imports and `cards import` on PostgreSQL answer before their cards are embedded, so the
 * flags come later, from the embed job (checkImportsForDuplicates); `duplicates` is null until then.
 */
export interface ImportRecord {
  id: string;
  importedAt: Date;
  summary: ImportSummary;
  /** Files whose cards it added, changed or retired, and files it could not read: what it was about. */
  files: string[];
  /** New and changed cards: the ones checked for near-duplicates. */
  cards: number;
  /** Of those, how many still wait for their vector (0 once checked). */
  unembedded: number;
  /**
   * `new card "X" is 0.94 similar to "Y" in deck Z`, closest first, as checked; null until every card is
   * embedded and checked. Each says whether it has been settled since (kept, dismissed, suspended, retired).
   */
  duplicates: FlagState[] | null;
  checkedAt: Date | null;
}

export class UnknownImportError extends Error {
  readonly userFacing = true;
  constructor(readonly id: string | undefined) {
    super(id ? `No import with id ${id} in this collection.` : "Nothing has been imported into this collection yet.");
    this.name = "UnknownImportError";
  }
}

const StoredSummary = z.object({ added: z.number(), updated: z.number(), unchanged: z.number(), retired: z.number(), restored: z.number() });
const StoredCard = z.object({
  id: z.string(),
  front: z.string(),
  deck: z.string(),
  source: z.object({ path: z.string().nullable(), startLine: z.number().nullable(), endLine: z.number().nullable() }),
});
// Flags are stored as they were when checked (the import's record of that moment); what has been done
// about them since is read with them (flagStates).
const StoredFlags = z.array(z.object({ card: StoredCard, similarTo: StoredCard, similarity: z.number(), message: z.string() }));

/** Records an import; one that added or changed nothing has nothing to check and is checked at once. */
export async function recordImport(prisma: PrismaClient, summary: ImportSummary, changedCardIds: string[], files: FileReport[], now: Date): Promise<string> {
  const changedFiles = files.filter((file) => file.status === "failed" || file.status === "missing" || file.added + file.updated + file.retired > 0).map((file) => file.path);
  const { id } = await prisma.import.create({
    data: { importedAt: now, summary: { ...summary }, cardIds: changedCardIds, files: changedFiles, checkedAt: changedCardIds.length === 0 ? now : null },
    select: { id: true },
  });
  return id;
}

const NEWEST_FIRST = [{ importedAt: "desc" as const }, { id: "desc" as const }];

/** An import by id (the latest one without an id), or UnknownImportError. */
export async function findImport(prisma: PrismaClient, model: string, id?: string): Promise<ImportRecord> {
  const row = id ? await prisma.import.findUnique({ where: { id } }) : await prisma.import.findFirst({ orderBy: NEWEST_FIRST });
  if (!row) throw new UnknownImportError(id);
  return importRecord(prisma, model, row);
}

/** The latest imports, newest first: the Import page's history and `cards imports --list`. */
export async function recentImports(prisma: PrismaClient, model: string, limit = 10): Promise<ImportRecord[]> {
  const rows = await prisma.import.findMany({ orderBy: NEWEST_FIRST, take: limit });
  const records: ImportRecord[] = [];
  for (const row of rows) records.push(await importRecord(prisma, model, row));
  return records;
}

type ImportRow = NonNullable<Awaited<ReturnType<PrismaClient["import"]["findUnique"]>>>;

async function importRecord(prisma: PrismaClient, model: string, row: ImportRow): Promise<ImportRecord> {
  const checked = row.checkedAt !== null;
  return {
    id: row.id,
    importedAt: row.importedAt,
    summary: StoredSummary.parse(row.summary),
    files: row.files,
    cards: row.cardIds.length,
    unembedded: checked ? 0 : await countPendingCards(prisma, model, row.cardIds),
    duplicates: checked ? await flagStates(prisma, StoredFlags.parse(row.duplicates)) : null,
    checkedAt: row.checkedAt,
  };
}

/**
 * The embed job's last step: every import not checked yet whose cards all have their vector for `model`
 * gets its near-duplicate flags (flagNewDuplicates) stored with it. Imports still waiting for vectors are
 * left for a later embed job. Returns how many imports were checked.
 */
export async function checkImportsForDuplicates(prisma: PrismaClient, model: string): Promise<number> {
  const unchecked = await prisma.import.findMany({ where: { checkedAt: null }, select: { id: true, cardIds: true }, orderBy: { importedAt: "asc" } });
  let checked = 0;
  for (const { id, cardIds } of unchecked) {
    if ((await countPendingCards(prisma, model, cardIds)) > 0) continue;
    const flags = await flagNewDuplicates(prisma, model, cardIds);
    // Only while still unchecked: the first check's flags stand (a job retried after it timed out may come second).
    const { count } = await prisma.import.updateMany({ where: { id, checkedAt: null }, data: { duplicates: flags as object[], checkedAt: new Date() } });
    checked += count;
  }
  return checked;
}

/**
 * Embeds what has no vector for the embedder's model yet (embedPending), then checks the imports whose
 * new cards now all have one: the embed job's work, and `cards embed`'s.
 */
export async function embedAndCheckImports(
  prisma: PrismaClient,
  embedder: Embedder,
  options: EmbedPendingOptions = {},
): Promise<EmbedPendingResult & { importsChecked: number }> {
  const embedded = await embedPending(prisma, embedder, options);
  // Cards come first, so an import's cards may all have vectors while passages are still left (the
  // job's row limit): its flags are stored now, for its summary.
  return { ...embedded, importsChecked: await checkImportsForDuplicates(prisma, embedder.model) };
}
