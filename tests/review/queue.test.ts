import { describe, expect, it } from "vitest";
import {
  LEARN_AHEAD_MS,
  buildQueue,
  newSchedulingState,
  nextDue,
  resolveSettings,
  type QueueCard,
  type SchedulingState,
} from "@/lib/review";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// 12:00 UTC; the study day runs from 04:00 today to 04:00 tomorrow.
const now = new Date("2025-05-20T12:00:00Z");
const minutes = (n: number) => new Date(now.getTime() + n * MINUTE_MS);
const days = (n: number) => new Date(now.getTime() + n * DAY_MS);
const settings = resolveSettings({
  timeZone: "UTC",
  dayStartHour: 4,
  newCardsPerDay: 2,
  reviewsPerDay: 3,
  reviewOrder: "due-date",
  newReviewOrder: "reviews-first",
});
const nothingDone = { newDone: 0, reviewsDone: 0 };
const noSiblings = new Set<string>();

function card(id: string, state: Partial<SchedulingState>, extra: Partial<QueueCard> = {}): QueueCard {
  return {
    id,
    siblingKey: id,
    deckId: "deck",
    state: { ...newSchedulingState(days(-30)), ...state },
    buriedUntil: null,
    suspended: false,
    createdAt: days(-30),
    ...extra,
  };
}
const review = (id: string, due: Date, extra: Partial<QueueCard> = {}, stability = 10) =>
  card(id, { state: "review", due, stability, difficulty: 5, scheduledDays: 10, lastReview: new Date(due.getTime() - 10 * DAY_MS), reps: 3 }, extra);
const learning = (id: string, due: Date, extra: Partial<QueueCard> = {}) =>
  card(id, { state: "learning", due, stability: 1, difficulty: 5, learningSteps: 1, lastReview: minutes(-10), reps: 1 }, extra);
const fresh = (id: string, createdMinutesAgo: number, extra: Partial<QueueCard> = {}) =>
  card(id, {}, { createdAt: minutes(-createdMinutesAgo), ...extra });

const ids = (queue: QueueCard[]) => queue.map((c) => c.id);

