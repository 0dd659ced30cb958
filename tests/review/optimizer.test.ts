import { describe, expect, it } from "vitest";
import { default_w, fsrs, type FSRSState, type Grade } from "ts-fsrs";
import {
  NotEnoughReviewsError,
  optimizeParameters,
  resolveSettings,
  type Rating,
} from "@/lib/review";

const settings = resolveSettings({ timeZone: "UTC", dayStartHour: 4 });
const DAY_MS = 86_400_000;
const start = Date.UTC(2025, 0, 1, 10);

/** Deterministic PRNG (mulberry32), so the generated history is the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A learner whose memory follows FSRS with parameters far from the defaults (first memories four
 * times weaker, much faster forgetting), reviewed at intervals scattered around the true
 * stability. The recall outcome of each review is drawn from the true recall probability.
 */
function simulatedHistory(cards: number, reviewsPerCard: number, seed: number) {
  const trueParameters = [...default_w];
  for (const i of [0, 1, 2, 3]) trueParameters[i] = default_w[i] / 4;
  trueParameters[20] = 0.5;
  const memory = fsrs({ w: trueParameters });
  const next = random(seed);
  const logs: { cardId: string; rating: Rating; reviewedAt: Date }[] = [];
  for (let c = 0; c < cards; c++) {
    const cardId = `card-${c}`;
    let day = Math.floor(next() * 60);
    const firstRating = ([1, 2, 3, 3, 3, 4] as const)[Math.floor(next() * 6)];
    let state: FSRSState = memory.next_state(null, 0, firstRating);
    logs.push({ cardId, rating: firstRating, reviewedAt: new Date(start + day * DAY_MS) });
    for (let r = 1; r < reviewsPerCard; r++) {
      const interval = Math.max(1, Math.round(state.stability * Math.exp((next() - 0.5) * 2)));
      day += interval;
      const recalled = next() < memory.forgetting_curve(interval, state.stability);
      const luck = next();
      const rating: Grade = !recalled ? 1 : luck < 0.15 ? 2 : luck < 0.9 ? 3 : 4;
      state = memory.next_state(state, interval, rating);
      logs.push({ cardId, rating, reviewedAt: new Date(start + day * DAY_MS + r * 60_000) });
    }
  }
  return logs;
}

describe("optimizeParameters", () => {
  it("fits a simulated learner better than the default parameters do", async () => {
    const logs = simulatedHistory(300, 8, 42);
    const result = await optimizeParameters(logs, undefined, settings);

    expect(result.reviewsUsed).toBe(300 * 7);
    expect(result.parameters).toHaveLength(21);
    expect(result.optimized.logLoss).toBeLessThan(result.current.logLoss);
    expect(result.optimized.rmse).toBeLessThan(result.current.rmse);
    expect(result.improved).toBe(true);
    // The fit moves towards the truth: weaker first memories, faster forgetting (decay w20).
    expect(result.parameters[2]).toBeLessThan(default_w[2]);
    expect(result.parameters[20]).toBeGreaterThan(default_w[20]);
  });

  it("refuses a history too short to learn from, saying what to do", async () => {
    const logs = simulatedHistory(40, 4, 7);
    const refusal = optimizeParameters(logs, undefined, settings);
    await expect(refusal).rejects.toBeInstanceOf(NotEnoughReviewsError);
    await expect(refusal).rejects.toMatchObject({ reviewsUsed: 120, cardsUsed: 40 });
    await expect(refusal).rejects.toThrow(/at least 400 reviews.*Keep reviewing/);
  });
});
