/**
 * `npm run test:load [-- --cards 100000 --reviewers 50 --seconds 60 --think 0 --port 3300 --json]`
 *
 * Load test of the review API on a production build (`node scripts/start.mjs`, which builds first if
 * there is no build) against PostgreSQL. DATABASE_URL names the server (with pgvector); a throwaway
 * database is created on it, filled with a generated collection (bench/review-data.ts, then one deck
 * per reviewer so reviewers do not race for the same card), and dropped at the end.
 *
 * Each simulated reviewer works as the Review page does, for `seconds`: GET /api/review/next?deck=its
 * deck, then POST /api/review/answer with that card's idempotency key (after 0.5–1.5× `think` ms), whose reply
 * carries the next card; one answer in 50 is sent twice, as a double click would. Reports throughput, p50/p95/p99 latency per request type, errors, and checks afterwards
 * that the review logs recorded equal the answers the server confirmed (double clicks recorded once).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../lib/db";
import { saveReviewSettings } from "../lib/review";
import { generateCollection } from "../bench/review-data";
import { random } from "../bench/random";
import { createScratchDatabase } from "../bench/scratch-database";

interface Options {
  /** Pause before each answer, as a person reading the card (0: answer at once, saturating the server). */
  think: number;
  cards: number;
  reviewers: number;
  seconds: number;
  port: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { think: 0, cards: 100_000, reviewers: 50, seconds: 60, port: 3300, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const key = arg.slice(2) as keyof Options;
    if (arg === "--json") options.json = true;
    else if (["--cards", "--reviewers", "--seconds", "--port", "--think"].includes(arg)) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < (arg === "--think" ? 0 : 1)) throw new Error(`${arg} needs a positive whole number`);
      (options[key] as number) = value;
    } else throw new Error(`Unknown option ${arg}; use --cards N, --reviewers R, --seconds S, --think MS, --port P, --json`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const log = (line: string) => {
  if (!options.json) console.error(line);
};
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl?.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL server with pgvector (a throwaway database is created on it), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:load");
  process.exit(1);
}

const APP_DIR = path.resolve(import.meta.dirname, "..");
const deckPath = (reviewer: number) => `load/reviewer-${String(reviewer).padStart(3, "0")}`;


async function prepareCollection(url: string): Promise<void> {
  const db = await openDatabase({ url });
  try {
    const started = performance.now();
    await generateCollection(db, { cards: options.cards, reviews: options.cards });
    // One deck per reviewer: the cards of each reviewer's deck are its own, as in separate collections.
    await db.driver.exec(`
      INSERT INTO decks (id, path, name) SELECT 'load-' || k, 'load/reviewer-' || lpad(k::text, 3, '0'), 'reviewer-' || lpad(k::text, 3, '0')
      FROM generate_series(1, ${options.reviewers}) k;
      UPDATE cards SET deck_id = 'load-' || (1 + (substr(id, 6)::int % ${options.reviewers}));
      -- npm start imports the notes folder into a collection without notes; this one has its cards already.
      INSERT INTO notes (path, content_hash, deck_id) VALUES ('load/generated.md', 'generated', 'load-1');
      ANALYZE;`);
    await saveReviewSettings(db.prisma, { newCardsPerDay: 1_000_000, reviewsPerDay: 1_000_000 });
    log(`generated ${options.cards} cards and ${options.cards} review logs in ${options.reviewers} decks (${Math.round(performance.now() - started)} ms)`);
  } finally {
    await db.close();
  }
}

function startServer(url: string): ChildProcess {
  const notesDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-load-notes-"));
  // A web instance as in a deployment for many users: the generated cards' embedding (an hour of
  // model time on 2 cores) is left to worker processes, and this measures the review API alone.
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: APP_DIR,
    env: { ...process.env, DATABASE_URL: url, PORT: String(options.port), HOST: "127.0.0.1", RECALL_NOTES_DIR: notesDir, RECALL_WORKERS: "0" },
    detached: true,
    stdio: ["ignore", options.json ? "ignore" : "inherit", "inherit"],
  });
  server.on("exit", () => fs.rmSync(notesDir, { recursive: true, force: true }));
  return server;
}

/** The database location the server at `base` reports, or null when nothing answers there. */
async function serverDatabase(base: string): Promise<string | null> {
  try {
    const response = await fetch(`${base}/api/health`);
    return response.ok ? ((await response.json()) as { database: { location: string } }).database.location : null;
  } catch {
    return null;
  }
}

