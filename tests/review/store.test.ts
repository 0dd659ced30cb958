import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { default_w } from "ts-fsrs";
import {
  answerCard,
  applyParameters,
  applyRating,
  buryCard,
  getReviewSettings,
  getStats,
  InvalidSettingsError,
  NothingToUndoError,
  nextCard,
  NotEnoughReviewsError,
  replayReviews,
  rescheduleCards,
  resolveSettings,
  runOptimizer,
  saveReviewSettings,
  schedulingStateSchema,
  setCardSuspended,
  StaleAnswerError,
  studyMore,
  undoLastAnswer,
  type NextCardResult,
  type Rating,
  type ShownCard,
} from "@/lib/review";
import { describeEachDatabase, type TestDatabase } from "../helpers/databases";
import { at, DAY_MS, emptyCollection, makeCard, makeDeck, now, reviewState, setTestSettings } from "./store-fixtures";

const MINUTE_MS = 60_000;

function shown(result: NextCardResult): ShownCard {
  if (!result.card) throw new Error("expected a card, the queue is empty");
  return result.card;
}

async function answer(db: TestDatabase, card: ShownCard, rating: Rating, when = now) {
  return answerCard(db.prisma, { cardId: card.id, rating, idempotencyKey: card.idempotencyKey, shown: card.shown, durationMs: 4200, now: when });
}

