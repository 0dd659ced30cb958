/**
 * `npm run bench:review [-- --json] [--cards N --reviews M --samples K --answered-today A]`
 *
 * Generates a collection (default 100k cards, 1M review logs) on embedded PGlite and, when
 * DATABASE_URL is set, in a throwaway database on that PostgreSQL server; then times "get next
 * card" (nextCard) and "answer card" (answerCard) K times each, and the same two operations as
 * hand-written SQL in the same run, reporting p50/p95 in ms, and the first card of the session
 * (which builds the day's plan) on its own. --json prints
 * {"pglite":{"nextCard":{"p50_ms","p95_ms"},"answer":{…},"rawSql":{"nextCard":{…},"answer":{…}}},"postgres":{…}}.
 * The data is generated inside the database (generate_series, one INSERT … SELECT per table):
 * at the default size that takes about 7 min on PostgreSQL and 10 min on PGlite (2 busy cores);
 * `--cards 20000 --reviews 200000` runs in about 3 min. The review limit is set to 500 a day (plus
 * the answers already given today) so every sample has a due card.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../lib/db";
import { answerCard, nextCard, saveReviewSettings, type Rating } from "../lib/review";
import { generateCollection } from "./review-data";
import { createScratchDatabase } from "./scratch-database";

interface Options {
  json: boolean;
  cards: number;
  reviews: number;
  samples: number;
  answeredToday: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { json: false, cards: 100_000, reviews: 1_000_000, samples: 200, answeredToday: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") options.json = true;
    else if (arg === "--cards" || arg === "--reviews" || arg === "--samples") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs a positive whole number`);
      options[arg.slice(2) as "cards" | "reviews" | "samples"] = value;
    } else if (arg === "--answered-today") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${arg} needs a whole number`);
      options.answeredToday = value;
    } else throw new Error(`Unknown option ${arg}; use --json, --cards N, --reviews M, --samples K, --answered-today A`);
  }
  return options;
}

const log = (options: Options, message: string) => {
  if (!options.json) process.stderr.write(message + "\n");
};

interface Percentiles {
  p50_ms: number;
  p95_ms: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50_ms: round(at(0.5)), p95_ms: round(at(0.95)) };
}

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  samples.push(performance.now() - start);
  return result;
}

/**
 * The hand-written SQL for the same two operations: no settings, limits, siblings or FSRS. Next
 * card: the most overdue learning card, else the earliest due review, each an index range scan.
 */
const RAW_NEXT = `
  (SELECT c.id, c.front, c.back, s.reps, s.last_review FROM card_states s JOIN cards c ON c.id = s.card_id
   WHERE s.state IN ('learning', 'relearning') AND s.due <= $2 AND c.status = 'active' AND (s.buried_until IS NULL OR s.buried_until <= $2)
   ORDER BY s.due LIMIT 1)
  UNION ALL
  (SELECT c.id, c.front, c.back, s.reps, s.last_review FROM card_states s JOIN cards c ON c.id = s.card_id
   WHERE s.state = 'review' AND s.due < $1 AND c.status = 'active' AND (s.buried_until IS NULL OR s.buried_until <= $2)
   ORDER BY s.due LIMIT 1)
  LIMIT 1`;

async function rawAnswer(db: Database, cardId: string, rating: number, now: Date): Promise<void> {
  await db.driver.transaction(async (tx) => {
    const [state] = await tx.query<{ stability: number }>(`SELECT stability FROM card_states WHERE card_id = $1 FOR UPDATE`, [cardId]);
    const stability = Math.max(1, state.stability) * (rating === 1 ? 0.5 : 2);
    await tx.query(
      `UPDATE card_states SET due = $2, stability = $3, reps = reps + 1, last_review = $4, state = 'review' WHERE card_id = $1`,
      [cardId, new Date(now.getTime() + stability * 86_400_000), stability, now],
    );
    await tx.query(
      `INSERT INTO review_logs (card_id, rating, state_before, state_after, elapsed_days, scheduled_days, reviewed_at, idempotency_key)
       VALUES ($1, $2, '{}', '{}', 0, 1, $3, $4)`,
      [cardId, rating, now, `raw-${cardId}-${now.getTime()}-${Math.random()}`],
    );
  });
}

async function measure(db: Database, options: Options) {
  const started = performance.now();
  await generateCollection(db, options);
  log(options, `  generated ${options.cards} cards and ${options.reviews} logs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // A heavy day: room for every sample without running into the limits.
  await saveReviewSettings(db.prisma, { reviewsPerDay: 500 + options.answeredToday, newCardsPerDay: 20 });

  const next: number[] = [];
  const answer: number[] = [];
  const ratings: Rating[] = [3, 3, 3, 2, 4, 1];
  const warmup = 10;
  for (let i = 0; i < options.samples + warmup; i++) {
    const result = await timed(next, () => nextCard(db.prisma));
    if (!result.card) throw new Error("The generated collection ran out of due cards; use fewer --samples.");
    const card = result.card;
    await timed(answer, () =>
      answerCard(db.prisma, { cardId: card.id, rating: ratings[i % ratings.length], idempotencyKey: card.idempotencyKey, shown: card.shown, durationMs: 3000 }),
    );
  }

  const rawNext: number[] = [];
  const rawAnswerTimes: number[] = [];
  const dayEnd = new Date(Date.now() + 86_400_000);
  for (let i = 0; i < options.samples + warmup; i++) {
    const now = new Date();
    const [row] = await timed(rawNext, () => db.driver.query<{ id: string }>(RAW_NEXT, [dayEnd, now]));
    await timed(rawAnswerTimes, () => rawAnswer(db, row.id, ratings[i % ratings.length], now));
  }
  const drop = (samples: number[]) => samples.slice(warmup);
  return {
    // The first card of a session builds today's plan (ordering every due review); later cards reuse it.
    firstCard_ms: Math.round(next[0]),
    nextCard: percentiles(drop(next)),
    answer: percentiles(drop(answer)),
    rawSql: { nextCard: percentiles(drop(rawNext)), answer: percentiles(drop(rawAnswerTimes)) },
  };
}

async function onPglite(options: Options) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-bench-"));
  const db = await openDatabase({ dataDir, url: "" });
  try {
    log(options, `PGlite (${dataDir})`);
    return await measure(db, options);
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(options: Options, serverUrl: string) {
  const scratch = await createScratchDatabase(serverUrl, "recall_bench");
  try {
    const db = await openDatabase({ url: scratch.url });
    try {
      log(options, `PostgreSQL (throwaway database ${scratch.name})`);
      return await measure(db, options);
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop();
  }
}

const options = parseArgs(process.argv.slice(2));
const result: Record<string, Awaited<ReturnType<typeof measure>>> = {};
result.pglite = await onPglite(options);
if (process.env.DATABASE_URL) result.postgres = await onPostgres(options, process.env.DATABASE_URL);
if (options.json) {
  process.stdout.write(JSON.stringify(result) + "\n");
} else {
  for (const [backend, r] of Object.entries(result)) {
    const line = (label: string, p: Percentiles) => `  ${label.padEnd(16)} p50 ${p.p50_ms.toFixed(2)} ms   p95 ${p.p95_ms.toFixed(2)} ms`;
    process.stdout.write(
      [`${backend} (${options.cards} cards, ${options.reviews} logs, ${options.samples} samples)`, `  first card       ${r.firstCard_ms} ms (builds the day's plan)`, line("nextCard", r.nextCard), line("answer", r.answer), line("raw SQL next", r.rawSql.nextCard), line("raw SQL answer", r.rawSql.answer)].join("\n") + "\n",
    );
  }
}
