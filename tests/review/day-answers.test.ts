import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { answerCard, backupRowsFromLines, exportCollectionJson, nextCard, restoreCollection, undoLastAnswer, type ShownCard } from "@/lib/review";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { at, DAY_MS, emptyCollection, makeCard, makeDeck, now, reviewState, setTestSettings } from "./store-fixtures";

// The queue reads a day's answers from two tables that triggers keep (the review_day_answers
// migration). Whatever happens to review logs and cards, they must say what the logs say.

type Sql = Database["driver"];

async function tablesAndLogs(driver: Sql) {
  const rows = (text: string) => driver.query<Record<string, unknown>>(text);
  return {
    counts: await rows(`SELECT bucket, deck_id, state_before, answers FROM review_answer_counts WHERE answers <> 0 ORDER BY 1, 2, 3`),
    countsFromLogs: await rows(`
      SELECT review_answer_bucket(l.reviewed_at) AS bucket, c.deck_id, coalesce(l.state_before->>'state', '') AS state_before, count(*)::int AS answers
      FROM review_logs l JOIN cards c ON c.id = l.card_id WHERE l.source = 'review' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    lastAnswers: await rows(`SELECT sibling_key, answered_at FROM review_last_answers ORDER BY 1`),
    lastAnswersFromLogs: await rows(`
      SELECT coalesce(c.sibling_key, c.id) AS sibling_key, max(l.reviewed_at) AS answered_at
      FROM review_logs l JOIN cards c ON c.id = l.card_id WHERE l.source = 'review' GROUP BY 1 ORDER BY 1`),
  };
}

async function expectTablesMatchLogs(driver: Sql) {
  const { counts, countsFromLogs, lastAnswers, lastAnswersFromLogs } = await tablesAndLogs(driver);
  expect(counts).toEqual(countsFromLogs);
  expect(lastAnswers).toEqual(lastAnswersFromLogs);
}

function shown(card: ShownCard | null): ShownCard {
  if (!card) throw new Error("expected a card, the queue is empty");
  return card;
}

describeEachDatabase("the day's answers kept for the queue", (backend) => {
  let db: TestDatabase;
  const sql = (text: string, params: unknown[] = []) => db.driver.query(text, params);

  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    await emptyCollection(db.prisma);
    await setTestSettings(db.prisma, { newReviewOrder: "reviews-first" });
  });

  async function answerNext(when: Date, rating: 1 | 3 = 3) {
    const card = shown((await nextCard(db.prisma, { now: when })).card);
    await answerCard(db.prisma, { cardId: card.id, rating, idempotencyKey: card.idempotencyKey, shown: card.shown, now: when });
    return card;
  }

  it("match the review logs after answers, undo, moves between decks and sibling keys, other log sources and shapes, restore and truncate", async () => {
    const left = await makeDeck(db.prisma, "left");
    const right = await makeDeck(db.prisma, "right");
    await makeCard(db.prisma, left.id, { siblingKey: "pair", state: reviewState(-2) });
    await makeCard(db.prisma, left.id, { siblingKey: "pair", state: reviewState(-1) });
    for (let i = 0; i < 3; i++) await makeCard(db.prisma, right.id, { state: reviewState(-3 - i) });
    await makeCard(db.prisma, right.id);

    const answered = [await answerNext(at(-DAY_MS)), await answerNext(now, 1), await answerNext(at(60_000)), await answerNext(at(120_000))];
    await expectTablesMatchLogs(db.driver);
    expect((await tablesAndLogs(db.driver)).counts.length).toBeGreaterThan(0);

    await undoLastAnswer(db.prisma, { now: at(180_000) });
    await expectTablesMatchLogs(db.driver);

    await sql(`UPDATE cards SET deck_id = $1 WHERE id = $2`, [left.id, answered[1].id]);
    await sql(`UPDATE cards SET sibling_key = 'moved' WHERE id = $1`, [answered[0].id]);
    await sql(`UPDATE cards SET front = front || ' (edited)'`);
    await expectTablesMatchLogs(db.driver);

    await sql(`INSERT INTO review_logs (card_id, rating, state_before, state_after, elapsed_days, scheduled_days, reviewed_at, source)
      VALUES ($1, 3, '{"state":"review"}', '{}', 0, 1, $2, 'prior'), ($1, 3, '{}', '{}', 0, 1, $2, 'review')`, [answered[2].id, now]);
    await sql(`UPDATE review_logs SET reviewed_at = reviewed_at - interval '1 day' WHERE card_id = $1`, [answered[2].id]);
    await expectTablesMatchLogs(db.driver);

    let text = "";
    for await (const line of exportCollectionJson(db.prisma, now)) text += line;
    const before = await tablesAndLogs(db.driver);
    const target = await backend.create();
    try {
      await restoreCollection(target.prisma, backupRowsFromLines(text.split("\n")));
      const restored = await tablesAndLogs(target.driver);
      expect(restored.counts).toEqual(before.counts);
      expect(restored.lastAnswers).toEqual(before.lastAnswers);
    } finally {
      await target.destroy();
    }

    await emptyCollection(db.prisma);
    expect(await tablesAndLogs(db.driver)).toMatchObject({ counts: [], lastAnswers: [] });
  });

  it("count a study day from its own start, also in a time zone a quarter hour off the hour", async () => {
    // Kathmandu is UTC+05:45: the study day starting at 04:00 there starts at 22:15 UTC.
    await setTestSettings(db.prisma, { timeZone: "Asia/Kathmandu", newCardsPerDay: 1 });
    const deck = await makeDeck(db.prisma, "kathmandu");
    await makeCard(db.prisma, deck.id);
    await makeCard(db.prisma, deck.id);
    const dayStart = new Date("2025-05-19T22:15:00Z");

    // A new card answered a millisecond before the day began leaves today's one new card.
    await answerNext(new Date(dayStart.getTime() - 1));
    expect((await nextCard(db.prisma, { now: dayStart })).counts.new).toBe(1);
    await answerNext(dayStart);
    const after = await nextCard(db.prisma, { now: at(0) });
    expect(after.counts.new).toBe(0);
  });
});
