import fs from "node:fs";
import path from "node:path";
import { notesRoot } from "../config";
import { MAX_NOTE_BYTES } from "../markdown";
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

export const UPLOAD_FOLDER = "uploads";
const UPLOADABLE = /\.(md|markdown|txt)$/i;

export class UploadError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "UploadError";
  }
}

/**
 * Stores uploaded notes as new files under <notes root>/uploads so they import like any other note.
 * An existing file is never overwritten: the same content reuses it, other content gets "name-2.md".
 */
export function saveUploadedNotes(files: { name: string; bytes: Uint8Array }[]): string[] {
  const folder = path.join(notesRoot(), UPLOAD_FOLDER);
  fs.mkdirSync(folder, { recursive: true });
  return files.map(({ name, bytes }) => {
    const base = path.basename(name).replace(/[^\p{L}\p{N}._ -]/gu, "_").replace(/^\.+/, "") || "note.md";
    if (!UPLOADABLE.test(base)) throw new UploadError(`${name}: only .md, .markdown and .txt notes can be uploaded`);
    if (bytes.byteLength > MAX_NOTE_BYTES) throw new UploadError(`${name}: larger than the ${MAX_NOTE_BYTES / 1024 / 1024} MB limit for a note`);
    const ext = path.extname(base);
    const stem = base.slice(0, -ext.length);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${stem}-${n}${ext}`;
      const target = path.join(folder, candidate);
      if (!fs.existsSync(target)) {
        fs.writeFileSync(target, bytes, { flag: "wx" });
        return `${UPLOAD_FOLDER}/${candidate}`;
      }
      if (Buffer.from(bytes).equals(fs.readFileSync(target))) return `${UPLOAD_FOLDER}/${candidate}`;
    }
  });
}
