import Link from "next/link";
import { getDatabase } from "@/lib/db";
import { DeckNotFoundError } from "@/lib/review";
import { nextReviewView } from "./payload";
import { ReviewSession } from "./review-session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Review" };

export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ deck?: string | string[] }> }) {
  const { deck: deckParam } = await searchParams;
  const deck = typeof deckParam === "string" && deckParam !== "" ? deckParam : undefined;
  const db = await getDatabase();
  const hasCards = (await db.prisma.card.count({ where: { status: "active" } })) > 0;
  if (!hasCards) {
    return (
      <section className="mx-auto max-w-2xl space-y-3" data-testid="review-no-cards">
        <h1 className="text-2xl font-semibold tracking-tight">Review</h1>
        <p className="text-stone-600">
          There are no cards to review yet. Import your notes on the{" "}
          <Link href="/import" className="font-medium text-sky-700 hover:underline">
            Import page
          </Link>{" "}
          first.
        </p>
      </section>
    );
  }
  const initial = await nextReviewView(db.prisma, deck).catch((error: unknown) => {
    if (error instanceof DeckNotFoundError) return error;
    throw error;
  });
  if (!(initial instanceof DeckNotFoundError)) return <ReviewSession initial={initial} deck={deck} />;
  return (
    <section className="mx-auto max-w-2xl space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">Review</h1>
      <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-amber-900">
        {initial.message}
      </p>
      <Link href="/review" className="text-sm font-medium text-sky-700 hover:underline">
        Review all decks
      </Link>
    </section>
  );
}
