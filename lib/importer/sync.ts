import crypto from "node:crypto";
import fs from "node:fs";
import {
  cardsFromMarkdown,
  decodeNoteFile,
  deckFromPath,
  normaliseFront,
  PARSER_VERSION,
  type CardCandidate,
  type NotePassage,
  type ParsedNote,
  type Separators,
} from "../markdown";
import { defaultReviewSettings, newSchedulingState, stateData, stateFromObsidianPrior, type ReviewSettings, type SchedulingState } from "../review";
import type { PrismaClient } from "../db";
import { collectNoteFiles, type FileIssue, type NoteFile } from "./files";
import { matchCards } from "./identity";
import { recordImport } from "./imports";

export interface ImportOptions {
  /** Notes root (RECALL_NOTES_DIR). */
  root: string;
  /** Web imports are confined to the root; the CLI may name other folders. */
  confine?: boolean;
  /** Parse and report without a database. */
  dryRun?: boolean;
  separators?: Partial<Separators>;
  reviewSettings?: ReviewSettings;
  now?: Date;
  onProgress?: (progress: { done: number; total: number; path: string }) => void;
}

export interface ImportedCard {
  /** null in a dry run: nothing was stored. */
  id: string | null;
  front: string;
  back: string;
  kind: string;
  deck: string;
  tags: string[];
  source: { path: string; startLine: number; endLine: number };
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  retired: number;
  /** Retired cards whose text came back, with their history. */
  restored: number;
}

export interface FileReport {
  path: string;
  status: "imported" | "unchanged" | "failed" | "missing";
  cards: number;
  added: number;
  updated: number;
  retired: number;
}

export interface ImportResult {
  cards: ImportedCard[];
  summary: ImportSummary;
  errors: { path: string; line: number; message: string }[];
  warnings: { path: string; line: number; message: string }[];
  files: FileReport[];
  /** Ids of cards added or changed by this import (to embed, to check for duplicates). */
  changedCardIds: string[];
  /** The stored record of this import (lib/importer/imports.ts); null in a dry run. */
  importId: string | null;
}

/** Decks are '/'-separated paths; Anki-style "a::b" from a note means the same. */
export function normaliseDeckPath(deck: string): string {
  return deck
    .split(/::|\//)
    .map((part) => part.trim())
    .filter(Boolean)
    .join("/");
}

const sha256 = (text: string | Uint8Array) => crypto.createHash("sha256").update(text).digest("hex");

function cardContentHash(card: CardCandidate, deck: string): string {
  return sha256([card.kind, card.front, card.back, deck, [...card.tags].sort().join(",")].join("\u0000"));
}

interface ParsedFile {
  file: NoteFile;
  hash: string;
  parsed: ParsedNote;
}

function emptyResult(): ImportResult {
  return { cards: [], summary: { added: 0, updated: 0, unchanged: 0, retired: 0, restored: 0 }, errors: [], warnings: [], files: [], changedCardIds: [], importId: null };
}

function report(result: ImportResult, issue: FileIssue): void {
  const entry = { path: issue.path, line: issue.line, message: issue.message };
  (issue.severity === "error" ? result.errors : result.warnings).push(entry);
}

function readNote(file: NoteFile, options: ImportOptions, result: ImportResult): { bytes: Buffer; hash: string } | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file.absolutePath);
  } catch (error) {
    result.errors.push({ path: file.notePath, line: 0, message: `cannot read file: ${(error as Error).message}` });
    return null;
  }
  const hash = sha256(Buffer.concat([bytes, Buffer.from(`\u0000${PARSER_VERSION}\u0000${JSON.stringify(options.separators ?? {})}`)]));
  return { bytes, hash };
}

function parseNote(file: NoteFile, bytes: Buffer, hash: string, options: ImportOptions, result: ImportResult): ParsedFile | null {
  const decoded = decodeNoteFile(bytes, file.notePath);
  if ("issue" in decoded) {
    report(result, decoded.issue);
    return null;
  }
  try {
    const parsed = cardsFromMarkdown(decoded.text, { path: file.notePath, separators: options.separators });
    for (const issue of parsed.issues) report(result, { ...issue, path: file.notePath });
    return { file, hash, parsed };
  } catch (error) {
    // The parser is meant never to throw; if it does, this file fails and the others go on.
    result.errors.push({ path: file.notePath, line: 0, message: `could not parse: ${(error as Error).message}` });
    return null;
  }
}

