import type { ReviewSettings } from "./settings";
import { studyDay } from "./day";
import { effectiveParameters, retrievability, type SchedulingState } from "./scheduling";

export interface QueueCard {
  id: string;
  /** Cards sharing a key (a reversed pair, clozes of one block) are shown at most once a day. */
  siblingKey: string;
  deckId: string;
  state: SchedulingState;
  buriedUntil: Date | null;
  suspended: boolean;
  createdAt: Date;
  /** Position within its note: new cards come in note order. */
  position?: number;
}

/** Answers already given today (from the logs): new cards introduced, review cards reviewed. */
export interface DayCounts {
  newDone: number;
  reviewsDone: number;
}

/**
 * A deck's own limits, applied on top of the global ones to the cards of the deck and its
 * sub-decks (a card needs room in the global limits and in those of its deck and every parent).
 */
export interface DeckLimits {
  newCardsPerDay: number;
  reviewsPerDay: number;
  done: DayCounts;
}

export interface Queue {
  queue: QueueCard[];
  counts: { new: number; learning: number; review: number };
}

/**
 * Intraday learning cards due this soon are shown early when nothing else is left, instead of
 * leaving the user at an empty screen for a few minutes (Anki's "learn ahead limit").
 */
export const LEARN_AHEAD_MS = 20 * 60_000;

const isLearning = (card: QueueCard) =>
  card.state.state === "learning" || card.state.state === "relearning";

// Plain code-unit comparison: localeCompare is slow over tens of thousands of ties.
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byDueThenId(a: QueueCard, b: QueueCard): number {
  return a.state.due.getTime() - b.state.due.getTime() || compareIds(a.id, b.id);
}

function byNoteOrder(a: QueueCard, b: QueueCard): number {
  return (
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.position ?? 0) - (b.position ?? 0) ||
    compareIds(a.id, b.id)
  );
}

/** FNV-1a: a stable pseudo-random rank so "random" order doesn't reshuffle on every request. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Sorts by a rank computed once per card, ties broken by due date and id. */
function sortByRank(cards: QueueCard[], rank: (card: QueueCard) => number): QueueCard[] {
  return cards
    .map((card) => ({ card, rank: rank(card) }))
    .sort((a, b) => a.rank - b.rank || byDueThenId(a.card, b.card))
    .map(({ card }) => card);
}

function sortReviews(reviews: QueueCard[], now: Date, settings: ReviewSettings, dayKey: string): QueueCard[] {
  switch (settings.reviewOrder) {
    case "due-date":
      return reviews.sort(byDueThenId);
    case "random":
      return sortByRank(reviews, (card) => hash(`${dayKey}:${card.id}`));
    case "overdue-relative": {
      // Lowest probability of recall first: the card most overdue for its stability.
      const parameters = effectiveParameters(settings);
      return sortByRank(reviews, (card) => retrievability(card.state, now, parameters));
    }
  }
}

/** Spreads new cards evenly between reviews: each list keeps its order. */
function interleave(reviews: QueueCard[], fresh: QueueCard[]): QueueCard[] {
  const slots = [
    ...reviews.map((card, i) => ({ card, at: (i + 1) / (reviews.length + 1), tie: 0 })),
    ...fresh.map((card, i) => ({ card, at: (i + 1) / (fresh.length + 1), tie: 1 })),
  ];
  return slots.sort((a, b) => a.at - b.at || a.tie - b.tie).map(({ card }) => card);
}

class Allowance {
  private left: number;
  constructor(limit: number, done: number) {
    this.left = Math.max(0, limit - done);
  }
  get hasRoom() {
    return this.left > 0;
  }
  take() {
    this.left -= 1;
  }
}

const isAvailable = (card: QueueCard, now: Date) => !card.suspended && !(card.buriedUntil && card.buriedUntil > now);

/** Learning cards due by `until`; interday learning steps (a day or more) are due all study day, like reviews. */
function dueLearning(cards: QueueCard[], until: Date, dayEnd: Date): QueueCard[] {
  return cards
    .filter((card) => isLearning(card) && (card.state.due <= until || (card.state.scheduledDays >= 1 && card.state.due < dayEnd)))
    .sort(byDueThenId);
}

/** Today's review and new cards, each in the order they are shown, within the limits. */
export interface DayPlan {
  reviews: QueueCard[];
  fresh: QueueCard[];
}

/**
 * Due reviews (by `reviewOrder`) and new cards (in note order) within the daily and deck limits,
 * leaving out suspended and buried cards and any card whose sibling key is in `shownSiblings` or
 * already has a place in the plan. This is the costly
 * part of a queue (it orders every due review), so callers may keep a plan for a session and plan
 * again over its cards alone as answers come in (room and siblings taken, order as of then).
 */
