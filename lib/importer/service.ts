import fs from "node:fs";
import path from "node:path";
import { notesRoot } from "../config";
import { MAX_NOTE_BYTES } from "../markdown";
import type { Database, PrismaClient } from "../db";
import type { JobQueue } from "../jobs";
import { countPendingEmbeddings, type EmbedPendingResult, type EmbedProgress } from "../search";
import { findImport, type ImportRecord } from "./imports";
import { importNotes, type ImportResult } from "./sync";

/**
 * The web app's import: paths are relative to the notes root and may not leave it
 * (no "..", no absolute paths outside it, no symlinks pointing out).
 */
export async function importFromNotesRoot(prisma: PrismaClient, relativePaths: string[]): Promise<ImportResult> {
  const root = notesRoot();
  return importNotes(prisma, relativePaths.length > 0 ? relativePaths : ["."], { root, confine: true });
}

export interface ImportEmbedding {
  /**
   * An embed job was queued: a worker embeds the new and changed cards and passages after the import,
   * then checks the import's cards for near-duplicates (see findImport).
   */
  queued: boolean;
  /** Cards and passages without a vector for the current model (what search by meaning misses for now). */
  pending: EmbedPendingResult;
}

/**
 * Second phase of an import, after every file's transaction committed: queues the embedding of what is
 * new or changed instead of doing it in the request, so a large import does not hold the web server
 * (or the caller) while the model runs. The embed job then stores the near-duplicate flags of the
 * import's new cards with the import, so the job is queued whenever the import has cards to check,
 * even if they all have vectors already (a card that only moved deck, say).
 */
export async function queueEmbeddingAfterImport(db: Database, jobs: JobQueue, model: string, imported: Pick<ImportResult, "changedCardIds">): Promise<ImportEmbedding> {
  const pending = await countPendingEmbeddings(db.prisma, model);
  const queued = pending.cards + pending.passages > 0 || imported.changedCardIds.length > 0;
  if (queued) await jobs.enqueue("embed", {});
  return { queued, pending };
}

/**
 * Waits until the embed job has checked this import's cards for near-duplicates, and returns the import.
 * In-process jobs (PGlite) run in this process, so this waits until it has nothing left to do; pg-boss
 * jobs are polled until the import is checked, or until no embed job is queued or running any more (it
 * failed: the worker logged why). With pg-boss, `jobs` should work embed jobs itself, or the wait lasts
 * until some worker takes them. Either way the import returned may still be unchecked; its
 * `unembedded` says how many of its cards have no vector. `onProgress` follows the embedding meanwhile
 * (cards, then passages), read from the database, wherever the job runs.
 */
export async function waitForImportCheck(
  db: Database,
  jobs: JobQueue,
  model: string,
  importId: string,
  options: { pollMs?: number; onWaiting?: (record: ImportRecord) => void; onProgress?: (progress: EmbedProgress) => void } = {},
): Promise<ImportRecord> {
  const stopWatching = options.onProgress ? watchEmbedding(db.prisma, model, options.onProgress, options.pollMs ?? 1000) : async () => {};
  try {
    return await waitForCheck(db, jobs, model, importId, options);
  } finally {
    await stopWatching();
  }
}

async function waitForCheck(db: Database, jobs: JobQueue, model: string, importId: string, options: { pollMs?: number; onWaiting?: (record: ImportRecord) => void }): Promise<ImportRecord> {
  const record = await findImport(db.prisma, model, importId);
  if (!record.duplicates) {
    // An import queues its embed job; an older import may need one again (its job failed, or was lost with a PGlite process).
    const { embed } = await jobs.counts();
    if (embed.queued + embed.active === 0) await jobs.enqueue("embed", {});
    options.onWaiting?.(record);
  }
  if (jobs.backend === "in-process") {
    await jobs.whenIdle();
    return findImport(db.prisma, model, importId);
  }
  if (record.duplicates) return record;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
    const { embed } = await jobs.counts();
    // Read after the counts: a job that stopped counting has already stored its flags.
    const current = await findImport(db.prisma, model, importId);
    if (current.duplicates || embed.queued + embed.active === 0) return current;
  }
}

/**
 * Reports how far the embedding has got (cards first, then passages, as embedPending goes) every
 * `everyMs`, from the count of rows still without a vector. Returns a stop function, which reports
 * once more so the last figure shown is the final one.
 */
function watchEmbedding(prisma: PrismaClient, model: string, onProgress: (progress: EmbedProgress) => void, everyMs: number): () => Promise<void> {
  const totals = { cards: 0, passages: 0 };
  const report = async () => {
    const left = await countPendingEmbeddings(prisma, model);
    // A total only grows: rows added meanwhile (another import) join it.
    totals.cards = Math.max(totals.cards, left.cards);
    totals.passages = Math.max(totals.passages, left.passages);
    const kind = left.cards > 0 || totals.passages === 0 ? "cards" : "passages";
    onProgress({ kind, done: totals[kind] - left[kind], total: totals[kind] });
  };
  let stopped = false;
  let wake = () => {};
  // One report at a time: the next waits for the last and the pause after it.
  const loop = (async () => {
    while (!stopped) {
      await report().catch(() => {});
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, everyMs);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  })();
  return async () => {
    stopped = true;
    wake();
    await loop;
    await report().catch(() => {});
  };
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