function deckOf(candidate: CardCandidate, file: NoteFile): string {
  return normaliseDeckPath(candidate.deck ?? deckFromPath(file.deckPath)) || "default";
}

function toImported(id: string | null, candidate: CardCandidate, deck: string, file: NoteFile): ImportedCard {
  return {
    id,
    front: candidate.front,
    back: candidate.back,
    kind: candidate.kind,
    deck,
    tags: candidate.tags,
    source: { path: file.notePath, startLine: candidate.startLine, endLine: candidate.endLine },
  };
}

/**
 * Imports Markdown notes: each file in its own transaction (a crash leaves the previous state of
 * that file), unchanged files skipped by content hash, card ids kept across edits (see identity.ts),
 * cards whose text disappeared retired with their history, nothing deleted, note files never written.
 */
export async function importNotes(prisma: PrismaClient | null, paths: string[], options: ImportOptions): Promise<ImportResult> {
  const result = emptyResult();
  const { files, issues, folders } = collectNoteFiles(paths, { root: options.root, confine: options.confine ?? false });
  for (const issue of issues) report(result, issue);
  const now = options.now ?? new Date();

  if (options.dryRun || !prisma) {
    files.forEach((file, index) => {
      const read = readNote(file, options, result);
      const parsed = read && parseNote(file, read.bytes, read.hash, options, result);
      options.onProgress?.({ done: index + 1, total: files.length, path: file.notePath });
      if (!parsed) return result.files.push({ path: file.notePath, status: "failed", cards: 0, added: 0, updated: 0, retired: 0 });
      const cards = parsed.parsed.cards.map((card) => toImported(null, card, deckOf(card, file), file));
      result.cards.push(...cards);
      result.summary.added += cards.length;
      result.files.push({ path: file.notePath, status: "imported", cards: cards.length, added: cards.length, updated: 0, retired: 0 });
    });
    return result;
  }

  const known = new Map((await prisma.note.findMany({ select: { id: true, path: true, contentHash: true, missingSince: true } })).map((note) => [note.path, note]));
  const settings = options.reviewSettings ?? defaultReviewSettings;
  // Cards are reported in file order; unchanged notes' cards are read in one query at the end.
  const cardsByFile: ImportedCard[][] = files.map(() => []);
  const unchangedNotes = new Map<string, { index: number; report: FileReport }>();

  for (const [index, file] of files.entries()) {
    options.onProgress?.({ done: index, total: files.length, path: file.notePath });
    const read = readNote(file, options, result);
    if (!read) {
      result.files.push({ path: file.notePath, status: "failed", cards: 0, added: 0, updated: 0, retired: 0 });
      continue;
    }
    const existing = known.get(file.notePath);
    if (existing && existing.contentHash === read.hash && !existing.missingSince) {
      const report: FileReport = { path: file.notePath, status: "unchanged", cards: 0, added: 0, updated: 0, retired: 0 };
      unchangedNotes.set(existing.id, { index, report });
      result.files.push(report);
      continue;
    }
    const parsed = parseNote(file, read.bytes, read.hash, options, result);
    if (!parsed) {
      // Its previous cards stay as they were: a file we cannot read now is not a file without cards.
      result.files.push({ path: file.notePath, status: "failed", cards: 0, added: 0, updated: 0, retired: 0 });
      continue;
    }
    const synced = await syncNote(prisma, parsed, settings, now, result);
    cardsByFile[index] = synced.cards;
    result.files.push(synced.report);
  }
  options.onProgress?.({ done: files.length, total: files.length, path: "" });

  for (const [noteId, cards] of await unchangedCards(prisma, [...unchangedNotes.keys()])) {
    const { index, report } = unchangedNotes.get(noteId)!;
    cardsByFile[index] = cards;
    report.cards = cards.length;
    result.summary.unchanged += cards.length;
  }
  result.cards = cardsByFile.flat();

  // Notes under an imported folder whose file is gone: retire their cards, keep everything.
  const seen = new Set(files.map((file) => file.notePath));
  for (const [notePath, note] of known) {
    if (seen.has(notePath) || note.missingSince) continue;
    const underImportedFolder = folders.some((folder) => folder === "" ? !notePath.startsWith("/") : notePath.startsWith(folder + "/"));
    if (!underImportedFolder) continue;
    const retired = await prisma.$transaction(async (tx) => {
      await tx.note.update({ where: { id: note.id }, data: { missingSince: now } });
      return tx.card.updateMany({ where: { noteId: note.id, status: { not: "retired" } }, data: { status: "retired", retiredAt: now } });
    });
    result.summary.retired += retired.count;
    result.files.push({ path: notePath, status: "missing", cards: 0, added: 0, updated: 0, retired: retired.count });
  }
  result.importId = await recordImport(prisma, result.summary, result.changedCardIds, result.files, now);
  return result;
}

