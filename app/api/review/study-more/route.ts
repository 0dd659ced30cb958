import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { studyMore } from "@/lib/review";
import { nextReviewView } from "@/app/review/payload";
import { deckField, errorResponse, parseBody } from "../http";

export const dynamic = "force-dynamic";

const studyMoreRequest = z
  .object({
    extraNewCards: z.number().int().min(1).max(1000).optional(),
    aheadDays: z.number().int().min(1).max(365).optional(),
    deck: deckField,
  })
  .refine((v) => v.extraNewCards !== undefined || v.aheadDays !== undefined, "give extraNewCards or aheadDays");

/** POST /api/review/study-more: more new cards today, or reviews due in the next days. */
export async function POST(request: Request) {
  const body = await parseBody(request, studyMoreRequest);
  if (!body.ok) return body.response;
  try {
    const db = await getDatabase();
    const more = await studyMore(db.prisma, body.data);
    return NextResponse.json({ studyMore: more, next: await nextReviewView(db.prisma, body.data.deck) });
  } catch (error) {
    return errorResponse(error);
  }
}
