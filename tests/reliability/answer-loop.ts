/**
 * A reviewer that never stops: answers the next card, again and again, against DATABASE_URL, until it
 * is killed. crash-trials.ts kills it with SIGKILL at a random moment, mid-answer, and checks the logs.
 * Prints one line per committed answer.
 */
import { openDatabase } from "../../lib/db";
import { answerCard, nextCard, type Rating } from "../../lib/review";

const db = await openDatabase({ migrate: false });
for (let i = 0; ; i++) {
  const next = await nextCard(db.prisma);
  if (!next.card) {
    process.stdout.write("queue empty\n");
    break;
  }
  const rating = ((i * 7) % 4) + 1;
  const { card } = next;
  await answerCard(db.prisma, { cardId: card.id, rating: rating as Rating, idempotencyKey: card.idempotencyKey, shown: card.shown, durationMs: 1000 + i });
  process.stdout.write(`answered ${card.id} ${rating}\n`);
}
await db.close();
