import Link from "next/link";
import { deckSummaries } from "@/lib/decks";
import { getDatabase } from "@/lib/db";
import { notesRoot } from "@/lib/config";
import { DeckTable } from "./deck-table";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const db = await getDatabase();
  const decks = await deckSummaries(db.prisma);
  const totals = decks.reduce((sum, d) => ({ cards: sum.cards + d.cards, due: sum.due + d.due, newCards: sum.newCards + d.newCards }), { cards: 0, due: 0, newCards: 0 });

  if (decks.length === 0) return <EmptyState notesDir={notesRoot()} />;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Decks</h1>
          <p className="text-sm text-stone-600">
            {totals.cards} cards · {totals.due} due · {totals.newCards} new
          </p>
        </div>
        <Link href="/review" className="rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white hover:bg-stone-700">
          Review now
        </Link>
      </div>
      <DeckTable decks={decks} />
    </div>
  );
}

function EmptyState({ notesDir }: { notesDir: string }) {
  return (
    <section className="mx-auto max-w-2xl rounded-xl border border-dashed border-stone-300 bg-white p-8" data-testid="empty-state">
      <h1 className="text-2xl font-semibold tracking-tight">No cards yet</h1>
      <p className="mt-2 text-stone-600">
        Recall turns your Markdown notes into flashcards. Questions under headings, <code>Q:</code>/<code>A:</code> pairs,
        <code> front::back</code> lines, clozes and plain study notes all work.
      </p>
      <ol className="mt-6 list-decimal space-y-3 pl-5 text-stone-800">
        <li>
          Put your <code>.md</code> notes in <code className="rounded bg-stone-100 px-1">{notesDir}</code> (sub-folders become
          decks: <code>interview/ml.md</code> → deck <code>interview/ml</code>).
        </li>
        <li>
          Import them on the <Link href="/import" className="font-medium text-sky-700 hover:underline">Import page</Link>, or from a
          terminal: <code className="rounded bg-stone-100 px-1">npm run cards -- import {notesDir}</code>
        </li>
        <li>
          Come back here for your decks, then start a <Link href="/review" className="font-medium text-sky-700 hover:underline">review</Link>.
        </li>
      </ol>
    </section>
  );
}
