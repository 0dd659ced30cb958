import type { PrismaClient } from "@/lib/db";
import type { Embedder } from "@/lib/embeddings";
import { renderMarkdown } from "@/lib/markdown";
import { foldRepeatedPassages, searchNotes, type SearchResult } from "@/lib/search";
import { searchRequest, type SearchParams } from "./params";

/** A hit with its Markdown rendered to sanitised HTML (lib/markdown), for the search page. */
export interface RenderedResult extends SearchResult {
  html: { front?: string; back?: string; text?: string };
}

function withHtml(results: SearchResult[]): RenderedResult[] {
  return results.map((result) => ({
    ...result,
    html:
      result.type === "card"
        ? { front: renderMarkdown(result.front ?? ""), back: result.back ? renderMarkdown(result.back) : undefined }
        : { text: renderMarkdown(result.text ?? "") },
  }));
}

/**
 * The search page's results (its first render and /api/search): a passage that only repeats a card
 * beside it is folded into the card (lib/search foldRepeatedPassages), and the places it frees go to
 * the next hits, so the page still shows `limit` of them when there are that many.
 */
export async function pageResults(prisma: PrismaClient, embedder: Embedder, params: SearchParams): Promise<RenderedResult[]> {
  const { results } = await searchNotes(prisma, embedder, { ...searchRequest(params), limit: Math.min(params.limit * 2, 100) });
  return withHtml(foldRepeatedPassages(results).slice(0, params.limit));
}
