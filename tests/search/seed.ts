import crypto from "node:crypto";
import type { PrismaClient } from "../../lib/db";

/** Test data written straight to the tables, as the importer would leave it. */
export interface SeedCard {
  front: string;
  back: string;
  deck?: string;
  tags?: string[];
  kind?: "basic" | "reversed" | "cloze" | "topic" | "term";
  status?: "active" | "suspended" | "retired";
}

export interface SeedPassage {
  text: string;
  headingPath?: string[];
  startLine: number;
  endLine: number;
}

const hash = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

async function deckId(prisma: PrismaClient, path: string): Promise<string> {
  const deck = await prisma.deck.upsert({ where: { path }, create: { path, name: path.split("/").pop()! }, update: {} });
  return deck.id;
}

/** Cards of one note file `notes/<deck>.md`, each on its own lines; returns their ids in order. */
export async function seedCards(prisma: PrismaClient, cards: SeedCard[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, card] of cards.entries()) {
    const deck = card.deck ?? "interview";
    const created = await prisma.card.create({
      data: {
        deckId: await deckId(prisma, deck),
        front: card.front,
        back: card.back,
        kind: card.kind ?? "basic",
        tags: card.tags ?? [],
        status: card.status ?? "active",
        sourcePath: `notes/${deck}.md`,
        startLine: i * 3 + 1,
        endLine: i * 3 + 2,
        position: i,
        contentHash: hash(card.front + card.back),
      },
    });
    ids.push(created.id);
  }
  return ids;
}

/** One note with its passages; returns the passage ids in order. */
export async function seedNote(prisma: PrismaClient, path: string, deck: string, passages: SeedPassage[]): Promise<string[]> {
  const note = await prisma.note.create({ data: { path, deckId: await deckId(prisma, deck), contentHash: hash(path) } });
  const ids: string[] = [];
  for (const [ordinal, passage] of passages.entries()) {
    const created = await prisma.passage.create({
      data: {
        noteId: note.id,
        ordinal,
        headingPath: passage.headingPath ?? [],
        text: passage.text,
        startLine: passage.startLine,
        endLine: passage.endLine,
        contentHash: hash(passage.text),
      },
    });
    ids.push(created.id);
  }
  return ids;
}
