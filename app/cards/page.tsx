import Link from "next/link";
import { z } from "zod";
import { browseCards, deckSummaries } from "@/lib/decks";
import { getDatabase } from "@/lib/db";
import { plural } from "@/lib/plural";
import { Markdown } from "../markdown";

export const dynamic = "force-dynamic";
export const metadata = { title: "Cards" };

const filterSchema = z.object({
  deck: z.string().max(500).optional().catch(undefined),
  tag: z.string().max(200).optional().catch(undefined),
  q: z.string().max(500).optional().catch(undefined),
  status: z.enum(["active", "suspended", "retired"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});

export default async function CardsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const filter = filterSchema.parse(await searchParams);
  const db = await getDatabase();
  const [decks, { cards, total, page, pages }] = await Promise.all([
    deckSummaries(db.prisma),
    browseCards(db.prisma, { deck: filter.deck || undefined, tag: filter.tag || undefined, text: filter.q, status: filter.status, page: filter.page }),
  ]);
  const pageHref = (n: number) => `/cards?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)])), page: String(n) })}`;

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Cards</h1>
      <form className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-4 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Deck</span>
          <select name="deck" defaultValue={filter.deck ?? ""} className="rounded-md border border-stone-300 px-2 py-2">
            <option value="">All decks</option>
            {decks.map((deck) => (
              <option key={deck.id} value={deck.path}>
                {deck.path}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Tag</span>
          <input name="tag" defaultValue={filter.tag ?? ""} className="w-32 rounded-md border border-stone-300 px-2 py-2" />
        </label>
        <label className="flex min-w-48 flex-1 flex-col gap-1">
          <span className="font-medium">Text</span>
          <input name="q" defaultValue={filter.q ?? ""} placeholder="words in the front or back" className="rounded-md border border-stone-300 px-2 py-2" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Status</span>
          <select name="status" defaultValue={filter.status ?? "active"} className="rounded-md border border-stone-300 px-2 py-2">
            <option value="active">active</option>
            <option value="suspended">suspended</option>
            <option value="retired">retired</option>
          </select>
        </label>
        <button type="submit" className="rounded-md bg-stone-900 px-4 py-2 font-medium text-white hover:bg-stone-700">
          Filter
        </button>
      </form>
      <p className="text-sm text-stone-600">
        {plural(total, "card")}
        {pages > 1 && ` · page ${page} of ${pages}`}
      </p>
      <ul className="space-y-3" data-testid="card-list">
        {cards.map((card) => (
          <li key={card.id} className="rounded-lg border border-stone-200 bg-white p-4" id={card.id}>
            <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-stone-500">
              <span className="rounded bg-stone-100 px-1.5 py-0.5 font-medium text-stone-700">{card.kind}</span>
              <span>{card.deck}</span>
              {card.tags.map((tag) => (
                <Link key={tag} href={`/cards?tag=${encodeURIComponent(tag)}`} className="text-sky-700 hover:underline">
                  #{tag}
                </Link>
              ))}
              <span>
                {plural(card.reviews, "review")}
              </span>
              {card.source.path && (
                <Link href={`/notes?path=${encodeURIComponent(card.source.path)}&lines=${card.source.startLine}-${card.source.endLine}#L${card.source.startLine}`} className="ml-auto font-mono hover:underline">
                  from {card.source.path}:{card.source.startLine}–{card.source.endLine}
                </Link>
              )}
            </div>
            <Markdown source={card.front} className="font-medium" />
            <details className="mt-2 text-sm text-stone-700">
              <summary className="cursor-pointer text-stone-500">Answer</summary>
              <Markdown source={card.back} className="mt-2" />
            </details>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav className="flex gap-3 text-sm" aria-label="Pages">
          {page > 1 && <Link href={pageHref(page - 1)} className="text-sky-700 hover:underline">← previous</Link>}
          {page < pages && <Link href={pageHref(page + 1)} className="text-sky-700 hover:underline">next →</Link>}
        </nav>
      )}
    </div>
  );
}
