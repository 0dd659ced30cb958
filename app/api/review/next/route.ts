import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";
import { nextReviewView } from "@/app/review/payload";
import { deckField, errorResponse } from "../http";

export const dynamic = "force-dynamic";

/** GET /api/review/next?deck=path: the card to show now, or when the next one is due. */
export async function GET(request: Request) {
  const deck = deckField.safeParse(new URL(request.url).searchParams.get("deck") || undefined);
  if (!deck.success) return NextResponse.json({ error: "Invalid deck parameter" }, { status: 400 });
  try {
    const db = await getDatabase();
    return NextResponse.json(await nextReviewView(db.prisma, deck.data));
  } catch (error) {
    return errorResponse(error);
  }
}
