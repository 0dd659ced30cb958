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
