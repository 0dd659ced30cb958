import type { PrismaClient } from "@/lib/db";
import { renderMarkdown } from "@/lib/markdown";
import { nextCard, type NextCardResult, type QueueCounts } from "@/lib/review";

/** What the review page needs about the card on screen, JSON-ready (dates as ISO strings). */
export interface ReviewCardView {
  id: string;
  frontHtml: string;
  backHtml: string;
  kind: string;
  deckPath: string;
  source: { path: string; startLine: number; endLine: number } | null;
  idempotencyKey: string;
  shown: { reps: number; lastReview: string | null };
  previews: Record<"1" | "2" | "3" | "4", string>;
  ahead: boolean;
}

export type ReviewView =
  | { card: ReviewCardView; counts: QueueCounts }
  | { card: null; counts: QueueCounts; nextDueAt: string | null; newCardsWaiting: number; dueTomorrow: number };

export function reviewView(result: NextCardResult): ReviewView {
  if (!result.card) {
    return {
      card: null,
      counts: result.counts,
      nextDueAt: result.nextDueAt?.toISOString() ?? null,
      newCardsWaiting: result.newCardsWaiting,
      dueTomorrow: result.dueTomorrow,
    };
  }
  const card = result.card;
  return {
    counts: result.counts,
    card: {
      id: card.id,
      frontHtml: renderMarkdown(card.front),
      backHtml: renderMarkdown(card.back),
      kind: card.kind,
      deckPath: card.deckPath,
      source: card.sourcePath ? { path: card.sourcePath, startLine: card.startLine ?? 1, endLine: card.endLine ?? card.startLine ?? 1 } : null,
      idempotencyKey: card.idempotencyKey,
      shown: { reps: card.shown.reps, lastReview: card.shown.lastReview?.toISOString() ?? null },
      previews: { 1: card.previews[1].label, 2: card.previews[2].label, 3: card.previews[3].label, 4: card.previews[4].label },
      ahead: card.ahead,
    },
  };
}

export async function nextReviewView(prisma: PrismaClient, deck: string | undefined): Promise<ReviewView> {
  return reviewView(await nextCard(prisma, { deck }));
}
