import { z } from "zod";
import {
  type Card,
  type FSRS,
  type Grade,
  type StepUnit,
  State,
  computeDecayFactor,
  forgetting_curve,
  fsrs,
  generatorParameters,
} from "ts-fsrs";
import type { ReviewSettings } from "./settings";
import { studyDayOfKey } from "./day";

export type CardStateName = "new" | "learning" | "review" | "relearning";

/** FSRS state of one card, as plain data (the ts-fsrs Card fields, state as a name). */
export interface SchedulingState {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardStateName;
  lastReview: Date | null;
}

/** 1 Again, 2 Hard, 3 Good, 4 Easy. */
export type Rating = 1 | 2 | 3 | 4;
export const ratings: readonly Rating[] = [1, 2, 3, 4];

export interface ReviewOutcome {
  next: SchedulingState;
  log: {
    rating: Rating;
    /** Store this: undo restores it. */
    stateBefore: SchedulingState;
    stateAfter: SchedulingState;
    elapsedDays: number;
    scheduledDays: number;
    reviewedAt: Date;
  };
}

/** Parses a SchedulingState stored as JSON (dates as ISO strings), e.g. ReviewLog.stateBefore. */
export const schedulingStateSchema: z.ZodType<SchedulingState, unknown> = z.object({
  due: z.coerce.date(),
  stability: z.number(),
  difficulty: z.number(),
  elapsedDays: z.number(),
  scheduledDays: z.number(),
  learningSteps: z.number(),
  reps: z.number(),
  lapses: z.number(),
  state: z.enum(["new", "learning", "review", "relearning"]),
  lastReview: z.coerce.date().nullable(),
});

const stateNames: Record<State, CardStateName> = {
  [State.New]: "new",
  [State.Learning]: "learning",
  [State.Review]: "review",
  [State.Relearning]: "relearning",
};
const stateValues: Record<CardStateName, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

function toCard(state: SchedulingState): Card {
  return {
    due: state.due,
    stability: state.stability,
    difficulty: state.difficulty,
    elapsed_days: state.elapsedDays,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: stateValues[state.state],
    last_review: state.lastReview ?? undefined,
  };
}

function fromCard(card: Card): SchedulingState {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: stateNames[card.state],
    lastReview: card.last_review ?? null,
  };
}

/** The ts-fsrs scheduler these settings describe. Exported so tests can compare against it. */
export function schedulerFor(settings: ReviewSettings): FSRS {
  return fsrs(
    generatorParameters({
      request_retention: settings.desiredRetention,
      maximum_interval: settings.maximumIntervalDays,
      w: settings.fsrsParameters,
      enable_fuzz: settings.enableFuzz,
      enable_short_term: true,
      learning_steps: settings.learningSteps as StepUnit[],
      relearning_steps: settings.relearningSteps as StepUnit[],
    }),
  );
}

/** The FSRS weights in effect (optimized ones, or the ts-fsrs defaults), always 21 long. */
export function effectiveParameters(settings: Pick<ReviewSettings, "fsrsParameters" | "relearningSteps">): number[] {
  return [...generatorParameters({
    w: settings.fsrsParameters,
    relearning_steps: settings.relearningSteps as StepUnit[],
  }).w];
}

export function newSchedulingState(now: Date): SchedulingState {
  return {
    due: now,
    stability: 0,
    difficulty: 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    state: "new",
    lastReview: null,
  };
}

/**
 * The card's state after answering `rating` at `now`. Pure: ts-fsrs seeds its fuzz from the
 * review time, reps and memory state, so the same inputs always give the same due date.
 */
export function applyRating(
  state: SchedulingState,
  rating: Rating,
  now: Date,
  settings: ReviewSettings,
): ReviewOutcome {
  const { card, log } = schedulerFor(settings).next(toCard(state), now, rating as Grade);
  const next = fromCard(card);
  return {
    next,
    log: {
      rating,
      stateBefore: state,
      stateAfter: next,
      elapsedDays: log.elapsed_days,
      scheduledDays: card.scheduled_days,
      reviewedAt: now,
    },
  };
}

/**
 * The state a card would have if its answers had been scheduled with these settings: for
 * rescheduling after new FSRS parameters. `start` is the card's state before its first answer
 * (a new state, or the state built from an imported Obsidian schedule).
 */
export function replayReviews(
  start: SchedulingState,
  reviews: { rating: Rating; reviewedAt: Date }[],
  settings: ReviewSettings,
): SchedulingState {
  return [...reviews]
    .sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime())
    .reduce((state, review) => applyRating(state, review.rating, review.reviewedAt, settings).next, start);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Anki-style short interval label: "<1m", "10m", "1.5h", "3d", "3.2mo", "1.4y". */
