import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { answerCard, nextCard, type NextCardResult, type ShownCard } from "@/lib/review";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { at, DAY_MS, emptyCollection, makeCard, makeDeck, now, reviewState, setTestSettings } from "./store-fixtures";

// Today's plan is kept in memory between cards (lib/review/session-plan.ts). Changes below are
// made with plain SQL through the driver, as another app instance or a script would: the plan
// must follow them through the database alone.

function shown(result: NextCardResult): ShownCard {
  if (!result.card) throw new Error("expected a card, the queue is empty");
  return result.card;
}

describeEachDatabase("review session plan", (backend) => {
  let db: TestDatabase;
  const generation = async () => (await db.driver.query<{ value: string }>(`SELECT last_value::text AS value FROM review_queue_generation`))[0].value;
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

  it("is kept across answers: answering does not invalidate it, and answered cards leave it", async () => {
    const deck = await makeDeck(db.prisma, "keep");
    for (let i = 0; i < 3; i++) await makeCard(db.prisma, deck.id, { state: reviewState(-1 - i) });
    const first = shown(await nextCard(db.prisma, { now }));
    const before = await generation();
    await answerCard(db.prisma, { cardId: first.id, rating: 3, idempotencyKey: first.idempotencyKey, shown: first.shown, now });
    // Settings that are not review settings (a stored duplicate scan) leave the plan be too.
    await sql(`INSERT INTO settings (key, value) VALUES ('duplicate-scan', '{}')`);
    expect(await generation()).toBe(before);

    const second = await nextCard(db.prisma, { now: at(1000) });
    expect(shown(second).id).not.toBe(first.id);
    expect(second.counts.review).toBe(2);
  });

  it("follows changes made elsewhere: new cards, cards coming due, suspended and buried cards", async () => {
    const deck = await makeDeck(db.prisma, "elsewhere");
    const a = await makeCard(db.prisma, deck.id, { state: reviewState(-3) });
    const b = await makeCard(db.prisma, deck.id, { state: reviewState(-2) });
    const later = await makeCard(db.prisma, deck.id, { state: reviewState(5) });
    const head = await nextCard(db.prisma, { now });
    expect(head.counts).toMatchObject({ review: 2, new: 0 });

    // A reschedule elsewhere brings a card due today.
    await sql(`UPDATE card_states SET due = $1 WHERE card_id = $2`, [at(-DAY_MS), later.id]);
    expect((await nextCard(db.prisma, { now })).counts.review).toBe(3);

    // An import elsewhere adds a new card.
    await sql(`INSERT INTO cards (id, deck_id, front, back, content_hash, position, created_at) VALUES ('imported', $1, 'Q?', 'A', 'h', 0, $2)`, [deck.id, at(-DAY_MS)]);
    await sql(`INSERT INTO card_states (card_id, due) VALUES ('imported', $1)`, [at(-DAY_MS)]);
    expect((await nextCard(db.prisma, { now })).counts).toMatchObject({ review: 3, new: 1 });

    // Suspended and buried elsewhere: neither is shown.
    const shownFirst = shown(await nextCard(db.prisma, { now })).id;
    await sql(`UPDATE cards SET status = 'suspended' WHERE id = $1`, [shownFirst]);
    const other = [a.id, b.id, later.id].find((id) => id !== shownFirst)!;
    await sql(`UPDATE card_states SET buried_until = $1 WHERE card_id = $2`, [at(DAY_MS), other]);
    const result = await nextCard(db.prisma, { now });
    expect([shownFirst, other]).not.toContain(shown(result).id);
    expect(result.counts.review).toBe(1);
  });

  it("never shows a planned card whose state changed since, even when the change kept the generation", async () => {
    const deck = await makeDeck(db.prisma, "stale");
    await makeCard(db.prisma, deck.id, { state: reviewState(-2) });
    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const planned = shown(await nextCard(db.prisma, { now }));
    // An answer made without a review log (as an old client might) moves reps on: no new generation.
    const before = await generation();
    await sql(`UPDATE card_states SET reps = reps + 1, last_review = $1, due = $2 WHERE card_id = $3`, [now, at(3 * DAY_MS), planned.id]);
    expect(await generation()).toBe(before);
    expect(shown(await nextCard(db.prisma, { now })).id).not.toBe(planned.id);
  });
});
