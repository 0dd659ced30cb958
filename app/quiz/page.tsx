import { deckSummaries } from "@/lib/decks";
import { getDatabase } from "@/lib/db";
import { Quiz } from "./quiz";

export const dynamic = "force-dynamic";
export const metadata = { title: "Quiz" };

export default async function QuizPage() {
  const db = await getDatabase();
  const decks = await deckSummaries(db.prisma);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Quiz</h1>
      <p className="max-w-2xl text-sm text-stone-600">
        Type your answers in your own words. Each answer is graded 0–5 against the card, and the explanation points at the passages of your notes it relied on.
      </p>
      <Quiz decks={decks.map((d) => d.path)} />
    </div>
  );
}
