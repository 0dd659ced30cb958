import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { undoLastAnswer } from "@/lib/review";
import { nextReviewView } from "@/app/review/payload";
import { deckField, errorResponse, parseBody } from "../http";

export const dynamic = "force-dynamic";

/** POST /api/review/undo: takes back today's latest answer; returns the next card (usually that one). */
export async function POST(request: Request) {
  const body = await parseBody(request, z.object({ deck: deckField }));
  if (!body.ok) return body.response;
  try {
    const db = await getDatabase();
    const undone = await undoLastAnswer(db.prisma);
    return NextResponse.json({ undone: { cardId: undone.cardId, rating: undone.rating }, next: await nextReviewView(db.prisma, body.data.deck) });
  } catch (error) {
    return errorResponse(error);
  }
}
