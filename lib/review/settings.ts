import { z } from "zod";
import { checkParameters, CLAMP_PARAMETERS } from "ts-fsrs";

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

// The ranges FSRS itself clips to (with the widest ceiling for w17/w18): ts-fsrs clips silently,
// so a typo like 40 for 0.40 would otherwise schedule with a different number than the one shown.
const PARAMETER_RANGES = CLAMP_PARAMETERS(2, true);

function checkFsrsParameters(value: number[], context: z.RefinementCtx): void {
  try {
    checkParameters(value);
  } catch {
    context.addIssue({ code: "custom", message: "FSRS parameters must be 17, 19 or 21 finite numbers" });
    return;
  }
  // Older 17- and 19-number sets share the first positions with FSRS-6's 21.
  value.forEach((w, i) => {
    const [min, max] = PARAMETER_RANGES[i];
    if (w < min || w > max) context.addIssue({ code: "custom", path: [i], message: `w[${i}] is ${w}; FSRS allows ${min} to ${max}` });
  });
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
    .superRefine(checkFsrsParameters)
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
