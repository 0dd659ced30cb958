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
      <h1 className="text-2xl font-semibold tracking-tight">Decks</h1>
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
