import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { defaultReviewSettings, resolveSettings, reviewSettingsOverridesSchema } from "@/lib/review";

describe("resolveSettings", () => {
  it("starts from Anki's defaults", () => {
    const settings = resolveSettings({});
    expect(settings).toMatchObject({
      desiredRetention: 0.9,
      maximumIntervalDays: 36500,
      learningSteps: ["1m", "10m"],
      relearningSteps: ["10m"],
      enableFuzz: true,
      newCardsPerDay: 20,
      reviewsPerDay: 200,
      newReviewOrder: "interleave",
      reviewOrder: "overdue-relative",
      dayStartHour: 4,
    });
    expect(settings.timeZone).toBe(defaultReviewSettings.timeZone);
    expect(settings.fsrsParameters).toBeUndefined();
  });

  it("lets the deck override the global settings, which override the defaults", () => {
    const settings = resolveSettings(
      { newCardsPerDay: 10, timeZone: "Europe/Berlin", desiredRetention: 0.85 },
      { newCardsPerDay: 5, learningSteps: ["5m"], desiredRetention: undefined },
    );
    expect(settings.newCardsPerDay).toBe(5);
    expect(settings.learningSteps).toEqual(["5m"]);
    expect(settings.timeZone).toBe("Europe/Berlin");
    expect(settings.desiredRetention).toBe(0.85);
    expect(settings.reviewsPerDay).toBe(200);
  });

  it.each([
    [{ timeZone: "Mars/Olympus_Mons" }, "timeZone"],
    [{ learningSteps: ["10 minutes"] }, "learningSteps"],
    [{ desiredRetention: 1.2 }, "desiredRetention"],
    [{ dayStartHour: 24 }, "dayStartHour"],
    [{ newCardsPerDay: -1 }, "newCardsPerDay"],
    [{ fsrsParameters: [1, 2, 3] }, "fsrsParameters"],
    [{ fsrsParameters: default_w.map((w, i) => (i === 4 ? 40 : w)) }, "fsrsParameters"],
  ])("rejects %j, naming the field", (bad, field) => {
    expect(() => resolveSettings(bad)).toThrow(ZodError);
    try {
      resolveSettings(bad);
    } catch (error) {
      expect((error as ZodError).issues[0].path[0]).toBe(field);
    }
  });

  it("accepts FSRS-6, FSRS-5 and FSRS-4.5 parameter sets within FSRS's ranges, and names a weight out of range", () => {
    const fsrs5 = [0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192, 1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621];
    for (const fsrsParameters of [[...default_w], fsrs5, fsrs5.slice(0, 17)]) expect(resolveSettings({ fsrsParameters }).fsrsParameters).toEqual(fsrsParameters);
    expect(() => resolveSettings({ fsrsParameters: default_w.map((w, i) => (i === 4 ? 40 : w)) })).toThrow(/w\[4\] is 40; FSRS allows 1 to 10/);
  });

  it("validates a deck's partial overrides on their own", () => {
    expect(reviewSettingsOverridesSchema.parse({ reviewsPerDay: 50 })).toEqual({ reviewsPerDay: 50 });
    expect(() => reviewSettingsOverridesSchema.parse({ reviewOrder: "alphabetical" })).toThrow(ZodError);
  });
});