export function intervalLabel(ms: number): string {
  if (ms < MINUTE_MS) return "<1m";
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)}m`;
  if (ms < DAY_MS) return `${oneDecimal(ms / HOUR_MS)}h`;
  const days = ms / DAY_MS;
  if (days < 30) return `${oneDecimal(days)}d`;
  if (days < 365) return `${oneDecimal(days / (365 / 12))}mo`;
  return `${oneDecimal(days / 365)}y`;
}

/** What each answer would schedule, for the labels on the four rating buttons. */
export function previewIntervals(
  state: SchedulingState,
  now: Date,
  settings: ReviewSettings,
): Record<Rating, { due: Date; label: string }> {
  const preview = schedulerFor(settings).repeat(toCard(state), now);
  const entry = (rating: Rating) => {
    const due = preview[rating as Grade].card.due;
    return { due, label: intervalLabel(due.getTime() - now.getTime()) };
  };
  return { 1: entry(1), 2: entry(2), 3: entry(3), 4: entry(4) };
}

/**
 * Probability of recall now, by the FSRS forgetting curve. New cards have no memory: 0.
 * Used to order reviews by how overdue they are relative to their stability.
 */
export function retrievability(state: SchedulingState, now: Date, parameters: number[]): number {
  if (state.state === "new" || state.stability <= 0) return 0;
  const lastReview = state.lastReview?.getTime() ?? state.due.getTime() - state.scheduledDays * DAY_MS;
  const elapsedDays = Math.max(0, (now.getTime() - lastReview) / DAY_MS);
  return forgetting_curve(parameters, elapsedDays, state.stability);
}

/** The Obsidian spaced-repetition plugin's `<!--SR:!2024-01-15,3,250-->` fields. */
export interface ObsidianPrior {
  /** Due date, YYYY-MM-DD. */
  due: string;
  intervalDays: number;
  /** SM-2 ease; the plugin writes 250 for 2.5, both spellings are accepted. */
  ease: number;
}

export class InvalidObsidianPriorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidObsidianPriorError";
  }
}

/**
 * The recall rate SM-2 schedules are assumed to have achieved; Anki assumes the same when a
 * collection switches to FSRS without enough history to measure it.
 */
const SM2_RETENTION = 0.9;

/**
 * A review-state FSRS card for a card the Obsidian plugin already scheduled, using the mapping
 * fsrs-rs (and so Anki) uses for SM-2 cards without usable history (memory_state_from_sm2):
 *  - stability: the interval rescaled so the forgetting curve reaches 90% recall after
 *    `intervalDays` (with the default decay and 0.9 this is the interval itself);
 *  - difficulty: solved from the FSRS recall-stability formula so that a successful review at
 *    the SM-2 retention would multiply stability by the ease, clamped to [1, 10]: high ease, easy
 *    card (ease 2.5 at 10 days gives about 6.9; 1.3 gives 10).
 * Due is the start of the due date's study day; last review is `intervalDays` before that.
 */
export function stateFromObsidianPrior(
  prior: ObsidianPrior,
  now: Date,
  settings: ReviewSettings,
): SchedulingState {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(prior.due) || Number.isNaN(Date.parse(prior.due))) {
    throw new InvalidObsidianPriorError(`Scheduling comment has due date "${prior.due}"; expected YYYY-MM-DD.`);
  }
  if (!(prior.intervalDays > 0) || !(prior.ease > 0)) {
    throw new InvalidObsidianPriorError(
      `Scheduling comment has interval ${prior.intervalDays} and ease ${prior.ease}; both must be positive.`,
    );
  }
  const ease = prior.ease > 10 ? prior.ease / 100 : prior.ease;
  const w = effectiveParameters(settings);
  const { decay, factor } = computeDecayFactor(w);
  const stability = Math.min(
    36500,
    (Math.max(prior.intervalDays, 0.001) * factor) / (SM2_RETENTION ** (1 / decay) - 1),
  );
  const rawDifficulty =
    11 - (ease - 1) / (Math.exp(w[8]) * stability ** -w[9] * Math.expm1((1 - SM2_RETENTION) * w[10]));
  const due = studyDayOfKey(prior.due, settings).start;
  const lastReview = new Date(Math.min(due.getTime() - prior.intervalDays * DAY_MS, now.getTime()));
  return {
    due,
    stability,
    difficulty: Math.min(10, Math.max(1, rawDifficulty)),
    elapsedDays: 0,
    scheduledDays: Math.round(prior.intervalDays),
    learningSteps: 0,
    reps: 1,
    lapses: 0,
    state: "review",
    lastReview,
  };
}
