import Link from "next/link";
import type { DeckSummary } from "@/lib/decks";

export function DeckTable({ decks }: { decks: DeckSummary[] }) {
  return (
    <table className="w-full overflow-hidden rounded-lg border border-stone-200 bg-white text-sm" data-testid="deck-table">
        <thead className="bg-stone-100 text-left text-stone-600">
          <tr>
            <th className="px-4 py-2 font-medium">Deck</th>
            <th className="px-4 py-2 text-right font-medium">Cards</th>
            <th className="px-4 py-2 text-right font-medium">Due</th>
            <th className="px-4 py-2 text-right font-medium">New</th>
            <th className="px-4 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {decks.map((deck) => (
            <tr key={deck.id} className="border-t border-stone-100">
              <td className="px-4 py-2" style={{ paddingLeft: `${1 + deck.depth * 1.25}rem` }}>
                <Link href={`/cards?deck=${encodeURIComponent(deck.path)}`} className="hover:underline">
                  {deck.name}
                </Link>
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{deck.cards}</td>
              <td className="px-4 py-2 text-right tabular-nums font-medium text-emerald-700">{deck.due}</td>
              <td className="px-4 py-2 text-right tabular-nums text-sky-700">{deck.newCards}</td>
              <td className="px-4 py-2 text-right">
                <Link href={`/review?deck=${encodeURIComponent(deck.path)}`} className="text-xs font-medium text-stone-600 hover:text-stone-900 hover:underline">
                  Review
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
  );
}
