import type { PrismaClient } from "../db";

export interface DeckSummary {
  id: string;
  path: string;
  name: string;
  /** Nesting level: "interview/ml" is 1. */
  depth: number;
  /** Active cards in this deck (not counting sub-decks). */
  cards: number;
  /** Active cards due now (new cards count once they are due). */
  due: number;
  newCards: number;
}

/** Decks in tree order with card and due counts, in one query. */
export async function deckSummaries(prisma: PrismaClient, now: Date = new Date()): Promise<DeckSummary[]> {
  const rows = await prisma.$queryRaw<{ id: string; path: string; name: string; cards: bigint; due: bigint; new_cards: bigint }[]>`
    SELECT d.id, d.path, d.name,
           count(c.id) AS cards,
           count(c.id) FILTER (WHERE s.state <> 'new' AND s.due <= ${now} AND (s.buried_until IS NULL OR s.buried_until <= ${now})) AS due,
           count(c.id) FILTER (WHERE s.state = 'new' OR s.card_id IS NULL) AS new_cards
    FROM decks d
    LEFT JOIN cards c ON c.deck_id = d.id AND c.status = 'active'
    LEFT JOIN card_states s ON s.card_id = c.id
    GROUP BY d.id
    ORDER BY d.path`;
  return rows.map((row) => ({
    id: row.id,
    path: row.path,
    name: row.name,
    depth: row.path.split("/").length - 1,
    cards: Number(row.cards),
    due: Number(row.due),
    newCards: Number(row.new_cards),
  }));
}

export interface CardFilter {
  /** Deck path; sub-decks included. */
  deck?: string;
  tag?: string;
  /** Words the front or back contains (case-insensitive). */
  text?: string;
  status?: "active" | "suspended" | "retired";
  page?: number;
}

export interface BrowsedCard {
  id: string;
  front: string;
  back: string;
  kind: string;
  tags: string[];
  status: string;
  deck: string;
  source: { path: string | null; startLine: number | null; endLine: number | null };
  reviews: number;
}

export const CARDS_PER_PAGE = 50;

/** The card browser: cards in note order, filtered by deck, tag, text and status, a page at a time. */
export async function browseCards(prisma: PrismaClient, filter: CardFilter): Promise<{ cards: BrowsedCard[]; total: number; page: number; pages: number }> {
  const words = (filter.text ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 10);
  const where = {
    status: filter.status ?? "active",
    ...(filter.tag ? { tags: { has: filter.tag.replace(/^#/, "").toLowerCase() } } : {}),
    ...(filter.deck ? { deck: { OR: [{ path: filter.deck }, { path: { startsWith: `${filter.deck}/` } }] } } : {}),
    AND: words.map((word) => ({ OR: [{ front: { contains: word, mode: "insensitive" as const } }, { back: { contains: word, mode: "insensitive" as const } }] })),
  };
  const total = await prisma.card.count({ where });
  const pages = Math.max(1, Math.ceil(total / CARDS_PER_PAGE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const rows = await prisma.card.findMany({
    where,
    orderBy: [{ sourcePath: "asc" }, { position: "asc" }],
    skip: (page - 1) * CARDS_PER_PAGE,
    take: CARDS_PER_PAGE,
    include: { deck: { select: { path: true } }, _count: { select: { reviews: true } } },
  });
  return {
    total,
    page,
    pages,
    cards: rows.map((card) => ({
      id: card.id,
      front: card.front,
      back: card.back,
      kind: card.kind,
      tags: card.tags,
      status: card.status,
      deck: card.deck.path,
      source: { path: card.sourcePath, startLine: card.startLine, endLine: card.endLine },
      reviews: card._count.reviews,
    })),
  };
}
