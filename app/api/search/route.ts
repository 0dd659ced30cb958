import { NextResponse } from "next/server";
import { getDatabase } from "@/lib/db";
import { EmbeddingError } from "@/lib/embeddings";
import { SearchInputError, sharedEmbedder } from "@/lib/search";
import { parseSearchParams } from "@/app/search/params";
import { pageResults } from "@/app/search/rendered";

export const dynamic = "force-dynamic";

/**
 * GET /api/search?q=&mode=hybrid|semantic|keyword&deck=&type=card|passage&limit= → {results} (with
 * rendered HTML; a passage that only repeats a card beside it is folded into the card) or {error}.
 */
export async function GET(request: Request) {
  const parsed = parseSearchParams(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.ok) return NextResponse.json({ error: `invalid search: ${parsed.error}` }, { status: 400 });
  try {
    const db = await getDatabase();
    return NextResponse.json({ results: await pageResults(db.prisma, sharedEmbedder(), parsed.params) });
  } catch (error) {
    if (error instanceof SearchInputError) return NextResponse.json({ error: error.message }, { status: 400 });
    if (error instanceof EmbeddingError) return NextResponse.json({ error: `Search by meaning is unavailable: ${error.message}. Keyword mode still works.` }, { status: 503 });
    throw error;
  }
}
