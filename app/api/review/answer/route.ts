import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { answerCard } from "@/lib/review";
import { nextReviewView } from "@/app/review/payload";
import { deckField, errorResponse, parseBody } from "../http";

export const dynamic = "force-dynamic";

const answerRequest = z.object({
  cardId: z.string().min(1).max(100),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)" }),
  idempotencyKey: z.string().min(8).max(100),
  shown: z.object({ reps: z.number().int().min(0), lastReview: z.iso.datetime().nullable() }),
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
  deck: deckField,
});

/** POST /api/review/answer: records the rating (once per idempotency key) and returns the next card. */
export async function POST(request: Request) {
  const body = await parseBody(request, answerRequest);
  if (!body.ok) return body.response;
  const { cardId, rating, idempotencyKey, shown, durationMs, deck } = body.data;
  try {
    const db = await getDatabase();
    const answer = await answerCard(db.prisma, {
      cardId,
      rating,
      idempotencyKey,
      shown: { reps: shown.reps, lastReview: shown.lastReview ? new Date(shown.lastReview) : null },
      durationMs,
    });
    return NextResponse.json({ answer: { duplicate: answer.duplicate, rating: answer.rating, due: answer.state.due }, next: await nextReviewView(db.prisma, deck) });
  } catch (error) {
    return errorResponse(error);
  }
}
