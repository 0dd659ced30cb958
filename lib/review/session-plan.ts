import type { DayPlan, QueueCard } from "./queue";

/**
 * Today's plan (due reviews and new cards in order) is the costly part of the queue: it orders
 * every due review. Like Anki, we build it once per session and keep it in memory, instead of once
 * per card. It stays right because it is tagged with the collection's queue generation, which
 * every change other than an answer moves on (see the review_queue_generation migration), and
 * answers are accounted for by `cardsLeft`. Kept per database client, so two collections in one
 * process never share one.
 */
interface SessionPlan {
  generation: string;
  startedAt: number;
  plan: Promise<DayPlan>;
}

/** Rebuilt at least this often anyway, so "most overdue first" follows the clock through a long day. */
const PLAN_MAX_AGE_MS = 60 * 60_000;
/** Sessions (deck filters) remembered per collection. */
const PLANS_PER_DATABASE = 16;

const plansByDatabase = new WeakMap<object, Map<string, SessionPlan>>();

/**
 * The plan for `key` built at `generation`, shared by concurrent requests; built by `build` when
 * there is none, it is from an older generation, or it is over an hour old.
 */
export function sessionPlan(database: object, key: string, generation: string, build: () => Promise<DayPlan>, now = Date.now()): Promise<DayPlan> {
  let plans = plansByDatabase.get(database);
  if (!plans) plansByDatabase.set(database, (plans = new Map()));
  const known = plans.get(key);
  if (known && known.generation === generation && now - known.startedAt < PLAN_MAX_AGE_MS) return known.plan;

  const entry: SessionPlan = { generation, startedAt: now, plan: build() };
  plans.delete(key);
  plans.set(key, entry);
  if (plans.size > PLANS_PER_DATABASE) plans.delete(plans.keys().next().value!);
  // A failed build is forgotten, so the next request tries again.
  entry.plan.catch(() => {
    if (plans.get(key) === entry) plans.delete(key);
  });
  return entry.plan;
}

/**
 * The plan's cards not yet answered (no card with their sibling key answered today), as many as
 * today's limits still have room for (answers outside the plan, e.g. studying ahead, use room too).
 */
export function cardsLeft(plan: DayPlan, answeredSiblings: Set<string>, room: { new: number; review: number }): DayPlan {
  const left = (cards: QueueCard[], max: number) => cards.filter((card) => !answeredSiblings.has(card.siblingKey)).slice(0, max);
  return { reviews: left(plan.reviews, room.review), fresh: left(plan.fresh, room.new) };
}

/** True when the card still has the state it had when planned (it was not answered or rescheduled since). */
export function unchangedSincePlanned(planned: QueueCard, current: QueueCard): boolean {
  const time = (date: Date | null) => date?.getTime() ?? null;
  return (
    planned.state.reps === current.state.reps &&
    planned.state.state === current.state.state &&
    time(planned.state.lastReview) === time(current.state.lastReview) &&
    time(planned.state.due) === time(current.state.due)
  );
}
