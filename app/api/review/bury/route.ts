import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { buryCard } from "@/lib/review";
import { nextReviewView } from "@/app/review/payload";
import { deckField, errorResponse, parseBody } from "../http";

export const dynamic = "force-dynamic";

/** POST /api/review/bury {cardId}: hides the card until the next study day. */
export async function POST(request: Request) {
  const body = await parseBody(request, z.object({ cardId: z.string().min(1).max(100), deck: deckField }));
  if (!body.ok) return body.response;
  try {
    const db = await getDatabase();
    const { buriedUntil } = await buryCard(db.prisma, body.data.cardId);
    return NextResponse.json({ buriedUntil, next: await nextReviewView(db.prisma, body.data.deck) });
  } catch (error) {
    return errorResponse(error);
  }
}
