import { notesRoot } from "../config";
import type { PrismaClient } from "../db";
import type { Embedder } from "../embeddings";
import { embedPending, flagNewDuplicates, type DuplicateFlag, type EmbedProgress } from "../search";
import { importNotes, type ImportResult } from "./sync";

/**
 * The web app's import: paths are relative to the notes root and may not leave it
 * (no "..", no absolute paths outside it, no symlinks pointing out).
 */
export async function importFromNotesRoot(prisma: PrismaClient, relativePaths: string[]): Promise<ImportResult> {
  const root = notesRoot();
  return importNotes(prisma, relativePaths.length > 0 ? relativePaths : ["."], { root, confine: true });
}

export interface EmbedAfterImportResult {
  embedded: { cards: number; passages: number };
  /** "new card X is 0.94 similar to Y in deck Z" */
  duplicates: DuplicateFlag[];
  /** Set when the embedder failed: the cards are imported, their vectors are made on the next run. */
  embeddingError?: string;
}

/**
 * Second phase of an import, after every file's transaction committed: embeds what is new or changed
 * (in batches, no transaction held open), then flags new cards that nearly duplicate existing ones.
 */
export async function embedAfterImport(
  prisma: PrismaClient,
  embedder: Embedder,
  result: ImportResult,
  options: { onProgress?: (progress: EmbedProgress) => void } = {},
): Promise<EmbedAfterImportResult> {
  try {
    const embedded = await embedPending(prisma, embedder, { onProgress: options.onProgress });
    const duplicates = await flagNewDuplicates(prisma, embedder.model, result.changedCardIds);
    return { embedded, duplicates };
  } catch (error) {
    return { embedded: { cards: 0, passages: 0 }, duplicates: [], embeddingError: (error as Error).message };
  }
}
