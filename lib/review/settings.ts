import { z } from "zod";
import { checkParameters } from "ts-fsrs";

export type NewReviewOrder = "interleave" | "new-first" | "reviews-first";
export type ReviewOrder = "overdue-relative" | "due-date" | "random";

export interface ReviewSettings {
  /** Probability of recall FSRS aims for at the moment a review card is due. */
  desiredRetention: number;
  maximumIntervalDays: number;
  /** ts-fsrs step strings: a number and m/h/d, e.g. ["1m", "10m"]. Empty: FSRS decides. */
  learningSteps: string[];
  relearningSteps: string[];
  /** Spreads review intervals a little so cards learned together don't stay clumped. */
  enableFuzz: boolean;
  newCardsPerDay: number;
  reviewsPerDay: number;
  newReviewOrder: NewReviewOrder;
  reviewOrder: ReviewOrder;
  /** Local hour at which a new study day begins (Anki's "next day starts at"). */
  dayStartHour: number;
  /** IANA time zone of the user, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Optimized FSRS weights; undefined means the ts-fsrs defaults. */
  fsrsParameters?: number[];
}

const stepPattern = /^\d+(\.\d+)?[mhd]$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function areFsrsParameters(value: number[]): boolean {
  try {
    checkParameters(value);
    return true;
  } catch {
    return false;
  }
}

const steps = z.array(
  z.string().regex(stepPattern, 'a step is a number followed by m, h or d, e.g. "10m"'),
);

const reviewSettingsShape = {
  desiredRetention: z.number().min(0.7).max(0.99),
  maximumIntervalDays: z.number().int().min(1).max(36500),
  learningSteps: steps,
  relearningSteps: steps,
  enableFuzz: z.boolean(),
  newCardsPerDay: z.number().int().min(0),
  reviewsPerDay: z.number().int().min(0),
  newReviewOrder: z.enum(["interleave", "new-first", "reviews-first"]),
  reviewOrder: z.enum(["overdue-relative", "due-date", "random"]),
  dayStartHour: z.number().int().min(0).max(23),
  timeZone: z.string().refine(isTimeZone, "not an IANA time zone (e.g. Europe/Berlin)"),
  fsrsParameters: z
    .array(z.number())
    .refine(areFsrsParameters, "FSRS parameters must be 17, 19 or 21 finite numbers")
    .optional(),
};

export const reviewSettingsSchema: z.ZodType<ReviewSettings> = z.object(reviewSettingsShape);

/** Global or per-deck overrides: any subset of the settings. */
export const reviewSettingsOverridesSchema: z.ZodType<Partial<ReviewSettings>> = z
  .object(reviewSettingsShape)
  .partial();

function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Anki's defaults; the time zone is the machine's until the user picks one. */
export const defaultReviewSettings: ReviewSettings = {
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
  timeZone: systemTimeZone(),
};

function definedEntries(values: Partial<ReviewSettings> | undefined): Partial<ReviewSettings> {
  return Object.fromEntries(
    Object.entries(values ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<ReviewSettings>;
}

/**
 * Defaults, then global settings, then the deck's overrides; the result is validated, so a bad
 * stored value fails here (ZodError naming the field) rather than deep inside the scheduler.
 */
export function resolveSettings(
  global: Partial<ReviewSettings>,
  deckOverrides?: Partial<ReviewSettings>,
): ReviewSettings {
  return reviewSettingsSchema.parse({
    ...defaultReviewSettings,
    ...definedEntries(global),
    ...definedEntries(deckOverrides),
  });
}
