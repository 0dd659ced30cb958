import { getDatabase } from "@/lib/db";
import { EmbeddingError } from "@/lib/embeddings";
import { requestEmbedding, sharedJobQueue } from "@/lib/jobs";
import { SearchInputError, sharedEmbedder } from "@/lib/search";
import { defaultSearchParams, parseSearchParams } from "./params";
import { pageResults, type RenderedResult } from "./rendered";
import { SearchBox } from "./search-box";

export const dynamic = "force-dynamic";
export const metadata = { title: "Search" };

const plural = (n: number, noun: string) => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;

/** Server-renders the results for the URL's query (so links and reloads work); the box then searches as you type. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = parseSearchParams(await searchParams);
  const params = parsed.ok ? parsed.params : defaultSearchParams;
  const db = await getDatabase();
  const decks = (await db.prisma.deck.findMany({ select: { path: true }, orderBy: { path: "asc" } })).map((deck) => deck.path);
  const embedder = sharedEmbedder();
  const pending = await requestEmbedding(db, await sharedJobQueue(), embedder.model);

  let results: RenderedResult[] = [];
  let error: string | null = parsed.ok ? null : `invalid search: ${parsed.error}`;
  if (params.q.trim()) {
    try {
      results = await pageResults(db.prisma, embedder, params);
    } catch (caught) {
      if (!(caught instanceof SearchInputError || caught instanceof EmbeddingError)) throw caught;
      error = caught.message;
    }
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Search</h1>
        <p className="text-sm text-stone-600">Your cards and notes, by meaning and by words. ↑/↓ to move, Enter to open the source.</p>
        {pending.cards + pending.passages > 0 && (
          <p className="mt-1 text-sm text-amber-800" data-testid="embedding-pending">
            {plural(pending.cards, "card")} and {plural(pending.passages, "passage")} still being embedded: search by meaning finds them once that is done; words find them already.
          </p>
        )}
      </div>
      <SearchBox
        decks={decks}
        initial={{ query: params.q, mode: params.mode, deck: params.deck ?? "", type: params.type ?? "", results, error }}
      />
    </div>
  );
}
