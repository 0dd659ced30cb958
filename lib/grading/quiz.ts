import type { PrismaClient } from "../db";
import type { Embedder } from "../embeddings";
import { searchNotes } from "../search/search";

export interface QuizQuestion {
  cardId: string;
  front: string;
  /** The reference answer, shown once the answer is graded. */
  back: string;
  deck: string;
  source: { path: string | null; startLine: number | null; endLine: number | null };
}

export interface QuizRequest {
  deck?: string;
  tag?: string;
  /** A search query: the quiz asks the cards that match it best. */
  query?: string;
  count: number;
}

/** Picks quiz questions among active cards: by search rank for a query, else at random within deck/tag. */
export async function quizQuestions(prisma: PrismaClient, embedder: Embedder, request: QuizRequest): Promise<QuizQuestion[]> {
  if (request.query?.trim()) {
    const { results } = await searchNotes(prisma, embedder, { query: request.query, deck: request.deck, tag: request.tag, types: ["card"], limit: request.count });
    return results.map((hit) => ({ cardId: hit.id, front: hit.front ?? "", back: hit.back ?? "", deck: hit.deck, source: hit.source }));
  }
  const cards = await prisma.card.findMany({
    where: {
      status: "active",
      ...(request.tag ? { tags: { has: request.tag } } : {}),
      ...(request.deck ? { deck: { OR: [{ path: request.deck }, { path: { startsWith: `${request.deck}/` } }] } } : {}),
    },
    select: { id: true, front: true, back: true, sourcePath: true, startLine: true, endLine: true, deck: { select: { path: true } } },
  });
  // Fisher–Yates on the ids only; collections are small enough to pick in memory.
  for (let i = cards.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [cards[i], cards[j]] = [cards[j], cards[i]];
  }
  return cards.slice(0, request.count).map((card) => ({
    cardId: card.id,
    front: card.front,
    back: card.back,
    deck: card.deck.path,
    source: { path: card.sourcePath, startLine: card.startLine, endLine: card.endLine },
  }));
}
