import { expect, it } from "vitest";
import { optimizeParameters, resolveSettings, type Rating } from "@/lib/review";

const settings = resolveSettings({ timeZone: "UTC", dayStartHour: 4 });
const DAY_MS = 86_400_000;

it("optimizes a history with same-day learning steps (scored on the answers given on a later day)", async () => {
  const logs: { cardId: string; rating: Rating; reviewedAt: Date }[] = [];
  const start = Date.UTC(2025, 0, 1, 10);
  for (let c = 0; c < 80; c++) {
    // Learned with two steps on day one (Again, then Good ten minutes later), then reviewed on later days.
    let day = c % 30;
    logs.push({ cardId: `c${c}`, rating: 1, reviewedAt: new Date(start + day * DAY_MS) });
    logs.push({ cardId: `c${c}`, rating: 3, reviewedAt: new Date(start + day * DAY_MS + 600_000) });
    for (let r = 0; r < 8; r++) {
      day += 1 + r * 2 + (c % 3);
      const rating: Rating = (c * 7 + r * 3) % 10 === 0 ? 1 : (c + r) % 9 === 0 ? 4 : 3;
      logs.push({ cardId: `c${c}`, rating, reviewedAt: new Date(start + day * DAY_MS) });
      if (rating === 1) logs.push({ cardId: `c${c}`, rating: 3, reviewedAt: new Date(start + day * DAY_MS + 600_000) });
    }
  }
  const result = await optimizeParameters(logs, undefined, settings);
  expect(Number.isFinite(result.current.logLoss)).toBe(true);
  expect(Number.isFinite(result.optimized.logLoss)).toBe(true);
});
