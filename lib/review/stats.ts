import type { ReviewSettings } from "./settings";
import { addDays, daysBetween, studyDay, studyDayKeyer, studyDayOfKey, type DaySettings } from "./day";
import type { CardStateName, Rating, SchedulingState } from "./scheduling";
import type { DayCounts } from "./queue";

export interface LogRow {
  cardId: string;
  deckId: string;
  rating: Rating;
  stateBefore: CardStateName;
  reviewedAt: Date;
  elapsedDays: number;
  durationMs: number | null;
}

export type RetentionPeriod = "7d" | "30d" | "365d" | "all";

export interface ReviewStats {
  /** One entry per study day from the first review (at most a year back) to today, zeros included. */
  reviewsPerDay: { day: string; learning: number; review: number; relearning: number; new: number }[];
  retention: { period: RetentionPeriod; retention: number | null; reviews: number }[];
  /** All-time true retention per deck. */
  retentionByDeck: { deckId: string; retention: number | null; reviews: number }[];
  desiredRetention: number;
  /** Cards due on each of the next 30 study days; overdue cards count for today. */
  forecast: { day: string; due: number }[];
  /** Days with at least one review. */
  heatmap: { day: string; count: number }[];
  counts: Record<CardStateName, number>;
  /** Difficulty of started cards as Anki shows it: (D - 1) / 9, in tenths. */
  difficulty: { bucket: string; count: number }[];
  stability: { bucket: string; count: number }[];
}

const PERIOD_DAYS: [RetentionPeriod, number | null][] = [
  ["7d", 7],
  ["30d", 30],
  ["365d", 365],
  ["all", null],
];

const STABILITY_BUCKETS: [string, number][] = [
  ["<1d", 1],
  ["1d-1w", 7],
  ["1w-1mo", 30],
  ["1-3mo", 91],
  ["3-6mo", 182],
  ["6mo-1y", 365],
  ["1-3y", 1095],
  ["3y+", Infinity],
];

/**
 * True retention, as Anki computes it: among answers to cards in the review state (learning and
 * relearning steps excluded), the share that were not "Again". Null without such answers.
 */
function trueRetention(logs: LogRow[]): { retention: number | null; reviews: number } {
  const reviews = logs.filter((log) => log.stateBefore === "review");
  const passed = reviews.filter((log) => log.rating > 1).length;
  return { retention: reviews.length ? passed / reviews.length : null, reviews: reviews.length };
}

/** Answers given in the current study day, for buildQueue's limits. */
export function dayCounts(
  logs: Pick<LogRow, "stateBefore" | "reviewedAt">[],
  now: Date,
  settings: DaySettings,
): DayCounts {
  const today = studyDay(now, settings);
  const todays = logs.filter((log) => log.reviewedAt >= today.start && log.reviewedAt < today.end);
  return {
    newDone: todays.filter((log) => log.stateBefore === "new").length,
    reviewsDone: todays.filter((log) => log.stateBefore === "review").length,
  };
}

export function reviewStats(
  logs: LogRow[],
  cards: { id: string; deckId: string; state: SchedulingState }[],
  now: Date,
  settings: ReviewSettings,
): ReviewStats {
  const today = studyDay(now, settings);
  const dayKey = studyDayKeyer(settings);
  const dayOf = new Map<LogRow, string>(logs.map((log) => [log, dayKey(log.reviewedAt)]));

  const perDay = new Map<string, ReviewStats["reviewsPerDay"][number]>();
  for (const log of logs) {
    const day = dayOf.get(log)!;
    const entry = perDay.get(day) ?? { day, learning: 0, review: 0, relearning: 0, new: 0 };
    entry[log.stateBefore] += 1;
    perDay.set(day, entry);
  }
  const firstDay = [...perDay.keys()].sort()[0] ?? today.key;
  const span = Math.min(daysBetween(firstDay, today.key), 364);
  const reviewsPerDay = Array.from({ length: Math.max(span, 0) + 1 }, (_, i) => {
    const day = addDays(today.key, i - Math.max(span, 0));
    return perDay.get(day) ?? { day, learning: 0, review: 0, relearning: 0, new: 0 };
  });

  const retention = PERIOD_DAYS.map(([period, days]) => {
    const from = days === null ? null : addDays(today.key, 1 - days);
    return { period, ...trueRetention(logs.filter((log) => from === null || dayOf.get(log)! >= from)) };
  });

  const deckIds = [...new Set(logs.map((log) => log.deckId))].sort();
  const retentionByDeck = deckIds.map((deckId) => ({
    deckId,
    ...trueRetention(logs.filter((log) => log.deckId === deckId)),
  }));

  const started = cards.filter((card) => card.state.state !== "new");
  const forecast = Array.from({ length: 30 }, (_, i) => {
    const day = studyDayOfKey(addDays(today.key, i), settings);
    const due = started.filter(
      (card) => card.state.due < day.end && (i === 0 || card.state.due >= day.start),
    ).length;
    return { day: day.key, due };
  });

  const heatmap = [...perDay.values()]
    .map(({ day, learning, review, relearning, new: fresh }) => ({
      day,
      count: learning + review + relearning + fresh,
    }))
    .sort((a, b) => a.day.localeCompare(b.day));

  const counts: Record<CardStateName, number> = { new: 0, learning: 0, review: 0, relearning: 0 };
  for (const card of cards) counts[card.state.state] += 1;

  const difficulty = Array.from({ length: 10 }, (_, i) => ({
    bucket: `${i * 10}-${i * 10 + 10}%`,
    count: started.filter((card) => {
      const share = (card.state.difficulty - 1) / 9;
      return Math.min(Math.floor(share * 10), 9) === i || (i === 0 && share < 0);
    }).length,
  }));

  const stability = STABILITY_BUCKETS.map(([bucket, below], i) => {
    const from = i === 0 ? -Infinity : STABILITY_BUCKETS[i - 1][1];
    return {
      bucket,
      count: started.filter((card) => card.state.stability >= from && card.state.stability < below).length,
    };
  });

  return {
    reviewsPerDay,
    retention,
    retentionByDeck,
    desiredRetention: settings.desiredRetention,
    forecast,
    heatmap,
    counts,
    difficulty,
    stability,
  };
}
