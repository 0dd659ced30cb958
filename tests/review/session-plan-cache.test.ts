import { describe, expect, it } from "vitest";
import type { DayPlan } from "@/lib/review/queue";
import { sessionPlan } from "@/lib/review/session-plan";

const emptyPlan = (): DayPlan => ({ reviews: [], fresh: [] });

function counter() {
  let builds = 0;
  return { build: async () => (builds++, emptyPlan()), get builds() { return builds; } };
}

describe("sessionPlan", () => {
  it("builds once per key and generation, shared by concurrent requests, and again for a new generation", async () => {
    const db = {};
    const plans = counter();
    const [a, b] = await Promise.all([sessionPlan(db, "all", "1", plans.build), sessionPlan(db, "all", "1", plans.build)]);
    expect(a).toBe(b);
    expect(plans.builds).toBe(1);
    await sessionPlan(db, "all", "2", plans.build);
    expect(plans.builds).toBe(2);
    await sessionPlan({}, "all", "2", plans.build);
    expect(plans.builds).toBe(3);
  });

  it("keeps the sessions in use when many decks are studied at once, forgetting the least recently used", async () => {
    const db = {};
    const plans = counter();
    await sessionPlan(db, "deck-0", "1", plans.build);
    for (let i = 1; i <= 300; i++) {
      await sessionPlan(db, `deck-${i}`, "1", plans.build);
      await sessionPlan(db, "deck-0", "1", plans.build);
    }
    expect(plans.builds).toBe(301);
    await sessionPlan(db, "deck-1", "1", plans.build);
    expect(plans.builds).toBe(302);
  });

  it("forgets a failed build, so the next request tries again", async () => {
    const db = {};
    await expect(sessionPlan(db, "all", "1", () => Promise.reject(new Error("database gone")))).rejects.toThrow("database gone");
    const plans = counter();
    await sessionPlan(db, "all", "1", plans.build);
    expect(plans.builds).toBe(1);
  });
});