describe("buildQueue", () => {
  it("shows due learning cards first, then due reviews, then new cards in creation order", () => {
    const { queue, counts } = buildQueue(
      [
        fresh("new-later", 5),
        review("review-b", days(-1)),
        learning("relearn", minutes(-1), { state: { ...learning("x", minutes(-1)).state, state: "relearning" } }),
        fresh("new-first", 50),
        review("review-a", days(-3)),
        learning("learn", minutes(-5)),
      ],
      now,
      settings,
      nothingDone,
      noSiblings,
    );
    expect(ids(queue)).toEqual(["learn", "relearn", "review-a", "review-b", "new-first", "new-later"]);
    expect(counts).toEqual({ new: 2, learning: 2, review: 2 });
  });

  it("orders new cards of one note by position when created together", () => {
    const createdAt = minutes(-60);
    const { queue } = buildQueue(
      [fresh("c", 0, { createdAt, position: 2 }), fresh("a", 0, { createdAt, position: 0 }), fresh("b", 0, { createdAt, position: 1 })],
      now,
      settings,
      nothingDone,
      noSiblings,
    );
    expect(ids(queue)).toEqual(["a", "b"]);
  });

  it("counts reviews due any time before the day ends, but not later learning steps", () => {
    const { queue } = buildQueue(
      [
        review("due-tonight", new Date("2025-05-21T03:59:00Z")),
        review("due-tomorrow", new Date("2025-05-21T04:00:00Z")),
        learning("in-5-minutes", minutes(5)),
        learning("interday-step-due-tonight", new Date("2025-05-21T02:00:00Z"), {
          state: { ...learning("x", now).state, scheduledDays: 1, due: new Date("2025-05-21T02:00:00Z") },
        }),
      ],
      now,
      settings,
      nothingDone,
      noSiblings,
    );
    expect(ids(queue)).toEqual(["interday-step-due-tonight", "due-tonight"]);
  });

  it("shows learning cards due within the learn-ahead limit when nothing else is left", () => {
    const cards = [learning("soon", minutes(5)), learning("later", new Date(now.getTime() + LEARN_AHEAD_MS + MINUTE_MS))];
    const { queue, counts } = buildQueue(cards, now, settings, nothingDone, noSiblings);
    expect(ids(queue)).toEqual(["soon"]);
    expect(counts).toEqual({ new: 0, learning: 1, review: 0 });
  });

  it("respects the daily limits, minus what was already done today; learning has no limit", () => {
    const cards = [
      ...[1, 2, 3, 4, 5].map((n) => review(`review-${n}`, days(-n))),
      ...[1, 2, 3, 4].map((n) => fresh(`new-${n}`, 100 - n)),
      ...[1, 2, 3, 4].map((n) => learning(`learn-${n}`, minutes(-n))),
    ];
    const { counts } = buildQueue(cards, now, settings, nothingDone, noSiblings);
    expect(counts).toEqual({ new: 2, learning: 4, review: 3 });
    const later = buildQueue(cards, now, settings, { newDone: 1, reviewsDone: 2 }, noSiblings);
    expect(later.counts).toEqual({ new: 1, learning: 4, review: 1 });
    // The most overdue (earliest due, in due-date order) review fills the remaining slot.
    expect(ids(later.queue).filter((id) => id.startsWith("review"))).toEqual(["review-5"]);
    const exhausted = buildQueue(cards, now, settings, { newDone: 5, reviewsDone: 9 }, noSiblings);
    expect(exhausted.counts).toEqual({ new: 0, learning: 4, review: 0 });
  });

  it("applies a deck's own limits on top of the global ones", () => {
    const cards = [
      fresh("a1", 10, { deckId: "a" }),
      fresh("a2", 9, { deckId: "a" }),
      fresh("b1", 8, { deckId: "b" }),
    ];
    const deckLimits = new Map([["a", [{ newCardsPerDay: 1, reviewsPerDay: 100, done: nothingDone }]]]);
    const { queue } = buildQueue(cards, now, settings, nothingDone, noSiblings, deckLimits);
    expect(ids(queue)).toEqual(["a1", "b1"]);
  });

  it("applies a parent deck's limits to its sub-decks' cards together", () => {
    const cards = [fresh("p1", 10, { deckId: "parent" }), fresh("c1", 9, { deckId: "child" }), fresh("c2", 8, { deckId: "child" })];
    const parent = { newCardsPerDay: 2, reviewsPerDay: 100, done: nothingDone };
    const child = { newCardsPerDay: 5, reviewsPerDay: 100, done: nothingDone };
    const deckLimits = new Map([["parent", [parent]], ["child", [parent, child]]]);
    expect(ids(buildQueue(cards, now, settings, nothingDone, noSiblings, deckLimits).queue)).toEqual(["p1", "c1"]);
    const parentSpent = new Map([["parent", [{ ...parent, done: { newDone: 2, reviewsDone: 0 } }]], ["child", [child]]]);
    expect(ids(buildQueue(cards, now, settings, nothingDone, noSiblings, parentSpent).queue)).toEqual(["c1", "c2"]);
  });

  it("buries siblings: one card per note section a day, learning cards in progress excepted", () => {
    const { queue } = buildQueue(
      [
        review("answered-sibling", days(-1), { siblingKey: "answered-today" }),
        review("front", days(-2), { siblingKey: "pair" }),
        fresh("back", 10, { siblingKey: "pair" }),
        learning("cloze-1", minutes(-3), { siblingKey: "clozes" }),
        learning("cloze-2", minutes(-2), { siblingKey: "clozes" }),
        review("cloze-3", days(-1), { siblingKey: "clozes" }),
        fresh("cloze-4", 5, { siblingKey: "clozes" }),
        fresh("other", 4),
      ],
      now,
      settings,
      nothingDone,
      new Set(["answered-today"]),
    );
    expect(ids(queue)).toEqual(["cloze-1", "cloze-2", "front", "other"]);
  });

  it("leaves out suspended cards and cards buried until later; a past burial no longer hides", () => {
    const { queue } = buildQueue(
      [
        review("suspended", days(-1), { suspended: true }),
        review("buried", days(-1), { buriedUntil: new Date("2025-05-21T04:00:00Z") }),
        review("unburied", days(-1), { buriedUntil: minutes(-1) }),
        fresh("suspended-new", 3, { suspended: true }),
      ],
      now,
      settings,
      nothingDone,
      noSiblings,
    );
    expect(ids(queue)).toEqual(["unburied"]);
  });

  it("puts the review most overdue relative to its stability first", () => {
    const cards = [
      // 15 days overdue on a 100-day stability: still likely remembered.
      card("long-overdue-stable", { state: "review", due: days(-15), stability: 100, difficulty: 5, scheduledDays: 100, lastReview: days(-115) }),
      // 2 days overdue on a 2-day stability: much more likely forgotten.
      card("slightly-overdue-fragile", { state: "review", due: days(-2), stability: 2, difficulty: 5, scheduledDays: 2, lastReview: days(-4) }),
    ];
    const relative = buildQueue(cards, now, { ...settings, reviewOrder: "overdue-relative" }, nothingDone, noSiblings);
    expect(ids(relative.queue)).toEqual(["slightly-overdue-fragile", "long-overdue-stable"]);
    const byDue = buildQueue(cards, now, settings, nothingDone, noSiblings);
    expect(ids(byDue.queue)).toEqual(["long-overdue-stable", "slightly-overdue-fragile"]);
  });

  it("keeps a random order stable through the day", () => {
    const cards = Array.from({ length: 12 }, (_, i) => review(`r${i}`, days(-1 - i)));
    const random = { ...settings, reviewOrder: "random" as const, reviewsPerDay: 100 };
    const first = ids(buildQueue(cards, now, random, nothingDone, noSiblings).queue);
    const again = ids(buildQueue([...cards].reverse(), minutes(30), random, nothingDone, noSiblings).queue);
    expect(again).toEqual(first);
    expect(first).not.toEqual(ids(cards));
    expect([...first].sort()).toEqual(ids(cards).sort());
  });

  it.each([
    ["interleave", ["r1", "n1", "r2", "r3", "n2", "r4"]],
    ["new-first", ["n1", "n2", "r1", "r2", "r3", "r4"]],
    ["reviews-first", ["r1", "r2", "r3", "r4", "n1", "n2"]],
  ] as const)("mixes new cards and reviews: %s", (newReviewOrder, expected) => {
    const cards = [
      ...[1, 2, 3, 4].map((n) => review(`r${n}`, days(-10 + n))),
      fresh("n1", 20),
      fresh("n2", 10),
    ];
    const { queue } = buildQueue(cards, now, { ...settings, newReviewOrder, reviewsPerDay: 10 }, nothingDone, noSiblings);
    expect(ids(queue)).toEqual(expected);
  });
});

describe("nextDue", () => {
  it("is the earliest due learning or review card, burial respected, new and suspended ignored", () => {
    expect(
      nextDue(
        [
          fresh("new", 1),
          review("suspended", minutes(5), { suspended: true }),
          review("buried", minutes(10), { buriedUntil: days(1) }),
          learning("learning", minutes(30)),
          review("review", days(2)),
        ],
        now,
      ),
    ).toEqual(minutes(30));
    expect(nextDue([fresh("new", 1)], now)).toBeNull();
  });
});