async function unchangedCards(prisma: PrismaClient, noteIds: string[]): Promise<Map<string, ImportedCard[]>> {
  const byNote = new Map<string, ImportedCard[]>(noteIds.map((id) => [id, []]));
  if (noteIds.length === 0) return byNote;
  const cards = await prisma.card.findMany({
    where: { noteId: { in: noteIds }, status: { not: "retired" } },
    orderBy: { position: "asc" },
    include: { deck: { select: { path: true } } },
  });
  for (const card of cards) byNote.get(card.noteId!)!.push({
    id: card.id,
    front: card.front,
    back: card.back,
    kind: card.kind,
    deck: card.deck.path,
    tags: card.tags,
    source: { path: card.sourcePath ?? "", startLine: card.startLine ?? 0, endLine: card.endLine ?? 0 },
  });
  return byNote;
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

async function ensureDecks(tx: Tx, paths: Iterable<string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const wanted = new Set<string>();
  for (const deckPath of paths) {
    const parts = deckPath.split("/");
    for (let i = 1; i <= parts.length; i++) wanted.add(parts.slice(0, i).join("/"));
  }
  // Parents before children, so each child can point at its parent.
  for (const deckPath of [...wanted].sort((a, b) => a.split("/").length - b.split("/").length)) {
    const parentPath = deckPath.includes("/") ? deckPath.slice(0, deckPath.lastIndexOf("/")) : null;
    const deck = await tx.deck.upsert({
      where: { path: deckPath },
      create: { path: deckPath, name: deckPath.split("/").pop()!, parentId: parentPath ? ids.get(parentPath) : null },
      update: {},
      select: { id: true },
    });
    ids.set(deckPath, deck.id);
  }
  return ids;
}

async function syncPassages(tx: Tx, noteId: string, passages: NotePassage[]): Promise<void> {
  const existing = new Map((await tx.passage.findMany({ where: { noteId }, select: { ordinal: true, contentHash: true, startLine: true, endLine: true } })).map((p) => [p.ordinal, p]));
  const created = [];
  for (const [ordinal, passage] of passages.entries()) {
    const contentHash = sha256(passage.text);
    const data = { headingPath: passage.headingPath, text: passage.text, startLine: passage.startLine, endLine: passage.endLine, contentHash };
    const old = existing.get(ordinal);
    if (!old) created.push({ noteId, ordinal, ...data });
    else if (old.contentHash !== contentHash || old.startLine !== passage.startLine || old.endLine !== passage.endLine) {
      await tx.passage.update({ where: { noteId_ordinal: { noteId, ordinal } }, data });
    }
  }
  if (created.length > 0) await tx.passage.createMany({ data: created });
  await tx.passage.deleteMany({ where: { noteId, ordinal: { gte: passages.length } } });
}

function initialState(candidate: CardCandidate, now: Date, settings: ReviewSettings): SchedulingState {
  if (!candidate.prior) return newSchedulingState(now);
  try {
    return stateFromObsidianPrior(candidate.prior, now, settings);
  } catch {
    return newSchedulingState(now);
  }
}

async function syncNote(
  prisma: PrismaClient,
  { file, hash, parsed }: ParsedFile,
  settings: ReviewSettings,
  now: Date,
  result: ImportResult,
): Promise<{ report: FileReport; cards: ImportedCard[] }> {
  const candidates = parsed.cards;
  const decks = candidates.map((card) => deckOf(card, file));
  const noteDeck = normaliseDeckPath(deckFromPath(file.deckPath)) || "default";
  const fileReport: FileReport = { path: file.notePath, status: "imported", cards: candidates.length, added: 0, updated: 0, retired: 0 };
  const counts = { added: 0, updated: 0, unchanged: 0, retired: 0, restored: 0 };
  const imported: ImportedCard[] = [];
  const changed: string[] = [];

  await prisma.$transaction(
    async (tx) => {
      const deckIds = await ensureDecks(tx, [noteDeck, ...decks]);
      const note = await tx.note.upsert({
        where: { path: file.notePath },
        create: { path: file.notePath, contentHash: hash, deckId: deckIds.get(noteDeck)!, lastImportedAt: now },
        update: { contentHash: hash, deckId: deckIds.get(noteDeck)!, lastImportedAt: now, missingSince: null },
        select: { id: true },
      });
      await syncPassages(tx, note.id, parsed.passages);

      const existing = await tx.card.findMany({ where: { noteId: note.id } });
      const byId = new Map(existing.map((card) => [card.id, card]));
      const plan = matchCards(
        existing.map((card) => ({ id: card.id, frontKey: normaliseFront(card.front), back: card.back, kind: card.kind })),
        candidates.map((card) => ({ frontKey: normaliseFront(card.front), back: card.back, kind: card.kind })),
      );

      const newCards: { id: string; index: number }[] = [];
      for (const [index, candidate] of candidates.entries()) {
        const deck = decks[index];
        const contentHash = cardContentHash(candidate, deck);
        const fields = {
          front: candidate.front,
          back: candidate.back,
          kind: candidate.kind,
          tags: candidate.tags,
          deckId: deckIds.get(deck)!,
          sourcePath: file.notePath,
          startLine: candidate.startLine,
          endLine: candidate.endLine,
          siblingKey: `${file.notePath}#${candidate.siblingKey}`,
          position: index,
          contentHash,
        };
        const matchedId = plan.matched.get(index);
        const match = matchedId ? byId.get(matchedId) : undefined;
        if (!match) {
          const id = crypto.randomUUID();
          newCards.push({ id, index });
          imported.push(toImported(id, candidate, deck, file));
          continue;
        }
        imported.push(toImported(match.id, candidate, deck, file));
        const wasRetired = match.status === "retired";
        const contentChanged = match.contentHash !== contentHash;
        if (wasRetired) counts.restored++;
        else if (contentChanged) counts.updated++;
        else counts.unchanged++;
        if (wasRetired || contentChanged) changed.push(match.id);
        // Line numbers and order move with every edit above a card; they are kept current silently.
        await tx.card.update({
          where: { id: match.id },
          data: { ...fields, ...(wasRetired ? { status: "active", retiredAt: null, mergedIntoId: null } : {}) },
        });
        if (wasRetired) {
          await tx.cardState.upsert({ where: { cardId: match.id }, create: { cardId: match.id, ...stateData(newSchedulingState(now)) }, update: {} });
        }
      }

      if (newCards.length > 0) {
        await tx.card.createMany({
          data: newCards.map(({ id, index }) => {
            const candidate = candidates[index];
            return {
              id,
              noteId: note.id,
              deckId: deckIds.get(decks[index])!,
              front: candidate.front,
              back: candidate.back,
              kind: candidate.kind,
              tags: candidate.tags,
              sourcePath: file.notePath,
              startLine: candidate.startLine,
              endLine: candidate.endLine,
              siblingKey: `${file.notePath}#${candidate.siblingKey}`,
              position: index,
              contentHash: cardContentHash(candidate, decks[index]),
              createdAt: now,
            };
          }),
        });
        await tx.cardState.createMany({ data: newCards.map(({ id, index }) => ({ cardId: id, ...stateData(initialState(candidates[index], now, settings)) })) });
        counts.added += newCards.length;
        changed.push(...newCards.map((card) => card.id));
      }

      const toRetire = plan.unmatched.filter((id) => byId.get(id)!.status !== "retired");
      if (toRetire.length > 0) {
        await tx.card.updateMany({ where: { id: { in: toRetire } }, data: { status: "retired", retiredAt: now } });
        counts.retired += toRetire.length;
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );

  // Counted only once the transaction committed.
  for (const key of Object.keys(counts) as (keyof ImportSummary)[]) result.summary[key] += counts[key];
  result.changedCardIds.push(...changed);
  fileReport.added = counts.added;
  fileReport.updated = counts.updated + counts.restored;
  fileReport.retired = counts.retired;
  return { report: fileReport, cards: imported };
}
