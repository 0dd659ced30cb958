import type { PrismaClient } from "../db";
import { Prisma } from "../generated/prisma/client";
import { optimizeParameters, type OptimizerResult } from "./optimizer";
import { replayReviews, schedulingStateSchema, type Rating, type SchedulingState } from "./scheduling";
import { reviewStats, type LogRow, type ReviewStats } from "./stats";
import { loadSettingsContext, saveReviewSettings } from "./store-settings";
import { sameState, STATE_COLUMNS, stateOfRow, type StateRow } from "./store-rows";
import { ensureCardStates } from "./store";

export interface CollectionStats extends ReviewStats {
  /** Deck paths by id, for retentionByDeck. */
  deckPaths: Record<string, string>;
  totalReviews: number;
  activeCards: number;
  generatedAt: Date;
}

/** Review stats over all answers (not imported priors or reschedules) and all active cards. */
export async function getStats(prisma: PrismaClient, options: { now?: Date } = {}): Promise<CollectionStats> {
  const now = options.now ?? new Date();
  await ensureCardStates(prisma);
  const context = await loadSettingsContext(prisma);
  const [logRows, cardRows] = await Promise.all([
    prisma.$queryRaw<{ card_id: string; deck_id: string; rating: number; state_before: string; reviewed_at: Date; elapsed_days: number; duration_ms: number | null }[]>`
      SELECT l.card_id, c.deck_id, l.rating, l.state_before->>'state' AS state_before, l.reviewed_at, l.elapsed_days, l.duration_ms
      FROM review_logs l JOIN cards c ON c.id = l.card_id WHERE l.source = 'review'`,
    prisma.$queryRaw<(StateRow & { id: string; deck_id: string })[]>`
      SELECT c.id, c.deck_id, ${Prisma.raw(STATE_COLUMNS)} FROM cards c JOIN card_states s ON s.card_id = c.id WHERE c.status = 'active'`,
  ]);
  const logs: LogRow[] = logRows.map((row) => ({
    cardId: row.card_id,
    deckId: row.deck_id,
    rating: row.rating as Rating,
    stateBefore: row.state_before as LogRow["stateBefore"],
    reviewedAt: row.reviewed_at,
    elapsedDays: row.elapsed_days,
    durationMs: row.duration_ms,
  }));
  const cards = cardRows.map((row) => ({ id: row.id, deckId: row.deck_id, state: stateOfRow(row) }));
  return {
    ...reviewStats(logs, cards, now, context.global),
    deckPaths: Object.fromEntries(context.decks.map((deck) => [deck.id, deck.path])),
    totalReviews: logs.length,
    activeCards: cards.length,
    generatedAt: now,
  };
}

/**
 * Fits FSRS parameters to the collection's answers and scores current vs fitted on the same
 * logs; nothing is saved (applyParameters does that). Throws NotEnoughReviewsError on a short history.
 */
export async function runOptimizer(prisma: PrismaClient): Promise<OptimizerResult> {
  const context = await loadSettingsContext(prisma);
  const rows = await prisma.$queryRaw<{ card_id: string; rating: number; reviewed_at: Date }[]>`
    SELECT card_id, rating, reviewed_at FROM review_logs WHERE source = 'review' ORDER BY card_id, reviewed_at`;
  const logs = rows.map((row) => ({ cardId: row.card_id, rating: row.rating as Rating, reviewedAt: row.reviewed_at }));
  return optimizeParameters(logs, context.global.fsrsParameters, context.global);
}

/** Stores fitted FSRS parameters in the global settings (decks with their own keep theirs). */
export async function applyParameters(prisma: PrismaClient, parameters: number[]): Promise<void> {
  const context = await loadSettingsContext(prisma);
  await saveReviewSettings(prisma, { ...context.globalOverrides, fsrsParameters: parameters });
}

export interface RescheduleResult {
  cards: number;
  /** Cards whose due date moved. */
  changed: number;
}

const RESCHEDULE_BATCH = 500;
// Floats go to SQL as text: JavaScript's shortest round-trip form parses back to the same double,
// while a numeric parameter can lose the last bit on the way.

/**
 * Recomputes the state of every card with answers from its history under the current settings
 * (after new FSRS parameters), starting from its state before the first answer (new, or an
 * imported schedule). Each changed card gets a `reschedule` log holding old and new state.
 */
export async function rescheduleCards(
  prisma: PrismaClient,
  options: { now?: Date; onProgress?: (done: number, total: number) => void } = {},
): Promise<RescheduleResult> {
  const now = options.now ?? new Date();
  const context = await loadSettingsContext(prisma);
  const logs = await prisma.$queryRaw<{ card_id: string; rating: number; reviewed_at: Date; state_before: unknown }[]>`
    SELECT card_id, rating, reviewed_at, state_before FROM review_logs WHERE source = 'review' ORDER BY card_id, reviewed_at, id`;
  const byCard = new Map<string, typeof logs>();
  for (const log of logs) {
    const list = byCard.get(log.card_id);
    if (list) list.push(log);
    else byCard.set(log.card_id, [log]);
  }
  const states = await prisma.$queryRaw<(StateRow & { card_id: string; deck_id: string })[]>`
    SELECT s.card_id, c.deck_id, ${Prisma.raw(STATE_COLUMNS)} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE c.status <> 'retired'`;

  const updates: { cardId: string; before: SchedulingState; after: SchedulingState }[] = [];
  for (const row of states) {
    const history = byCard.get(row.card_id);
    if (!history) continue;
    const start = schedulingStateSchema.parse(history[0].state_before);
    const reviews = history.map((log) => ({ rating: log.rating as Rating, reviewedAt: log.reviewed_at }));
    const after = replayReviews(start, reviews, context.forDeck(row.deck_id));
    const before = stateOfRow(row);
    if (!sameState(before, after)) updates.push({ cardId: row.card_id, before, after });
  }

  for (let i = 0; i < updates.length; i += RESCHEDULE_BATCH) {
    const batch = updates.slice(i, i + RESCHEDULE_BATCH);
    await prisma.$transaction([
      prisma.$executeRaw`
        UPDATE card_states s SET due = v.due, stability = v.stability, difficulty = v.difficulty,
          elapsed_days = v.elapsed_days, scheduled_days = v.scheduled_days, learning_steps = v.learning_steps,
          reps = v.reps, lapses = v.lapses, state = v.state, last_review = v.last_review
        FROM (VALUES ${Prisma.join(
          batch.map(({ cardId, after: a }) =>
            Prisma.sql`(${cardId}, ${a.due}::timestamptz, ${String(a.stability)}::float8, ${String(a.difficulty)}::float8, ${Math.round(a.elapsedDays)}::int,
              ${Math.round(a.scheduledDays)}::int, ${a.learningSteps}::int, ${a.reps}::int, ${a.lapses}::int, ${a.state}, ${a.lastReview}::timestamptz)`,
          ),
        )}) AS v(card_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review)
        WHERE s.card_id = v.card_id`,
      prisma.reviewLog.createMany({
        data: batch.map(({ cardId, before, after }) => ({
          cardId,
          rating: 0,
          stateBefore: before as unknown as Prisma.InputJsonObject,
          stateAfter: after as unknown as Prisma.InputJsonObject,
          elapsedDays: 0,
          scheduledDays: Math.round(after.scheduledDays),
          reviewedAt: now,
          source: "reschedule",
        })),
      }),
    ]);
    options.onProgress?.(Math.min(i + RESCHEDULE_BATCH, updates.length), updates.length);
  }
  return { cards: byCard.size, changed: updates.length };
}
