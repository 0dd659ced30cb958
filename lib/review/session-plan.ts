import type { DayPlan, QueueCard } from "./queue";

/**
 * Today's plan (due reviews and new cards in order) is the costly part of the queue: it orders
 * every due review. Like Anki, we build it once per session and keep it in memory, instead of once
 * per card. It stays right because it is tagged with the collection's queue generation, which
 * every change other than an answer moves on (see the review_queue_generation migration), and
 * each card is picked by planning again over the kept plan alone, with the answers given since.
 * Kept per database client, so two collections in one process never share one.
 */
interface SessionPlan {
  generation: string;
  plan: Promise<DayPlan>;
}

/**
 * Sessions (deck filters) remembered per collection, least recently used forgotten first. A plan
 * holds at most a day's cards, a few hundred small objects; many people studying their own decks
 * at once must not push each other's plans out.
 */
const PLANS_PER_DATABASE = 256;

const plansByDatabase = new WeakMap<object, Map<string, SessionPlan>>();

/**
 * The plan for `key` built at `generation`, shared by concurrent requests; built by `build` when
 * there is none or it is from an older generation.
 */
export function sessionPlan(database: object, key: string, generation: string, build: () => Promise<DayPlan>): Promise<DayPlan> {
  let plans = plansByDatabase.get(database);
  if (!plans) plansByDatabase.set(database, (plans = new Map()));
  const known = plans.get(key);
  plans.delete(key);
  if (known && known.generation === generation) {
    plans.set(key, known);
    return known.plan;
  }

  const entry: SessionPlan = { generation, plan: build() };
  plans.set(key, entry);
  if (plans.size > PLANS_PER_DATABASE) plans.delete(plans.keys().next().value!);
  // A failed build is forgotten, so the next request tries again.
  entry.plan.catch(() => {
    if (plans.get(key) === entry) plans.delete(key);
  });
  return entry.plan;
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
