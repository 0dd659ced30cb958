import { describe, expect, it } from "vitest";
import {
  newSchedulingState,
  resolveSettings,
  reviewStats,
  type LogRow,
  type Rating,
  type SchedulingState,
} from "@/lib/review";

const settings = resolveSettings({ timeZone: "UTC", dayStartHour: 4, desiredRetention: 0.9 });
// Study day 2025-06-30 (04:00 UTC to 04:00 UTC next day).
const now = new Date("2025-06-30T12:00:00Z");

const log = (cardId: string, deckId: string, at: string, stateBefore: LogRow["stateBefore"], rating: Rating): LogRow => ({
  cardId,
  deckId,
  rating,
  stateBefore,
  reviewedAt: new Date(at),
  elapsedDays: 0,
  durationMs: 5000,
});

const logs: LogRow[] = [
  // Card a, deck d1: pass today, fail yesterday (then a relearning step), pass ten days ago.
  log("a", "d1", "2025-06-30T10:00:00Z", "review", 3),
  log("a", "d1", "2025-06-29T10:00:00Z", "review", 1),
  log("a", "d1", "2025-06-29T10:10:00Z", "relearning", 3),
  log("a", "d1", "2025-06-20T10:00:00Z", "review", 3),
  // Card b, deck d2: fail today; a pass at 03:00 UTC today, which is still yesterday's study day.
  log("b", "d2", "2025-06-30T05:00:00Z", "review", 1),
  log("b", "d2", "2025-06-30T03:00:00Z", "review", 3),
  log("b", "d2", "2025-06-01T10:00:00Z", "review", 3),
  log("b", "d2", "2024-08-01T10:00:00Z", "review", 1),
  log("b", "d2", "2024-01-01T10:00:00Z", "review", 4),
  // Card c, deck d1: learned today; learning answers never count towards true retention.
  log("c", "d1", "2025-06-30T09:00:00Z", "new", 3),
  log("c", "d1", "2025-06-30T09:10:00Z", "learning", 1),
];

const state = (partial: Partial<SchedulingState>): SchedulingState => ({ ...newSchedulingState(now), ...partial });
const cards = [
  { id: "a", deckId: "d1", state: state({ state: "review", due: new Date("2025-07-02T10:00:00Z"), stability: 5, difficulty: 5.5 }) },
  { id: "b", deckId: "d2", state: state({ state: "review", due: new Date("2025-06-25T10:00:00Z"), stability: 40, difficulty: 8.3 }) },
  { id: "c", deckId: "d1", state: state({ state: "learning", due: new Date("2025-06-30T12:10:00Z"), stability: 0.5, difficulty: 3 }) },
  { id: "d", deckId: "d1", state: state({}) },
  // 03:00 UTC on 1 July is still the study day of 30 June.
  { id: "e", deckId: "d2", state: state({ state: "review", due: new Date("2025-07-01T03:00:00Z"), stability: 2000, difficulty: 10 }) },
  { id: "f", deckId: "d2", state: state({ state: "review", due: new Date("2025-07-29T10:00:00Z"), stability: 300, difficulty: 1 }) },
  { id: "g", deckId: "d2", state: state({ state: "review", due: new Date("2025-07-30T10:00:00Z"), stability: 0.9, difficulty: 2 }) },
];

describe("reviewStats", () => {
  const stats = reviewStats(logs, cards, now, settings);

  it("computes true retention per period from review-state answers only", () => {
    expect(stats.retention).toEqual([
      // a 30/6 pass, a 29/6 fail, b 30/6 fail, b 30/6 03:00 (day 29/6) pass
      { period: "7d", retention: 2 / 4, reviews: 4 },
      // + a 20/6 pass, b 1/6 pass
      { period: "30d", retention: 4 / 6, reviews: 6 },
      // + b 1/8/2024 fail
      { period: "365d", retention: 4 / 7, reviews: 7 },
      // + b 1/1/2024 pass
      { period: "all", retention: 5 / 8, reviews: 8 },
    ]);
    expect(stats.desiredRetention).toBe(0.9);
  });

  it("computes all-time true retention per deck", () => {
    expect(stats.retentionByDeck).toEqual([
      { deckId: "d1", retention: 2 / 3, reviews: 3 },
      { deckId: "d2", retention: 3 / 5, reviews: 5 },
    ]);
  });

  it("counts reviews per study day by the card's state before the answer, zeros included", () => {
    expect(stats.reviewsPerDay).toHaveLength(365);
    expect(stats.reviewsPerDay[0].day).toBe("2024-07-01");
    expect(stats.reviewsPerDay.at(-1)).toEqual({ day: "2025-06-30", new: 1, learning: 1, review: 2, relearning: 0 });
    expect(stats.reviewsPerDay.at(-2)).toEqual({ day: "2025-06-29", new: 0, learning: 0, review: 2, relearning: 1 });
    expect(stats.reviewsPerDay.at(-3)).toEqual({ day: "2025-06-28", new: 0, learning: 0, review: 0, relearning: 0 });
  });

  it("lists every day with reviews for the heatmap", () => {
    expect(stats.heatmap).toEqual([
      { day: "2024-01-01", count: 1 },
      { day: "2024-08-01", count: 1 },
      { day: "2025-06-01", count: 1 },
      { day: "2025-06-20", count: 1 },
      { day: "2025-06-29", count: 3 },
      { day: "2025-06-30", count: 4 },
    ]);
  });

  it("forecasts the next 30 days, overdue cards counted today", () => {
    expect(stats.forecast).toHaveLength(30);
    expect(stats.forecast[0]).toEqual({ day: "2025-06-30", due: 3 }); // b (overdue), c, e
    expect(stats.forecast[2]).toEqual({ day: "2025-07-02", due: 1 }); // a
    expect(stats.forecast[29]).toEqual({ day: "2025-07-29", due: 1 }); // f; g falls after the window
    expect(stats.forecast.reduce((sum, day) => sum + day.due, 0)).toBe(5);
  });

  it("counts cards by state and buckets difficulty and stability of started cards", () => {
    expect(stats.counts).toEqual({ new: 1, learning: 1, review: 5, relearning: 0 });
    const difficulty = Object.fromEntries(stats.difficulty.map((b) => [b.bucket, b.count]));
    expect(difficulty).toEqual({
      "0-10%": 1, // f: D 1
      "10-20%": 1, // g: D 2 (11%)
      "20-30%": 1, // c: D 3 (22%)
      "30-40%": 0,
      "40-50%": 0,
      "50-60%": 1, // a: D 5.5 (50%)
      "60-70%": 0,
      "70-80%": 0,
      "80-90%": 1, // b: D 8.3 (81%)
      "90-100%": 1, // e: D 10
    });
    const stability = Object.fromEntries(stats.stability.map((b) => [b.bucket, b.count]));
    expect(stability).toEqual({
      "<1d": 2, // c, g
      "1d-1w": 1, // a
      "1w-1mo": 0,
      "1-3mo": 1, // b
      "3-6mo": 0,
      "6mo-1y": 1, // f
      "1-3y": 0,
      "3y+": 1, // e
    });
  });

  it("has nothing to say about retention without reviews", () => {
    const empty = reviewStats([], [], now, settings);
    expect(empty.retention.every((r) => r.retention === null && r.reviews === 0)).toBe(true);
    expect(empty.reviewsPerDay).toEqual([{ day: "2025-06-30", new: 0, learning: 0, review: 0, relearning: 0 }]);
    expect(empty.heatmap).toEqual([]);
  });
});