async function waitForHealth(base: string, server: ChildProcess, database: string): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode}) before it was ready`);
    const location = await serverDatabase(base);
    if (location?.endsWith(`/${database}`)) return;
    if (location) throw new Error(`another server answers on ${base} (database ${location}); pick a free port with --port`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not become healthy within 10 minutes");
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(-server.pid!, "SIGTERM");
  const timeout = setTimeout(() => process.kill(-server.pid!, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timeout);
}

type RequestKind = "next" | "answer" | "double-click";

interface Sample {
  kind: RequestKind;
  ms: number;
  status: number;
}

interface ShownCard {
  id: string;
  idempotencyKey: string;
  shown: { reps: number; lastReview: string | null };
}

interface Tally {
  samples: Sample[];
  /** Answers the server confirmed as new (duplicate: false). */
  answersRecorded: number;
  /** Double clicks the server recognised (duplicate: true). */
  duplicatesRecognised: number;
  errors: Map<string, { count: number; example: string }>;
  queueEmpty: number;
}

/** Errors by request kind and status, with the first message of each as an example. */
function countError(tally: Tally, key: string, message: string): void {
  const known = tally.errors.get(key);
  tally.errors.set(key, { count: (known?.count ?? 0) + 1, example: known?.example ?? message.slice(0, 200) });
}

async function timedFetch(tally: Tally, kind: RequestKind, url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    const body: unknown = await response.json().catch(() => null);
    tally.samples.push({ kind, ms: performance.now() - started, status: response.status });
    if (!response.ok) countError(tally, `${kind} ${response.status}`, String((body as { error?: string } | null)?.error ?? ""));
    return { status: response.status, body };
  } catch (error) {
    tally.samples.push({ kind, ms: performance.now() - started, status: 0 });
    countError(tally, `${kind} network error`, (error as Error).message);
    return { status: 0, body: null };
  }
}

/** One reviewer, as the Review page works: the answer's reply carries the next card; GET /next to start or after a failure. */
async function reviewer(base: string, index: number, until: number, tally: Tally): Promise<void> {
  const deck = deckPath(index);
  // People read at their own pace: thinking times spread over 0.5–1.5× `think` (seeded per reviewer),
  // or 50 reviewers would answer in lockstep bursts no group of people produces.
  const jitter = random(index + 1);
  const fetchNext = async () => {
    const next = await timedFetch(tally, "next", `${base}/api/review/next?deck=${encodeURIComponent(deck)}`);
    return next.status === 200 ? ((next.body as { card: ShownCard | null }).card ?? null) : undefined;
  };
  let card = await fetchNext();
  for (let i = 0; Date.now() < until; i++) {
    if (card === null) {
      tally.queueEmpty++;
      return;
    }
    if (card === undefined) {
      card = await fetchNext();
      continue;
    }
    if (options.think > 0) await new Promise((resolve) => setTimeout(resolve, options.think * (0.5 + jitter())));
    const answer = JSON.stringify({ cardId: card.id, rating: 1 + ((index + i) % 4), idempotencyKey: card.idempotencyKey, shown: card.shown, durationMs: 4000, deck });
    const post = (kind: RequestKind) => timedFetch(tally, kind, `${base}/api/review/answer`, { method: "POST", headers: { "content-type": "application/json" }, body: answer });
    const sent = await post("answer");
    if (sent.status !== 200) {
      card = undefined;
      continue;
    }
    const reply = sent.body as { answer: { duplicate: boolean }; next: { card: ShownCard | null } };
    if (!reply.answer.duplicate) tally.answersRecorded++;
    if ((index * 31 + i) % 50 === 0) {
      const again = await post("double-click");
      if (again.status === 200 && (again.body as { answer: { duplicate: boolean } }).answer.duplicate) tally.duplicatesRecognised++;
    }
    card = reply.next.card;
  }
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
  return { count: sorted.length, p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: at(1) };
}

const scratch = await createScratchDatabase(serverUrl, "recall_load");
const url = scratch.url;
let server: ChildProcess | undefined;
let exitCode = 0;
try {
  await prepareCollection(url);
  const base = `http://127.0.0.1:${options.port}`;
  const other = await serverDatabase(base);
  if (other) throw new Error(`another server answers on ${base} (database ${other}); pick a free port with --port`);
  server = startServer(url);
  await waitForHealth(base, server, scratch.name);
  // Warm-up, not measured: the first requests of a fresh server open connections and compile code paths.
  for (let i = 0; i < 20; i++) await fetch(`${base}/api/review/next?deck=${encodeURIComponent(deckPath(1 + (i % options.reviewers)))}`).then((r) => r.arrayBuffer());
  log(`server ready on ${base}; ${options.reviewers} reviewers for ${options.seconds} s${options.think ? `, ${options.think} ms thinking per card` : ""}`);

  const tally: Tally = { samples: [], answersRecorded: 0, duplicatesRecognised: 0, errors: new Map(), queueEmpty: 0 };
  const startedAt = new Date();
  const started = performance.now();
  const until = Date.now() + options.seconds * 1000;
  await Promise.all(Array.from({ length: options.reviewers }, (_, i) => reviewer(base, i + 1, until, tally)));
  const seconds = (performance.now() - started) / 1000;

  const check = new pg.Client({ connectionString: url });
  await check.connect();
  const { rows } = await check.query<{ logs: string; keys: string }>(
    `SELECT count(*) AS logs, count(DISTINCT idempotency_key) AS keys FROM review_logs WHERE source = 'review' AND reviewed_at >= $1`,
    [startedAt],
  );
  await check.end();
  const logsRecorded = Number(rows[0].logs);
  const doubleClicks = tally.samples.filter((s) => s.kind === "double-click").length;
  const errors = [...tally.errors.values()].reduce((sum, error) => sum + error.count, 0);
  const report = {
    cards: options.cards,
    reviewers: options.reviewers,
    thinkMs: options.think,
    seconds: Math.round(seconds * 10) / 10,
    requests: tally.samples.length,
    requestsPerSecond: Math.round((tally.samples.length / seconds) * 10) / 10,
    answersPerSecond: Math.round((tally.answersRecorded / seconds) * 10) / 10,
    latency: {
      all: percentiles(tally.samples.map((s) => s.ms)),
      next: percentiles(tally.samples.filter((s) => s.kind === "next").map((s) => s.ms)),
      answer: percentiles(tally.samples.filter((s) => s.kind !== "next").map((s) => s.ms)),
    },
    errors,
    errorKinds: Object.fromEntries(tally.errors),
    reviewersWhoseQueueEmptied: tally.queueEmpty,
    answersConfirmed: tally.answersRecorded,
    doubleClicks: { sent: doubleClicks, recognised: tally.duplicatesRecognised },
    reviewLogsRecorded: logsRecorded,
    logsMatchAnswers: logsRecorded === tally.answersRecorded && Number(rows[0].keys) === logsRecorded,
  };
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else {
    const { all, next, answer } = report.latency;
    console.log(`\n${report.requests} requests in ${report.seconds} s from ${report.reviewers} reviewers (think ${options.think} ms) on ${report.cards} cards: ${report.requestsPerSecond} req/s, ${report.answersPerSecond} answers/s`);
    console.log(`latency all    p50 ${all.p50_ms} ms  p95 ${all.p95_ms} ms  p99 ${all.p99_ms} ms  max ${all.max_ms} ms`);
    console.log(`latency next   p50 ${next.p50_ms} ms  p95 ${next.p95_ms} ms  p99 ${next.p99_ms} ms  (${next.count})`);
    console.log(`latency answer p50 ${answer.p50_ms} ms  p95 ${answer.p95_ms} ms  p99 ${answer.p99_ms} ms  (${answer.count})`);
    console.log(`errors: ${errors}${errors ? ` ${JSON.stringify(report.errorKinds)}` : ""}`);
    console.log(`double clicks: ${doubleClicks} sent, ${tally.duplicatesRecognised} recognised as duplicates`);
    console.log(`review logs recorded ${logsRecorded} = answers confirmed ${tally.answersRecorded}: ${report.logsMatchAnswers ? "yes" : "NO"}`);
  }
  if (!report.logsMatchAnswers || errors > 0 || tally.duplicatesRecognised !== doubleClicks) exitCode = 1;
} catch (error) {
  console.error(`load test failed: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  if (server) await stopServer(server);
  await scratch.drop();
}
process.exit(exitCode);
