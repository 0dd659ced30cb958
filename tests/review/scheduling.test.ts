import { describe, expect, it } from "vitest";
import { createEmptyCard, default_w, fsrs, type Card, type Grade } from "ts-fsrs";
import { FSRSBinding } from "@open-spaced-repetition/binding";
import {
  InvalidObsidianPriorError,
  applyRating,
  intervalLabel,
  newSchedulingState,
  previewIntervals,
  replayReviews,
  resolveSettings,
  schedulingStateSchema,
  stateFromObsidianPrior,
  type Rating,
  type SchedulingState,
} from "@/lib/review";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const start = new Date("2025-03-01T09:00:00Z");
const noFuzz = resolveSettings({ timeZone: "UTC", enableFuzz: false });
const withFuzz = resolveSettings({ timeZone: "UTC", enableFuzz: true });

/** ts-fsrs configured by hand with the values the settings stand for. */
const tsFsrs = (enableFuzz: boolean) =>
  fsrs({
    request_retention: 0.9,
    maximum_interval: 36500,
    enable_fuzz: enableFuzz,
    learning_steps: ["1m", "10m"],
    relearning_steps: ["10m"],
  });

const stateNames = ["new", "learning", "review", "relearning"] as const;

/** Answers each rating when the card is due; returns our states and ts-fsrs's cards side by side. */
function answerInSequence(ratings: Rating[], settings: typeof noFuzz) {
  const reference = tsFsrs(settings.enableFuzz);
  let ours: SchedulingState = newSchedulingState(start);
  let theirs: Card = createEmptyCard(start);
  let now = start;
  const steps: { ours: SchedulingState; theirs: Card }[] = [];
  for (const rating of ratings) {
    ours = applyRating(ours, rating, now, settings).next;
    theirs = reference.next(theirs, now, rating as Grade).card;
    steps.push({ ours, theirs });
    now = ours.due;
  }
  return steps;
}

describe("applyRating", () => {
  const ratings: Rating[] = [3, 3, 3, 3, 1, 3, 2, 4, 3, 3];

  it.each([
    ["without fuzz", noFuzz],
    ["with fuzz", withFuzz],
  ])("gives exactly the states ts-fsrs gives, %s", (_, settings) => {
    for (const { ours, theirs } of answerInSequence(ratings, settings)) {
      expect(ours).toEqual({
        due: theirs.due,
        stability: theirs.stability,
        difficulty: theirs.difficulty,
        elapsedDays: theirs.elapsed_days,
        scheduledDays: theirs.scheduled_days,
        learningSteps: theirs.learning_steps,
        reps: theirs.reps,
        lapses: theirs.lapses,
        state: stateNames[theirs.state],
        lastReview: theirs.last_review ?? null,
      });
    }
  });

  it("walks a new card through the learning steps into review and back through relearning", () => {
    const steps = answerInSequence([3, 3, 3, 1, 3], noFuzz).map((step) => step.ours);
    expect(steps.map((s) => s.state)).toEqual(["learning", "review", "review", "relearning", "review"]);
    expect(steps[0].due).toEqual(new Date(start.getTime() + 10 * MINUTE_MS));
    expect(steps[1].scheduledDays).toBeGreaterThanOrEqual(1);
    expect(steps[3].due.getTime() - steps[2].due.getTime()).toBe(10 * MINUTE_MS);
    expect(steps[3].lapses).toBe(1);
  });

  it("is deterministic with fuzz on: same state, rating and time, same due date", () => {
    const review = answerInSequence([3, 3, 3], withFuzz)[2].ours;
    const now = review.due;
    const first = applyRating(review, 3, now, withFuzz);
    const second = applyRating(review, 3, now, withFuzz);
    expect(first).toEqual(second);
    // ...and fuzz does move due dates (so the comparison above is not vacuous).
    const fuzzed = answerInSequence(ratings, withFuzz).map((step) => step.ours.due.getTime());
    const plain = answerInSequence(ratings, noFuzz).map((step) => step.ours.due.getTime());
    expect(fuzzed).not.toEqual(plain);
  });

  it("logs what the persistence layer needs to undo the answer", () => {
    const before = newSchedulingState(start);
    const { next, log } = applyRating(before, 1, start, noFuzz);
    expect(log).toEqual({
      rating: 1,
      stateBefore: before,
      stateAfter: next,
      elapsedDays: 0,
      scheduledDays: 0,
      reviewedAt: start,
    });
    // Stored as JSON and read back, the state before is the same state.
    const stored = JSON.parse(JSON.stringify(log.stateBefore));
    expect(schedulingStateSchema.parse(stored)).toEqual(before);
  });
});

