import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { setCardSuspended } from "@/lib/review";
import { nextReviewView } from "@/app/review/payload";
import { deckField, errorResponse, parseBody } from "../http";

export const dynamic = "force-dynamic";

/** POST /api/review/suspend {cardId, suspended}: suspends (or unsuspends) a card. */
export async function POST(request: Request) {
  const body = await parseBody(request, z.object({ cardId: z.string().min(1).max(100), suspended: z.boolean().default(true), deck: deckField }));
  if (!body.ok) return body.response;
  try {
    const db = await getDatabase();
    const { status } = await setCardSuspended(db.prisma, body.data.cardId, body.data.suspended);
    return NextResponse.json({ status, next: await nextReviewView(db.prisma, body.data.deck) });
  } catch (error) {
    return errorResponse(error);
  }
}
