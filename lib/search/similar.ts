import type { PrismaClient } from "../db";
import { SearchInputError } from "./errors";
import { withVectorSearch } from "./vector-sql";

export interface SimilarCard {
  id: string;
  front: string;
  back: string;
  deck: string;
  /** Cosine similarity with the card asked about. */
  similarity: number;
  source: { path: string | null; startLine: number | null; endLine: number | null };
}

/**
 * The active cards nearest to a card by meaning (HNSW, vectors of `model` only). Empty when the card
 * has no vector for this model yet (it is embedded after import).
 */
export async function similarCards(prisma: PrismaClient, model: string, cardId: string, limit = 5): Promise<SimilarCard[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SearchInputError(`limit must be an integer from 1 to 100, got ${limit}.`);
  const card = await prisma.card.findUnique({ where: { id: cardId }, select: { id: true } });
  if (!card) throw new SearchInputError(`No card with id ${cardId}.`);
  const rows = await withVectorSearch(
    prisma,
    (tx) => tx.$queryRaw<(Omit<SimilarCard, "source"> & { path: string | null; startLine: number | null; endLine: number | null })[]>`
      SELECT c.id, c.front, c.back, d.path AS deck, nb.similarity,
             coalesce(c.source_path, n.path) AS path, c.start_line AS "startLine", c.end_line AS "endLine"
      FROM card_embeddings self
      CROSS JOIN LATERAL (
        SELECT e.card_id, 1 - (e.embedding <=> self.embedding) AS similarity
        FROM card_embeddings e JOIN cards c ON c.id = e.card_id
        WHERE e.model = ${model} AND e.card_id <> self.card_id AND c.status = 'active'
        ORDER BY e.embedding <=> self.embedding
        LIMIT ${limit}
      ) nb
      JOIN cards c ON c.id = nb.card_id
      JOIN decks d ON d.id = c.deck_id
      LEFT JOIN notes n ON n.id = c.note_id
      WHERE self.card_id = ${cardId} AND self.model = ${model}
      ORDER BY nb.similarity DESC`,
  );
  return rows.map(({ path, startLine, endLine, ...rest }) => ({ ...rest, similarity: Math.round(rest.similarity * 1000) / 1000, source: { path, startLine, endLine } }));
}
