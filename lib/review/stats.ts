import type { ReviewSettings } from "./settings";
import { addDays, daysBetween, studyDay, studyDayKeyer, type DaySettings } from "./day";
import type { CardStateName, Rating, SchedulingState } from "./scheduling";

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

interface RetentionTally {
  passed: number;
  reviews: number;
}

/**
 * True retention, as Anki computes it: among answers to cards in the review state (learning and
 * relearning steps excluded), the share that were not "Again". Null without such answers.
 */
function trueRetention({ passed, reviews }: RetentionTally): { retention: number | null; reviews: number } {
  return { retention: reviews ? passed / reviews : null, reviews };
}

function emptyDay(day: string): ReviewStats["reviewsPerDay"][number] {
  return { day, learning: 0, review: 0, relearning: 0, new: 0 };
}

/** Reviews per day, heatmap and true retention: one pass over the logs. */
function logStats(logs: LogRow[], todayKey: string, settings: DaySettings) {
  const dayKey = studyDayKeyer(settings);
  const periods = PERIOD_DAYS.map(([period, days]) => ({
    period,
    from: days === null ? "" : addDays(todayKey, 1 - days),
    tally: { passed: 0, reviews: 0 },
  }));
  const byDeck = new Map<string, RetentionTally>();
  const perDay = new Map<string, ReviewStats["reviewsPerDay"][number]>();
  for (const log of logs) {
    const day = dayKey(log.reviewedAt);
    let entry = perDay.get(day);
    if (!entry) perDay.set(day, (entry = emptyDay(day)));
    entry[log.stateBefore] += 1;
    if (log.stateBefore !== "review") continue;
    const passed = log.rating > 1 ? 1 : 0;
    for (const { from, tally } of periods) {
      if (day >= from) {
        tally.reviews += 1;
        tally.passed += passed;
      }
    }
    let deck = byDeck.get(log.deckId);
    if (!deck) byDeck.set(log.deckId, (deck = { passed: 0, reviews: 0 }));
    deck.reviews += 1;
    deck.passed += passed;
  }

  const days = [...perDay.keys()].sort();
  const span = Math.max(0, Math.min(daysBetween(days[0] ?? todayKey, todayKey), 364));
  return {
    reviewsPerDay: Array.from({ length: span + 1 }, (_, i) => {
      const day = addDays(todayKey, i - span);
      return perDay.get(day) ?? emptyDay(day);
    }),
    heatmap: days.map((day) => {
      const { learning, review, relearning, new: fresh } = perDay.get(day)!;
      return { day, count: learning + review + relearning + fresh };
    }),
    retention: periods.map(({ period, tally }) => ({ period, ...trueRetention(tally) })),
    retentionByDeck: [...byDeck.keys()].sort().map((deckId) => ({ deckId, ...trueRetention(byDeck.get(deckId)!) })),
  };
}

type StatsCard = { id: string; deckId: string; state: SchedulingState };

/** Forecast, counts and distributions: one pass over the cards. */
function cardStats(cards: StatsCard[], todayKey: string, settings: DaySettings) {
  const dayKey = studyDayKeyer(settings);
  const forecast = Array.from({ length: 30 }, (_, i) => ({ day: addDays(todayKey, i), due: 0 }));
  const counts: Record<CardStateName, number> = { new: 0, learning: 0, review: 0, relearning: 0 };
  const difficulty = Array.from({ length: 10 }, (_, i) => ({ bucket: `${i * 10}-${i * 10 + 10}%`, count: 0 }));
  const stability = STABILITY_BUCKETS.map(([bucket]) => ({ bucket, count: 0 }));
  for (const { state } of cards) {
    counts[state.state] += 1;
    if (state.state === "new") continue;
    // Overdue cards are due today.
    const dueIn = Math.max(0, daysBetween(todayKey, dayKey(state.due)));
    if (dueIn < forecast.length) forecast[dueIn].due += 1;
    const share = (state.difficulty - 1) / 9;
    difficulty[Math.min(9, Math.max(0, Math.floor(share * 10)))].count += 1;
    stability[STABILITY_BUCKETS.findIndex(([, below]) => state.stability < below)].count += 1;
  }
  return { forecast, counts, difficulty, stability };
}

export function reviewStats(
  logs: LogRow[],
  cards: StatsCard[],
  now: Date,
  settings: ReviewSettings,
): ReviewStats {
  const today = studyDay(now, settings).key;
  const { reviewsPerDay, heatmap, retention, retentionByDeck } = logStats(logs, today, settings);
  const { forecast, counts, difficulty, stability } = cardStats(cards, today, settings);
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
