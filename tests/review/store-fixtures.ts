import type { PrismaClient } from "@/lib/db";
import { newSchedulingState, saveReviewSettings, type ReviewSettings, type SchedulingState } from "@/lib/review";

export const DAY_MS = 86_400_000;
/** 12:00 UTC; with dayStartHour 4 in UTC the study day runs 04:00 → 04:00. */
export const now = new Date("2025-05-20T12:00:00Z");
export const at = (ms: number) => new Date(now.getTime() + ms);

/** Empties every table of the collection, so each test starts from nothing. */
export async function emptyCollection(prisma: PrismaClient) {
  await prisma.$executeRawUnsafe(
    `TRUNCATE card_embeddings, passage_embeddings, review_logs, graded_answers, card_states, duplicate_dismissals, cards, passages, notes, decks, settings`,
  );
}

export async function setTestSettings(prisma: PrismaClient, settings: Partial<ReviewSettings> = {}) {
  await saveReviewSettings(prisma, { timeZone: "UTC", dayStartHour: 4, enableFuzz: false, ...settings });
}

export async function makeDeck(prisma: PrismaClient, path: string) {
  return prisma.deck.create({ data: { path, name: path.split("/").pop()! } });
}

let counter = 0;

/** A card with a state; new unless `state` says otherwise. Created in order, so note order = call order. */
export async function makeCard(
  prisma: PrismaClient,
  deckId: string,
  options: { front?: string; siblingKey?: string; state?: Partial<SchedulingState>; status?: "active" | "suspended" | "retired" } = {},
) {
  counter += 1;
  const front = options.front ?? `Question ${counter}?`;
  const card = await prisma.card.create({
    data: {
      deckId,
      front,
      back: `Answer to ${front}`,
      contentHash: `hash-${counter}`,
      siblingKey: options.siblingKey ?? null,
      position: counter,
      status: options.status ?? "active",
      createdAt: new Date(now.getTime() - 30 * DAY_MS + counter * 1000),
      sourcePath: "notes/example.md",
      startLine: counter,
      endLine: counter + 1,
    },
  });
  const state = { ...newSchedulingState(card.createdAt), ...options.state };
  await prisma.cardState.create({
    data: {
      cardId: card.id,
      due: state.due,
      stability: state.stability,
      difficulty: state.difficulty,
      elapsedDays: state.elapsedDays,
      scheduledDays: state.scheduledDays,
      learningSteps: state.learningSteps,
      reps: state.reps,
      lapses: state.lapses,
      state: state.state,
      lastReview: state.lastReview,
    },
  });
  return card;
}

/** A review-state card due `dueInDays` from now (negative: overdue). */
export const reviewState = (dueInDays: number, stability = 10): Partial<SchedulingState> => ({
  state: "review",
  due: at(dueInDays * DAY_MS),
  stability,
  difficulty: 5,
  scheduledDays: 10,
  reps: 3,
  lastReview: at((dueInDays - 10) * DAY_MS),
});
