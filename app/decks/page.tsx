import Link from "next/link";
import { deckSummaries } from "@/lib/decks";
import { getDatabase } from "@/lib/db";
import { DeckTable } from "../deck-table";

export const dynamic = "force-dynamic";
export const metadata = { title: "Decks" };

export default async function DecksPage() {
  const db = await getDatabase();
  const decks = await deckSummaries(db.prisma);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Decks</h1>
        <div className="flex gap-4 text-sm">
          <Link href="/cards" className="text-sky-700 hover:underline">Browse all cards</Link>
          <Link href="/duplicates" className="text-sky-700 hover:underline">Near-duplicates</Link>
        </div>
      </div>
      {decks.length === 0 ? (
        <p className="text-stone-600">
          No decks yet: <Link href="/import" className="text-sky-700 hover:underline">import your notes</Link>.
        </p>
      ) : (
        <DeckTable decks={decks} />
      )}
    </div>
  );
}
