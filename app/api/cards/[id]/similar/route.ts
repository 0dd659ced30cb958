import { NextResponse } from "next/server";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { similarCards, SearchInputError, sharedEmbedder } from "@/lib/search";

export const dynamic = "force-dynamic";

const Limit = z.coerce.number().int().min(1).max(50).catch(5);

/** GET /api/cards/:id/similar?limit=5 → {results: SimilarCard[]} nearest active cards by meaning. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const limit = Limit.parse(new URL(request.url).searchParams.get("limit") ?? undefined);
  try {
    const db = await getDatabase();
    return NextResponse.json({ results: await similarCards(db.prisma, sharedEmbedder().model, id, limit) });
  } catch (error) {
    if (error instanceof SearchInputError) return NextResponse.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