describe("replayReviews", () => {
  const history = [
    { rating: 3 as const, reviewedAt: new Date("2025-03-01T09:00:00Z") },
    { rating: 3 as const, reviewedAt: new Date("2025-03-01T09:10:00Z") },
    { rating: 1 as const, reviewedAt: new Date("2025-03-04T18:00:00Z") },
    { rating: 3 as const, reviewedAt: new Date("2025-03-04T18:10:00Z") },
    { rating: 4 as const, reviewedAt: new Date("2025-03-09T08:00:00Z") },
  ];

  it("gives the state answering the reviews in order gives", () => {
    let state = newSchedulingState(start);
    for (const { rating, reviewedAt } of history) state = applyRating(state, rating, reviewedAt, noFuzz).next;
    expect(replayReviews(newSchedulingState(start), [...history].reverse(), noFuzz)).toEqual(state);
  });

  it("reschedules from the last review with new parameters", () => {
    const before = replayReviews(newSchedulingState(start), history, noFuzz);
    const weights = [...default_w];
    weights[8] = 2.5; // recall grows memory faster
    const after = replayReviews(newSchedulingState(start), history, { ...noFuzz, fsrsParameters: weights });
    expect(after.lastReview).toEqual(before.lastReview);
    expect(after.stability).toBeGreaterThan(before.stability);
    expect(after.due.getTime()).toBeGreaterThan(before.due.getTime());
  });
});

describe("previewIntervals", () => {
  it("labels the four buttons of a new card with the learning steps and the Easy interval", () => {
    const preview = previewIntervals(newSchedulingState(start), start, noFuzz);
    const easyDays = tsFsrs(false).next(createEmptyCard(start), start, 4).card.scheduled_days;
    expect(Object.fromEntries(Object.entries(preview).map(([r, p]) => [r, p.label]))).toEqual({
      1: "1m",
      2: "6m",
      3: "10m",
      4: `${easyDays}d`,
    });
    expect(preview[3].due).toEqual(new Date(start.getTime() + 10 * MINUTE_MS));
  });

  it("shows the due date each rating would give, like applyRating", () => {
    const review = answerInSequence([3, 3, 3], withFuzz)[2].ours;
    const preview = previewIntervals(review, review.due, withFuzz);
    for (const rating of [1, 2, 3, 4] as const) {
      expect(preview[rating].due).toEqual(applyRating(review, rating, review.due, withFuzz).next.due);
    }
  });

  it.each([
    [30_000, "<1m"],
    [MINUTE_MS, "1m"],
    [10 * MINUTE_MS, "10m"],
    [90 * MINUTE_MS, "1.5h"],
    [DAY_MS, "1d"],
    [12 * DAY_MS, "12d"],
    [100 * DAY_MS, "3.3mo"],
    [400 * DAY_MS, "1.1y"],
  ])("labels %d ms as %s", (ms, label) => {
    expect(intervalLabel(ms)).toBe(label);
  });
});

describe("stateFromObsidianPrior", () => {
  const berlin = resolveSettings({ timeZone: "Europe/Berlin", dayStartHour: 4, enableFuzz: false });
  const now = new Date("2025-03-05T12:00:00Z");

  it("turns <!--SR:!2025-03-10,10,250--> into a review card due at the start of that study day", () => {
    const state = stateFromObsidianPrior({ due: "2025-03-10", intervalDays: 10, ease: 250 }, now, berlin);
    expect(state).toMatchObject({
      state: "review",
      due: new Date("2025-03-10T03:00:00Z"),
      lastReview: new Date("2025-02-28T03:00:00Z"),
      scheduledDays: 10,
      lapses: 0,
    });
    // With the default decay, 90% recall after the interval means stability = interval.
    expect(state.stability).toBeCloseTo(10, 6);
  });

  it("maps ease to difficulty as fsrs-rs does for SM-2 cards (memory_state_from_sm2)", () => {
    const binding = new FSRSBinding();
    for (const [ease, intervalDays] of [[2.5, 10], [1.3, 3], [2.0, 45], [3.2, 200]]) {
      const ours = stateFromObsidianPrior({ due: "2025-04-01", intervalDays, ease }, now, berlin);
      const theirs = binding.memoryStateFromSM2(ease, intervalDays, 0.9);
      expect(ours.stability).toBeCloseTo(theirs.stability, 3);
      expect(ours.difficulty).toBeCloseTo(theirs.difficulty, 3);
    }
    // Easier cards (higher ease) get lower difficulty; the plugin's 250 means 2.5.
    const easy = stateFromObsidianPrior({ due: "2025-04-01", intervalDays: 10, ease: 300 }, now, berlin);
    const hard = stateFromObsidianPrior({ due: "2025-04-01", intervalDays: 10, ease: 1.5 }, now, berlin);
    expect(easy.difficulty).toBeLessThan(hard.difficulty);
    expect(stateFromObsidianPrior({ due: "2025-04-01", intervalDays: 10, ease: 2.5 }, now, berlin)).toEqual(
      stateFromObsidianPrior({ due: "2025-04-01", intervalDays: 10, ease: 250 }, now, berlin),
    );
  });

  it("schedules onwards like any review card: Good at the due date grows the interval", () => {
    const state = stateFromObsidianPrior({ due: "2025-03-10", intervalDays: 10, ease: 250 }, now, berlin);
    const { next } = applyRating(state, 3, state.due, berlin);
    expect(next.state).toBe("review");
    expect(next.scheduledDays).toBeGreaterThan(10);
  });

  it.each([
    [{ due: "10.03.2025", intervalDays: 10, ease: 250 }],
    [{ due: "2025-03-10", intervalDays: 0, ease: 250 }],
    [{ due: "2025-03-10", intervalDays: 10, ease: -1 }],
  ])("rejects %j with a typed error", (prior) => {
    expect(() => stateFromObsidianPrior(prior, now, berlin)).toThrow(InvalidObsidianPriorError);
  });
});
