import readline from "node:readline";
import type { Command } from "commander";
import { openDatabase, type PrismaClient } from "../../lib/db";
import { plural } from "../../lib/plural";
import {
  answerCard,
  applyParameters,
  buryCard,
  getStats,
  nextCard,
  NothingToUndoError,
  rescheduleCards,
  runOptimizer,
  undoLastAnswer,
  type CollectionStats,
  type NextCardResult,
  type Rating,
  type ShownCard,
} from "../../lib/review";
import { emit, fail } from "../output";

const RATING_NAMES: Record<Rating, string> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
const dim = (text: string) => (process.stdout.isTTY ? `\x1b[2m${text}\x1b[22m` : text);
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[22m` : text);

type Key = { name?: string; sequence?: string; ctrl?: boolean };

/** Keys pressed while an answer is being saved are kept, not lost: typing ahead works. */
const pressed: Key[] = [];
let waiting: ((key: Key) => void) | null = null;

function listenForKeys(): void {
  readline.emitKeypressEvents(process.stdin);
  process.stdin.setRawMode(true);
  process.stdin.on("keypress", (_text: string, key: Key | undefined) => {
    const event = key ?? {};
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(event);
    } else {
      pressed.push(event);
    }
  });
}

function nextKey(): Promise<Key> {
  const queued = pressed.shift();
  return queued ? Promise.resolve(queued) : new Promise((resolve) => (waiting = resolve));
}

function countsLine(result: NextCardResult): string {
  const { new: fresh, learning, review } = result.counts;
  return dim(`new ${fresh} · learning ${learning} · review ${review}`);
}

function emptyMessage(result: Extract<NextCardResult, { card: null }>): string {
  const lines = ["Nothing left to review now. 🎉"];
  if (result.nextDueAt) lines.push(`Next card due ${result.nextDueAt.toLocaleString()}.`);
  if (result.newCardsWaiting > 0) lines.push(`${result.newCardsWaiting} new cards wait for the coming days.`);
  return lines.join("\n");
}

async function reviewLoop(prisma: PrismaClient, deck: string | undefined): Promise<number> {
  let answered = 0;
  let message = "";
  for (;;) {
    const result = await nextCard(prisma, { deck });
    process.stdout.write("\x1b[2J\x1b[H");
    if (message) process.stdout.write(dim(message) + "\n\n");
    message = "";
    if (!result.card) {
      process.stdout.write(emptyMessage(result) + "\n");
      return answered;
    }
    const card: ShownCard = result.card;
    const shownAt = Date.now();
    process.stdout.write(`${countsLine(result)}  ${dim(card.deckPath)}${card.ahead ? dim(" (studying ahead)") : ""}\n\n`);
    process.stdout.write(bold(card.front) + "\n\n");
    process.stdout.write(dim("Space/Enter show answer · b bury · z undo · q quit") + "\n");

    let revealed = false;
    for (;;) {
      const key = await nextKey();
      if (key.name === "q" || (key.ctrl && key.name === "c")) return answered;
      if (key.name === "z") {
        try {
          const undone = await undoLastAnswer(prisma);
          answered -= 1;
          message = `Undid ${RATING_NAMES[undone.rating]}.`;
        } catch (error) {
          if (!(error instanceof NothingToUndoError)) throw error;
          message = error.message;
        }
        break;
      }
      if (key.name === "b") {
        await buryCard(prisma, card.id);
        message = "Buried until tomorrow.";
        break;
      }
      if (!revealed && (key.name === "space" || key.name === "return")) {
        revealed = true;
        process.stdout.write("\n" + "─".repeat(Math.min(process.stdout.columns ?? 40, 60)) + "\n\n" + card.back + "\n\n");
        if (card.sourcePath) process.stdout.write(dim(`${card.sourcePath}${card.startLine ? `:${card.startLine}` : ""}`) + "\n");
        const buttons = ([1, 2, 3, 4] as Rating[]).map((r) => `${r} ${RATING_NAMES[r]} ${dim(card.previews[r].label)}`);
        process.stdout.write("\n" + buttons.join("   ") + "\n");
        continue;
      }
      const rating = Number(key.sequence) as Rating;
      if (revealed && [1, 2, 3, 4].includes(rating)) {
        await answerCard(prisma, { cardId: card.id, rating, idempotencyKey: card.idempotencyKey, shown: card.shown, durationMs: Date.now() - shownAt });
        answered += 1;
        message = `${RATING_NAMES[rating]}: next in ${card.previews[rating].label}.`;
        break;
      }
    }
  }
}

function renderStats(stats: CollectionStats): string {
  const percent = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);
  const week = stats.reviewsPerDay.slice(-7).reduce((sum, d) => sum + d.new + d.learning + d.review + d.relearning, 0);
  const lines = [
    `cards:      ${stats.activeCards} active (${stats.counts.new} new, ${stats.counts.learning + stats.counts.relearning} learning, ${stats.counts.review} review)`,
    `reviews:    ${stats.totalReviews} in total, ${week} in the last 7 days`,
    `retention:  ${stats.retention.map((r) => `${r.period} ${percent(r.retention)} (${r.reviews})`).join(" · ")}  desired ${percent(stats.desiredRetention)}`,
    `due:        today ${stats.forecast[0]?.due ?? 0}, next 7 days ${stats.forecast.slice(0, 7).reduce((s, d) => s + d.due, 0)}, next 30 days ${stats.forecast.reduce((s, d) => s + d.due, 0)}`,
  ];
  for (const deck of stats.retentionByDeck) {
    lines.push(`  ${stats.deckPaths[deck.deckId] ?? deck.deckId}: ${percent(deck.retention)} of ${deck.reviews} reviews`);
  }
  return lines.join("\n");
}

async function withDatabase<T>(fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await fn(db.prisma);
  } finally {
    await db.close();
  }
}

export function registerReview(program: Command): void {
  program
    .command("review")
    .description("review due cards in the terminal: Space reveals, 1-4 rate, z undoes, b buries, q quits")
    .option("--deck <path>", "only this deck and its sub-decks, e.g. interview/ml")
    .action(async (options: { deck?: string }) => {
      try {
        if (!process.stdin.isTTY) throw new Error("`cards review` needs an interactive terminal (stdin is not a TTY).");
        listenForKeys();
        try {
          const answered = await withDatabase((prisma) => reviewLoop(prisma, options.deck));
          process.stdout.write(`\n${plural(answered, "card")} reviewed.\n`);
        } finally {
          process.stdin.setRawMode(false);
          process.stdin.pause();
        }
      } catch (error) {
        fail(error, {});
      }
    });

  program
    .command("stats")
    .description("review statistics: counts, retention vs desired, forecast (--json: everything the Stats page shows)")
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      try {
        const stats = await withDatabase((prisma) => getStats(prisma));
        emit(stats, options, renderStats);
      } catch (error) {
        fail(error, options);
      }
    });

  program
    .command("optimize")
    .description("fit FSRS parameters to your review history; shows log loss and RMSE of current vs optimized (--apply saves them and reschedules)")
    .option("--json", "machine-readable output")
    .option("--apply", "save the optimized parameters and reschedule cards with them")
    .action(async (options: { json?: boolean; apply?: boolean }) => {
      try {
        const outcome = await withDatabase(async (prisma) => {
          const result = await runOptimizer(prisma);
          if (!options.apply) return { ...result, applied: false, rescheduled: null };
          await applyParameters(prisma, result.parameters);
          return { ...result, applied: true, rescheduled: await rescheduleCards(prisma) };
        });
        emit(outcome, options, (r) =>
          [
            `reviews used: ${r.reviewsUsed}`,
            `current:   log loss ${r.current.logLoss.toFixed(4)}  RMSE ${r.current.rmse.toFixed(4)}`,
            `optimized: log loss ${r.optimized.logLoss.toFixed(4)}  RMSE ${r.optimized.rmse.toFixed(4)}${r.improved ? "  (better)" : "  (not better)"}`,
            `parameters: ${r.parameters.map((p) => p.toFixed(4)).join(", ")}`,
            r.applied
              ? `applied; rescheduled ${r.rescheduled!.changed} of ${r.rescheduled!.cards} cards`
              : "not applied: run again with --apply to save them and reschedule",
          ].join("\n"),
        );
      } catch (error) {
        fail(error, options);
      }
    });
}