describeEachDatabase("review store", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await backend.create();
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    await emptyCollection(db.prisma);
    await setTestSettings(db.prisma);
  });

  it("answering writes the state ts-fsrs gives and appends one log with both states", async () => {
    const deck = await makeDeck(db.prisma, "physics");
    const created = await makeCard(db.prisma, deck.id, { state: reviewState(-2) });
    const card = shown(await nextCard(db.prisma, { now }));
    expect(card.id).toBe(created.id);
    expect(card.previews[3].label).toMatch(/^[\d.]+(d|mo)$/);

    const result = await answer(db, card, 3);
    const expected = applyRating(card.state, 3, now, await getReviewSettings(db.prisma));
    expect(result.duplicate).toBe(false);
    expect(result.state).toEqual(expected.next);

    const state = await db.prisma.cardState.findUniqueOrThrow({ where: { cardId: card.id } });
    expect(state.due).toEqual(expected.next.due);
    expect(state.reps).toBe(4);
    const logs = await db.prisma.reviewLog.findMany();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ cardId: card.id, rating: 3, durationMs: 4200, source: "review", reviewedAt: now });
    expect(logs[0].stateAfter).toEqual(JSON.parse(JSON.stringify(expected.next)));
    expect(logs[0].stateBefore).toEqual(JSON.parse(JSON.stringify(card.state)));
  });

  it("shows due learning cards first, keeps to the new-card limit, and counts what is left", async () => {
    await setTestSettings(db.prisma, { newCardsPerDay: 2, newReviewOrder: "reviews-first" });
    const deck = await makeDeck(db.prisma, "langs");
    const learning = await makeCard(db.prisma, deck.id, {
      state: { state: "learning", due: at(-MINUTE_MS), stability: 1, difficulty: 5, reps: 1, learningSteps: 1, lastReview: at(-10 * MINUTE_MS) },
    });
    const review = await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    for (let i = 0; i < 4; i++) await makeCard(db.prisma, deck.id);

    const first = await nextCard(db.prisma, { now });
    expect(first.counts).toEqual({ learning: 1, review: 1, new: 2 });
    expect(shown(first).id).toBe(learning.id);
    await answer(db, shown(first), 3);

    const second = shown(await nextCard(db.prisma, { now }));
    expect(second.id).toBe(review.id);
    await answer(db, second, 3);
    for (let i = 0; i < 2; i++) {
      const fresh = shown(await nextCard(db.prisma, { now }));
      expect(fresh.state.state).toBe("new");
      await answer(db, fresh, 4);
    }
    // The first learning card graduated to a later step; two new cards were introduced (Easy: review).
    const after = await nextCard(db.prisma, { now: at(MINUTE_MS) });
    expect(after.counts.new).toBe(0);
    expect(after.card).toBeNull();
    if (after.card === null) {
      expect(after.newCardsWaiting).toBe(2);
      expect(after.nextDueAt).not.toBeNull();
    }
  });

  it("shows one card per sibling group a day, and the other sibling the next day", async () => {
    const deck = await makeDeck(db.prisma, "pairs");
    const a = await makeCard(db.prisma, deck.id, { siblingKey: "note#1" });
    const b = await makeCard(db.prisma, deck.id, { siblingKey: "note#1" });
    const first = await nextCard(db.prisma, { now });
    expect(first.counts.new).toBe(1);
    expect(shown(first).id).toBe(a.id);
    await answer(db, shown(first), 4);
    const later = await nextCard(db.prisma, { now: at(MINUTE_MS) });
    expect(later.card).toBeNull();
    const tomorrow = shown(await nextCard(db.prisma, { now: at(DAY_MS) }));
    expect(tomorrow.id).toBe(b.id);
  });

  it("filters by deck, including sub-decks", async () => {
    const ml = await makeDeck(db.prisma, "interview/ml");
    const other = await makeDeck(db.prisma, "cooking");
    const inMl = await makeCard(db.prisma, ml.id);
    await makeCard(db.prisma, other.id);
    await makeDeck(db.prisma, "interview");
    const result = await nextCard(db.prisma, { now, deck: "interview" });
    expect(shown(result).id).toBe(inMl.id);
    expect(shown(result).deckPath).toBe("interview/ml");
    expect(result.counts.new).toBe(1);
    await expect(nextCard(db.prisma, { now, deck: "nope" })).rejects.toThrow(/No deck "nope"/);
  });

  it("applies a deck's own new-card limit on top of the global one", async () => {
    const limited = await makeDeck(db.prisma, "limited");
    const open = await makeDeck(db.prisma, "open");
    for (let i = 0; i < 3; i++) await makeCard(db.prisma, limited.id);
    for (let i = 0; i < 3; i++) await makeCard(db.prisma, open.id);
    await saveReviewSettings(db.prisma, { newCardsPerDay: 1 }, "limited");
    const result = await nextCard(db.prisma, { now });
    expect(result.counts.new).toBe(4);
    expect((await getReviewSettings(db.prisma, "limited")).newCardsPerDay).toBe(1);
  });

  it("applies a parent deck's limit to its sub-decks together, counting answers anywhere in them", async () => {
    const parent = await makeDeck(db.prisma, "interview");
    const child = await makeDeck(db.prisma, "interview/ml");
    await makeCard(db.prisma, parent.id);
    for (let i = 0; i < 3; i++) await makeCard(db.prisma, child.id);
    await saveReviewSettings(db.prisma, { newCardsPerDay: 2 }, "interview");
    expect((await nextCard(db.prisma, { now })).counts.new).toBe(2);
    const first = shown(await nextCard(db.prisma, { deck: "interview/ml", now }));
    await answer(db, first, 3);
    expect((await nextCard(db.prisma, { now: at(1000) })).counts.new).toBe(1);
  });

  it("undo restores the exact state before the answer and deletes only that log", async () => {
    const deck = await makeDeck(db.prisma, "undo");
    await makeCard(db.prisma, deck.id, { state: reviewState(-3) });
    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const first = shown(await nextCard(db.prisma, { now }));
    await answer(db, first, 3);
    const before = await db.prisma.cardState.findUniqueOrThrow({ where: { cardId: (await nextCard(db.prisma, { now })).card!.id } });
    const second = shown(await nextCard(db.prisma, { now }));
    await answer(db, second, 1, at(1000));

    const undone = await undoLastAnswer(db.prisma, { now: at(2000) });
    expect(undone.cardId).toBe(second.id);
    expect(undone.rating).toBe(1);
    expect(await db.prisma.cardState.findUniqueOrThrow({ where: { cardId: second.id } })).toEqual(before);
    const logs = await db.prisma.reviewLog.findMany();
    expect(logs.map((l) => l.cardId)).toEqual([first.id]);
    // The undone card is shown again, and can be answered again.
    const again = shown(await nextCard(db.prisma, { now: at(3000) }));
    expect(again.id).toBe(second.id);
    await answer(db, again, 3, at(3000));
    expect(await db.prisma.reviewLog.count()).toBe(2);
  });

  it("refuses to undo when nothing was answered today", async () => {
    await expect(undoLastAnswer(db.prisma, { now })).rejects.toBeInstanceOf(NothingToUndoError);
  });

  it("records one review for the same idempotency key, sequentially and 20 at once", async () => {
    const deck = await makeDeck(db.prisma, "idem");
    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const card = shown(await nextCard(db.prisma, { now }));
    const first = await answer(db, card, 3);
    const repeat = await answer(db, card, 1, at(500));
    expect(repeat).toEqual({ ...first, duplicate: true });
    expect(await db.prisma.reviewLog.count()).toBe(1);

    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const next = shown(await nextCard(db.prisma, { now: at(1000) }));
    const results = await Promise.all(Array.from({ length: 20 }, () => answer(db, next, 3, at(1000))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.logId)).size).toBe(1);
    expect(await db.prisma.reviewLog.count({ where: { cardId: next.id } })).toBe(1);
  });

  it("refuses an answer to a card that changed since it was shown (another tab)", async () => {
    const deck = await makeDeck(db.prisma, "tabs");
    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const inTabA = shown(await nextCard(db.prisma, { now }));
    const inTabB = { ...inTabA, idempotencyKey: "tab-b" };
    await answer(db, inTabA, 3);
    await expect(answer(db, inTabB, 1)).rejects.toBeInstanceOf(StaleAnswerError);
    expect(await db.prisma.reviewLog.count()).toBe(1);
  });

  it("records one of ten answers given at once in ten tabs; the others are refused as stale", async () => {
    const deck = await makeDeck(db.prisma, "race");
    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const card = shown(await nextCard(db.prisma, { now }));
    const tabs = Array.from({ length: 10 }, (_, i) => answer(db, { ...card, idempotencyKey: `tab-${i}` }, 3));
    const outcomes = await Promise.allSettled(tabs);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(StaleAnswerError);
    expect(await db.prisma.reviewLog.count()).toBe(1);
    expect((await db.prisma.cardState.findUniqueOrThrow({ where: { cardId: card.id } })).reps).toBe(card.shown.reps + 1);
  });

  it("buries a card until the next study day and leaves suspended cards out", async () => {
    const deck = await makeDeck(db.prisma, "bury");
    const a = await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const b = await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    const { buriedUntil } = await buryCard(db.prisma, a.id, now);
    expect(buriedUntil).toEqual(new Date("2025-05-21T04:00:00Z"));
    await setCardSuspended(db.prisma, b.id, true);
    const today = await nextCard(db.prisma, { now });
    expect(today.card).toBeNull();
    const tomorrow = await nextCard(db.prisma, { now: at(DAY_MS) });
    expect(shown(tomorrow).id).toBe(a.id);
    expect(tomorrow.counts.review).toBe(1);
    await setCardSuspended(db.prisma, b.id, false);
    expect((await nextCard(db.prisma, { now: at(DAY_MS) })).counts.review).toBe(2);
  });

  it("study more: extra new cards today, then reviews due in the next days", async () => {
    await setTestSettings(db.prisma, { newCardsPerDay: 1 });
    const deck = await makeDeck(db.prisma, "more");
    await makeCard(db.prisma, deck.id);
    await makeCard(db.prisma, deck.id);
    const ahead = await makeCard(db.prisma, deck.id, { state: reviewState(2) });
    await answer(db, shown(await nextCard(db.prisma, { now })), 4);
    const empty = await nextCard(db.prisma, { now });
    expect(empty.card).toBeNull();

    await studyMore(db.prisma, { extraNewCards: 1 }, now);
    const extra = shown(await nextCard(db.prisma, { now }));
    expect(extra.state.state).toBe("new");
    await answer(db, extra, 4);

    await studyMore(db.prisma, { aheadDays: 3 }, now);
    const early = shown(await nextCard(db.prisma, { now }));
    expect(early.id).toBe(ahead.id);
    expect(early.ahead).toBe(true);
  });

  it("creates a missing card state as a new card instead of failing", async () => {
    const deck = await makeDeck(db.prisma, "bare");
    const bare = await db.prisma.card.create({ data: { deckId: deck.id, front: "Q", back: "A", contentHash: "h" } });
    const card = shown(await nextCard(db.prisma, { now }));
    expect(card.id).toBe(bare.id);
    expect(card.state.state).toBe("new");
  });

  it("saves global and per-deck settings and rejects invalid ones with the field named", async () => {
    await makeDeck(db.prisma, "a");
    await makeDeck(db.prisma, "a/b");
    await saveReviewSettings(db.prisma, { timeZone: "UTC", desiredRetention: 0.85 });
    await saveReviewSettings(db.prisma, { maximumIntervalDays: 30 }, "a");
    const child = await getReviewSettings(db.prisma, "a/b");
    expect(child.desiredRetention).toBe(0.85);
    expect(child.maximumIntervalDays).toBe(30);
    await expect(saveReviewSettings(db.prisma, { desiredRetention: 2 })).rejects.toThrow(/desiredRetention/);
    await expect(saveReviewSettings(db.prisma, { timeZone: "Mars/Base" })).rejects.toBeInstanceOf(InvalidSettingsError);
  });

  it("computes stats from the logs: reviews per day, retention, counts", async () => {
    const deck = await makeDeck(db.prisma, "stats");
    for (let i = 0; i < 3; i++) await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    await makeCard(db.prisma, deck.id);
    for (const [i, rating] of ([3, 1, 4] as Rating[]).entries()) {
      await answer(db, shown(await nextCard(db.prisma, { now: at(i * 1000) })), rating, at(i * 1000));
    }
    const stats = await getStats(db.prisma, { now: at(5000) });
    expect(stats.totalReviews).toBe(3);
    expect(stats.reviewsPerDay.at(-1)).toMatchObject({ day: "2025-05-20", review: 3 });
    expect(stats.retention.find((r) => r.period === "7d")).toEqual({ period: "7d", retention: 2 / 3, reviews: 3 });
    expect(stats.retentionByDeck).toEqual([{ deckId: deck.id, retention: 2 / 3, reviews: 3 }]);
    expect(stats.deckPaths[deck.id]).toBe("stats");
    expect(stats.counts).toEqual({ new: 1, learning: 0, review: 2, relearning: 1 });
    expect(stats.heatmap).toEqual([{ day: "2025-05-20", count: 3 }]);
  });

  it("refuses to optimize with too few reviews, saying how many there are", async () => {
    const deck = await makeDeck(db.prisma, "opt");
    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    await answer(db, shown(await nextCard(db.prisma, { now })), 3);
    const error = await runOptimizer(db.prisma).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotEnoughReviewsError);
    expect((error as Error).message).toMatch(/your history has 0 such reviews/);
  });

  it("reschedules answered cards under new parameters from their history, logged and not undoable", async () => {
    const deck = await makeDeck(db.prisma, "resched");
    await makeCard(db.prisma, deck.id);
    await makeCard(db.prisma, deck.id, { state: reviewState(-1) });
    for (let i = 0; i < 2; i++) await answer(db, shown(await nextCard(db.prisma, { now: at(i * 1000) })), 3, at(i * 1000));
    const parameters = default_w.map((w, i) => (i < 4 || i === 8 ? w * 1.5 : w));
    await applyParameters(db.prisma, parameters);
    const result = await rescheduleCards(db.prisma, { now: at(5000) });
    expect(result).toEqual({ cards: 2, changed: 2 });

    const settings = await getReviewSettings(db.prisma);
    expect(settings.fsrsParameters).toEqual(parameters);
    const logs = await db.prisma.reviewLog.findMany({ where: { source: "review" }, orderBy: { reviewedAt: "asc" } });
    for (const log of logs) {
      const state = await db.prisma.cardState.findUniqueOrThrow({ where: { cardId: log.cardId } });
      const expected = replayReviews(schedulingStateSchema.parse(log.stateBefore), [{ rating: 3, reviewedAt: log.reviewedAt }], settings);
      expect(state.due).toEqual(expected.due);
      expect(state.stability).toBe(expected.stability);
    }
    expect(await db.prisma.reviewLog.count({ where: { source: "reschedule" } })).toBe(2);
    await expect(undoLastAnswer(db.prisma, { now: at(6000) })).rejects.toThrow(/changed after that answer/);
  });

  it("uses the settings it is given for the day boundary", async () => {
    await setTestSettings(db.prisma, { timeZone: "America/New_York", dayStartHour: 4 });
    const settings = await getReviewSettings(db.prisma);
    expect(settings).toEqual(resolveSettings({ timeZone: "America/New_York", dayStartHour: 4, enableFuzz: false }));
    const deck = await makeDeck(db.prisma, "tz");
    const card = await makeCard(db.prisma, deck.id);
    // 07:00 UTC is 03:00 in New York: still the study day that started yesterday.
    const { buriedUntil } = await buryCard(db.prisma, card.id, new Date("2025-05-20T07:00:00Z"));
    expect(buriedUntil).toEqual(new Date("2025-05-20T08:00:00Z"));
  });
});