export function planDay(
  cards: QueueCard[],
  now: Date,
  settings: ReviewSettings,
  done: DayCounts,
  shownSiblings: Set<string>,
  deckLimits?: Map<string, DeckLimits[]>,
): DayPlan {
  const today = studyDay(now, settings);
  const available = cards.filter((card) => isAvailable(card, now));
  const dueReviews = sortReviews(
    available.filter((card) => card.state.state === "review" && card.state.due < today.end),
    now,
    settings,
    today.key,
  );
  const newCards = available.filter((card) => card.state.state === "new").sort(byNoteOrder);

  const taken = new Set(shownSiblings);
  // One allowance per limiting deck, shared by the cards of all its sub-decks.
  const allowances = new Map<DeckLimits, { new: Allowance; review: Allowance }>();
  const allowanceOf = (limits: DeckLimits) => {
    let allowance = allowances.get(limits);
    if (!allowance) {
      allowance = { new: new Allowance(limits.newCardsPerDay, limits.done.newDone), review: new Allowance(limits.reviewsPerDay, limits.done.reviewsDone) };
      allowances.set(limits, allowance);
    }
    return allowance;
  };
  const pick = (candidates: QueueCard[], global: Allowance, kind: "new" | "review") => {
    const picked: QueueCard[] = [];
    for (const card of candidates) {
      if (!global.hasRoom) break;
      const decks = (deckLimits?.get(card.deckId) ?? []).map((limits) => allowanceOf(limits)[kind]);
      if (decks.some((deck) => !deck.hasRoom) || taken.has(card.siblingKey)) continue;
      taken.add(card.siblingKey);
      global.take();
      for (const deck of decks) deck.take();
      picked.push(card);
    }
    return picked;
  };
  const reviews = pick(dueReviews, new Allowance(settings.reviewsPerDay, done.reviewsDone), "review");
  const fresh = pick(newCards, new Allowance(settings.newCardsPerDay, done.newDone), "new");
  return { reviews, fresh };
}

/**
 * The plan's cards in the order they are shown (by `newReviewOrder`). Mixed from what is left each
 * time, so new cards stay spread evenly over the reviews still to come.
 */
export function planOrder({ reviews, fresh }: DayPlan, settings: ReviewSettings): QueueCard[] {
  switch (settings.newReviewOrder) {
    case "new-first":
      return [...fresh, ...reviews];
    case "reviews-first":
      return [...reviews, ...fresh];
    case "interleave":
      return interleave(reviews, fresh);
  }
}

/**
 * The queue now: learning/relearning cards that are due (by due time), then the planned cards (in
 * planOrder), skipping any whose sibling is among those learning cards (learning cards in progress
 * are always shown). When nothing is left, learning cards due within LEARN_AHEAD_MS.
 * `planCounts` are the review and new cards the plan has left.
 */
export function queueOf(
  learningCards: QueueCard[],
  planned: QueueCard[],
  now: Date,
  settings: ReviewSettings,
  planCounts: { new: number; review: number },
): Queue {
  const dayEnd = studyDay(now, settings).end;
  const available = learningCards.filter((card) => isAvailable(card, now));
  const learning = dueLearning(available, now, dayEnd);
  const learningSiblings = new Set(learning.map((card) => card.siblingKey));
  let queue = [...learning, ...planned.filter((card) => !learningSiblings.has(card.siblingKey))];
  if (queue.length === 0) queue = dueLearning(available, new Date(now.getTime() + LEARN_AHEAD_MS), dayEnd);
  return { queue, counts: { new: planCounts.new, learning: queue.filter(isLearning).length, review: planCounts.review } };
}

/**
 * What to show next, in order: learning/relearning cards that are due (by due time), then due
 * reviews (by `reviewOrder`) mixed with today's new cards (by `newReviewOrder`, new cards in note
 * order) within the daily limits. Suspended and buried cards are left out, and so is any review or
 * new card whose sibling was answered today or already has a place in today's queue (learning
 * cards in progress are always shown). A pure snapshot: rebuild it after each answer, or keep
 * its `plan` and rebuild with `queueOf`.
 */
export function buildQueue(
  cards: QueueCard[],
  now: Date,
  settings: ReviewSettings,
  done: DayCounts,
  reviewedTodaySiblingKeys: Set<string>,
  deckLimits?: Map<string, DeckLimits[]>,
): Queue & { plan: DayPlan } {
  const learningCards = cards.filter(isLearning);
  const dueNow = dueLearning(learningCards.filter((card) => isAvailable(card, now)), now, studyDay(now, settings).end);
  const shownSiblings = new Set([...reviewedTodaySiblingKeys, ...dueNow.map((card) => card.siblingKey)]);
  const plan = planDay(cards.filter((card) => !isLearning(card)), now, settings, done, shownSiblings, deckLimits);
  const counts = { new: plan.fresh.length, review: plan.reviews.length };
  return { ...queueOf(learningCards, planOrder(plan, settings), now, settings, counts), plan };
}

/**
 * When the next learning or review card comes due (burying respected), for the empty-queue
 * screen; null when nothing is scheduled. It can lie in the past when cards are held back by the
 * daily limits. New cards are not counted: they wait for the user, not for a date.
 */
export function nextDue(cards: QueueCard[], now: Date): Date | null {
  let earliest: number | null = null;
  for (const card of cards) {
    if (card.suspended || card.state.state === "new") continue;
    const buried = card.buriedUntil && card.buriedUntil > now ? card.buriedUntil.getTime() : 0;
    const at = Math.max(card.state.due.getTime(), buried);
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest === null ? null : new Date(earliest);
}
