import crypto from "node:crypto";
import type { PrismaClient } from "../db";
import { Prisma } from "../generated/prisma/client";
import { addDays, studyDay, studyDayOfKey, type StudyDay } from "./day";
import { buildQueue, LEARN_AHEAD_MS, planDay, planOrder, queueOf, type DayCounts, type DayPlan, type DeckLimits, type QueueCard } from "./queue";
import { applyRating, previewIntervals, schedulingStateSchema, type Rating, type SchedulingState } from "./scheduling";
import type { ReviewSettings } from "./settings";
import { sessionPlan, unchangedSincePlanned } from "./session-plan";
import { loadSettingsContext, settingsColumnsSql, settingsContextOf, type SettingsContext, type SettingsRows } from "./store-settings";
import { sameState, STATE_COLUMNS, stateData, stateOfRow, type StateRow } from "./store-rows";
import {
  CardNotFoundError,
  CardNotReviewableError,
  NothingToUndoError,
  StaleAnswerError,
} from "./errors";

type Tx = Prisma.TransactionClient;

/** Settings key of today's "study more" choices (extra new cards, reviews ahead). */
export const STUDY_MORE_KEY = "review.studyMore";

/**
 * Candidates fetched beyond what today's limits leave room for, so siblings and deck limits that
 * skip some still leave enough; when a limited fetch still comes up short it is redone unlimited.
 */
const CANDIDATE_SLACK = 100;

const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

export interface QueueCounts {
  new: number;
  learning: number;
  review: number;
}

export interface ShownCard {
  id: string;
  front: string;
  back: string;
  kind: string;
  tags: string[];
  deckId: string;
  deckPath: string;
  sourcePath: string | null;
  startLine: number | null;
  endLine: number | null;
  state: SchedulingState;
  /** Send these back with the answer: they identify what was shown (idempotency, stale checks). */
  idempotencyKey: string;
  shown: { reps: number; lastReview: Date | null };
  /** Next due date and short label for each rating button. */
  previews: Record<Rating, { due: Date; label: string }>;
  /** Shown because the user chose to study ahead, not because it is due. */
  ahead: boolean;
}

export type NextCardResult =
  | { card: ShownCard; counts: QueueCounts }
  | {
      card: null;
      counts: QueueCounts;
      /** When the next learning or review card is due (past if held back by today's limits). */
      nextDueAt: Date | null;
      /** New cards not yet started (beyond today's limit). */
      newCardsWaiting: number;
      /** Review cards due in the next study day, for "study ahead". */
      dueTomorrow: number;
    };

export interface StudyMore {
  /** Study day (YYYY-MM-DD) the choice applies to; it lapses with the day. */
  day: string;
  extraNewCards: number;
  /** Reviews due within this many study days after today may be shown once today's are done. */
  aheadDays: number;
}

interface CandidateRow extends StateRow {
  id: string;
  deck_id: string;
  sibling_key: string | null;
  created_at: Date;
  position: number;
  buried_until: Date | null;
}

const CANDIDATE_COLUMNS = `c.id, c.deck_id, c.sibling_key, c.created_at, c.position, s.buried_until, ${STATE_COLUMNS}`;

function queueCardOf(row: CandidateRow): QueueCard {
  return {
    id: row.id,
    siblingKey: row.sibling_key ?? row.id,
    deckId: row.deck_id,
    state: stateOfRow(row),
    buriedUntil: row.buried_until,
    suspended: false,
    createdAt: row.created_at,
    position: row.position,
  };
}

function deckFilter(deckIds: string[] | null): Prisma.Sql {
  return deckIds ? Prisma.sql`AND c.deck_id = ANY(${deckIds})` : Prisma.empty;
}

const notBuried = (now: Date) => Prisma.sql`(s.buried_until IS NULL OR s.buried_until <= ${now})`;

/** SQL order matching buildQueue's review order, so a LIMIT keeps the cards it would pick. */
function reviewOrderSql(settings: ReviewSettings, now: Date): Prisma.Sql | null {
  switch (settings.reviewOrder) {
    case "due-date":
      return Prisma.sql`ORDER BY s.due, c.id`;
    case "overdue-relative":
      // Retrievability falls as elapsed time / stability grows (one forgetting curve for all cards).
      return Prisma.sql`ORDER BY CASE WHEN s.stability <= 0 THEN 'Infinity'::float8
        ELSE extract(epoch FROM (${now}::timestamptz - coalesce(s.last_review, s.due - s.scheduled_days * interval '1 day'))) / s.stability END DESC,
        s.due, c.id`;
    case "random":
      return null;
  }
}

/**
 * Settings, decks, today's "study more" choice and the queue generation, in one round trip: this
 * runs before every card, so round trips are what it costs.
 */
async function queueContext(db: Tx | PrismaClient) {
  const [row] = await db.$queryRaw<(SettingsRows & { study_more: unknown; generation: string })[]>`
    SELECT ${settingsColumnsSql},
      (SELECT last_value::text FROM review_queue_generation) AS generation,
      (SELECT value FROM settings WHERE key = ${STUDY_MORE_KEY}) AS study_more`;
  return { context: settingsContextOf(row), studyMoreValue: row.study_more, generation: row.generation };
}

/** What the queue needs of a day's answers: how many per deck, and which sibling keys were answered. */
interface DayAnswers {
  done: DayCounts;
  byDeck: Map<string, DayCounts>;
  /** Those of the keys asked for that were answered this day. */
  answeredKeys: Set<string>;
}

const NO_ANSWERS: DayCounts = { newDone: 0, reviewsDone: 0 };

const addCounts = (a: DayCounts, b: DayCounts): DayCounts => ({ newDone: a.newDone + b.newDone, reviewsDone: a.reviewsDone + b.reviewsDone });

/**
 * The day's answers, from the tables the review_day_answers migration keeps: one round trip whose
 * cost grows with the decks and `keys`, not with the answers given.
 */
async function dayAnswers(db: Tx | PrismaClient, day: StudyDay, keys: string[]): Promise<DayAnswers> {
  const [row] = await db.$queryRaw<{ counts: { deck_id: string; state_before: string; answers: number }[]; answered: string[] }[]>`
    SELECT
      (SELECT coalesce(json_agg(t), '[]'::json) FROM (
        SELECT deck_id, state_before, sum(answers)::int AS answers FROM review_answer_counts
        WHERE bucket >= ${day.start} AND bucket < ${day.end} GROUP BY 1, 2) t) AS counts,
      ARRAY(SELECT sibling_key FROM review_last_answers
        WHERE sibling_key = ANY(${keys}) AND answered_at >= ${day.start} AND answered_at < ${day.end}) AS answered`;
  const byDeck = new Map<string, DayCounts>();
  for (const { deck_id, state_before, answers } of row.counts) {
    const counted = { newDone: state_before === "new" ? answers : 0, reviewsDone: state_before === "review" ? answers : 0 };
    byDeck.set(deck_id, addCounts(byDeck.get(deck_id) ?? NO_ANSWERS, counted));
  }
  return { done: [...byDeck.values()].reduce(addCounts, NO_ANSWERS), byDeck, answeredKeys: new Set(row.answered) };
}

/** Leaves out cards whose sibling (or the card itself) was answered this day. */
const notAnsweredOn = (day: StudyDay) => Prisma.sql`NOT EXISTS (SELECT 1 FROM review_last_answers a
  WHERE a.sibling_key = coalesce(c.sibling_key, c.id) AND a.answered_at >= ${day.start} AND a.answered_at < ${day.end})`;

/**
 * For each deck, the limits its cards must have room in: those of the deck and of its parents,
 * where they differ from the global ones, each counting the answers given today in its subtree.
 */
function deckLimitsOf(context: SettingsContext, answers: DayAnswers, extraNew: number) {
  const limiting = context.decks.flatMap((deck) => {
    const { newCardsPerDay, reviewsPerDay } = deck.settings;
    if (newCardsPerDay === context.global.newCardsPerDay && reviewsPerDay === context.global.reviewsPerDay) return [];
    const subtree = context.subtree(deck.path).map((d) => d.id);
    const limits: DeckLimits = {
      newCardsPerDay: newCardsPerDay + extraNew,
      reviewsPerDay,
      done: subtree.map((id) => answers.byDeck.get(id) ?? NO_ANSWERS).reduce(addCounts, NO_ANSWERS),
    };
    return [{ subtree: new Set(subtree), limits }];
  });
  return new Map(context.decks.map((deck) => [deck.id, limiting.filter(({ subtree }) => subtree.has(deck.id)).map(({ limits }) => limits)]));
}

function studyMoreOf(value: unknown, today: StudyDay): StudyMore {
  const stored = value as Partial<StudyMore> | undefined;
  return stored?.day === today.key
    ? { day: today.key, extraNewCards: Number(stored.extraNewCards) || 0, aheadDays: Number(stored.aheadDays) || 0 }
    : { day: today.key, extraNewCards: 0, aheadDays: 0 };
}

const studyMoreRow = (db: Tx | PrismaClient) => db.setting.findUnique({ where: { key: STUDY_MORE_KEY } });

/**
 * Lets today's session go on after the queue is empty: `extraNewCards` more new cards, and/or
 * reviews due in the next `aheadDays` study days. Adds to what was already chosen today.
 */
export async function studyMore(
  prisma: PrismaClient,
  choice: { extraNewCards?: number; aheadDays?: number },
  now: Date = new Date(),
): Promise<StudyMore> {
  const context = await loadSettingsContext(prisma);
  const today = studyDay(now, context.global);
  const current = studyMoreOf((await studyMoreRow(prisma))?.value, today);
  const next: StudyMore = {
    day: today.key,
    extraNewCards: current.extraNewCards + Math.max(0, Math.floor(choice.extraNewCards ?? 0)),
    aheadDays: Math.max(current.aheadDays, Math.floor(choice.aheadDays ?? 0)),
  };
  await prisma.setting.upsert({
    where: { key: STUDY_MORE_KEY },
    create: { key: STUDY_MORE_KEY, value: { ...next } },
    update: { value: { ...next } },
  });
  return next;
}

/** Gives every active card without a card_states row a new state (the importer normally does). */
export async function ensureCardStates(db: Tx | PrismaClient): Promise<number> {
  return db.$executeRaw`
    INSERT INTO card_states (card_id, due)
    SELECT c.id, c.created_at FROM cards c
    WHERE c.status = 'active' AND NOT EXISTS (SELECT 1 FROM card_states s WHERE s.card_id = c.id)
    ON CONFLICT (card_id) DO NOTHING`;
}

/** Learning cards due by the end of the study day, for building the plan. */
const learningSql = (today: StudyDay, deckIds: string[] | null) => Prisma.sql`
  SELECT 'learning' AS part, ${Prisma.raw(CANDIDATE_COLUMNS)} FROM card_states s JOIN cards c ON c.id = s.card_id
  WHERE s.state IN ('learning', 'relearning') AND s.due < ${today.end} AND c.status = 'active' ${deckFilter(deckIds)}`;

/**
 * The first few learning cards queueOf can show now (due, or due within LEARN_AHEAD_MS), those
 * due now first, with how many are due now and in all. They change with every answer, so they are
 * read fresh for every card, and only as many as a card needs.
 */
const learningNowSql = ({ now, deckIds }: QueueInput, today: StudyDay, limit: number) => {
  const dueNow = Prisma.sql`(s.due <= ${now} OR (s.scheduled_days >= 1 AND s.due < ${today.end}))`;
  return Prisma.sql`
    SELECT 'learning' AS part, ${Prisma.raw(CANDIDATE_COLUMNS)}, ${DETAIL_COLUMNS},
      (count(*) FILTER (WHERE ${dueNow}) OVER ())::int AS due_now, (count(*) OVER ())::int AS due_soon
    FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state IN ('learning', 'relearning') AND c.status = 'active' AND ${notBuried(now)} ${deckFilter(deckIds)}
      AND (s.due <= ${new Date(now.getTime() + LEARN_AHEAD_MS)} OR (s.scheduled_days >= 1 AND s.due < ${today.end}))
    ORDER BY ${dueNow} DESC, s.due, c.id LIMIT ${limit}`;
};

interface QueueInput {
  context: SettingsContext;
  deckIds: string[] | null;
  now: Date;
}

async function fetchCandidates(prisma: PrismaClient, { context, deckIds, now }: QueueInput, today: StudyDay, done: DayCounts, more: StudyMore) {
  const settings = { ...context.global, newCardsPerDay: context.global.newCardsPerDay + more.extraNewCards };
  const reviewRoom = Math.max(0, settings.reviewsPerDay - done.reviewsDone);
  const newRoom = Math.max(0, settings.newCardsPerDay - done.newDone);
  const filter = deckFilter(deckIds);
  const order = reviewOrderSql(settings, now);

  const columns = Prisma.raw(CANDIDATE_COLUMNS);
  const limitSql = (limit: number | null) => (limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit}`);
  const reviewsSql = (limit: number | null) => Prisma.sql`
    SELECT 'review' AS part, ${columns} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state = 'review' AND s.due < ${today.end} AND c.status = 'active' AND ${notBuried(now)} AND ${notAnsweredOn(today)} ${filter}
    ${order ?? Prisma.empty} ${order ? limitSql(limit) : Prisma.empty}`;
  const newSql = (limit: number | null) => Prisma.sql`
    SELECT 'new' AS part, ${columns} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state = 'new' AND c.status = 'active' AND ${notBuried(now)} AND ${notAnsweredOn(today)} ${filter}
    ORDER BY c.created_at, c.position, c.id ${limitSql(limit)}`;
  const query = (sql: Prisma.Sql) => prisma.$queryRaw<(CandidateRow & { part: string })[]>(sql);
  const reviewsQuery = (limit: number | null) => (reviewRoom === 0 ? Promise.resolve([]) : query(reviewsSql(limit)));
  const newQuery = (limit: number | null) => (newRoom === 0 ? Promise.resolve([]) : query(newSql(limit)));

  const reviewLimit = reviewRoom + CANDIDATE_SLACK;
  const newLimit = newRoom + CANDIDATE_SLACK;
  // One round trip for the three kinds of candidates.
  const parts = [learningSql(today, deckIds), ...(reviewRoom > 0 ? [reviewsSql(reviewLimit)] : []), ...(newRoom > 0 ? [newSql(newLimit)] : [])];
  const rows = await query(Prisma.join(parts.map((part) => Prisma.sql`(${part})`), " UNION ALL "));
  const learning = rows.filter((row) => row.part === "learning");
  const reviews = rows.filter((row) => row.part === "review");
  const fresh = rows.filter((row) => row.part === "new");
  return { settings, done, learning, reviews, fresh, reviewRoom, newRoom, reviewLimit, newLimit, reviewsQuery, newQuery };
}

/** Today's plan, as buildQueue computes it over the cards that can matter (the costly query). */
async function buildPlan(prisma: PrismaClient, input: QueueInput, today: StudyDay, more: StudyMore): Promise<DayPlan> {
  const answers = await dayAnswers(prisma, today, []);
  const fetched = await fetchCandidates(prisma, input, today, answers.done, more);
  const deckLimits = deckLimitsOf(input.context, answers, more.extraNewCards);
  // The query already left out cards whose sibling was answered today.
  const build = (reviews: CandidateRow[], fresh: CandidateRow[]) =>
    buildQueue([...fetched.learning, ...reviews, ...fresh].map(queueCardOf), input.now, fetched.settings, fetched.done, new Set(), deckLimits);

  let { reviews, fresh } = fetched;
  let queue = build(reviews, fresh);
  // Siblings or deck limits skipped so many candidates that the limited fetch fell short: refetch all.
  const reviewsShort = queue.counts.review < fetched.reviewRoom && reviews.length >= fetched.reviewLimit;
  const newShort = queue.counts.new < fetched.newRoom && fresh.length >= fetched.newLimit;
  if (reviewsShort || newShort) {
    [reviews, fresh] = await Promise.all([
      reviewsShort ? fetched.reviewsQuery(null) : reviews,
      newShort ? fetched.newQuery(null) : fresh,
    ]);
    queue = build(reviews, fresh);
  }
  return queue.plan;
}

/** Planned cards checked against the database per request; more are read only if all of these changed. */
const PLANNED_BATCH = 8;

/**
 * The queue for now: today's plan (kept for the session, see session-plan.ts) without the cards
 * answered since, after the learning cards due, which are read fresh each time with the first
 * planned cards, so a card answered, buried or rescheduled elsewhere is never shown stale.
 */
async function currentQueue(prisma: PrismaClient, input: QueueInput, today: StudyDay, more: StudyMore, generation: string) {
  const { context, deckIds, now } = input;
  const key = JSON.stringify([today.key, deckIds]);
  const plan = await sessionPlan(prisma, key, generation, () => buildPlan(prisma, input, today, more));
  const planned = [...plan.reviews, ...plan.fresh];
  const answers = await dayAnswers(prisma, today, [...new Set(planned.map((card) => card.siblingKey))]);
  // Planned again over the kept plan alone: answers since take cards and room, and reviews are
  // ordered as of now. Cheap: the plan holds at most a day's worth of cards.
  const settings = { ...context.global, newCardsPerDay: context.global.newCardsPerDay + more.extraNewCards };
  const left = planDay(planned, now, settings, answers.done, answers.answeredKeys, deckLimitsOf(context, answers, more.extraNewCards));
  const ordered = planOrder(left, settings);
  const counts = { new: left.fresh.length, review: left.reviews.length };

  for (let from = 0; ; from += PLANNED_BATCH) {
    const planned = ordered.slice(from, from + PLANNED_BATCH);
    const rows = await prisma.$queryRaw<(CandidateRow & CardDetails & { part: string; due_now: number | null; due_soon: number | null })[]>`
      (${learningNowSql(input, today, PLANNED_BATCH)}) UNION ALL
      (SELECT 'planned' AS part, ${Prisma.raw(CANDIDATE_COLUMNS)}, ${DETAIL_COLUMNS}, NULL, NULL FROM card_states s JOIN cards c ON c.id = s.card_id
       WHERE c.id = ANY(${planned.map((card) => card.id)}) AND c.status = 'active' AND ${notBuried(now)})`;
    const current = new Map(rows.filter((row) => row.part === "planned").map((row) => [row.id, queueCardOf(row)]));
    const stillPlanned = planned.flatMap((card) => {
      const latest = current.get(card.id);
      return latest && unchangedSincePlanned(card, latest) ? [latest] : [];
    });
    if (stillPlanned.length > 0 || from + PLANNED_BATCH >= ordered.length) {
      const learningRows = rows.filter((row) => row.part === "learning");
      const queue = queueOf(learningRows.map(queueCardOf), stillPlanned, now, settings, counts);
      // Only the first learning cards were read, so SQL counts them (those due soon when none are due and nothing else is left).
      const dueNow = learningRows[0]?.due_now ?? 0;
      const learning = dueNow > 0 ? dueNow : queue.counts.learning > 0 ? (learningRows[0]?.due_soon ?? 0) : 0;
      return { ...queue, counts: { ...queue.counts, learning }, details: new Map<string, CardDetails>(rows.map((row) => [row.id, row])) };
    }
  }
}

/** A review due within the study-ahead window, earliest first; siblings of today's answers skipped. */
async function aheadCard(prisma: PrismaClient, input: QueueInput, today: StudyDay, more: StudyMore) {
  if (more.aheadDays <= 0) return null;
  const until = studyDayOfKey(addDays(today.key, more.aheadDays), input.context.global).end;
  const rows = await prisma.$queryRaw<CandidateRow[]>`
    SELECT ${Prisma.raw(CANDIDATE_COLUMNS)} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state = 'review' AND s.due < ${until} AND c.status = 'active' AND ${notBuried(input.now)}
      AND ${notAnsweredOn(today)} ${deckFilter(input.deckIds)}
    ORDER BY s.due, c.id LIMIT 1`;
  return rows[0] ? queueCardOf(rows[0]) : null;
}

async function emptyQueueInfo(prisma: PrismaClient, { deckIds, now, context }: QueueInput, today: StudyDay) {
  const tomorrow = studyDayOfKey(addDays(today.key, 1), context.global);
  const filter = deckFilter(deckIds);
  const [row] = await prisma.$queryRaw<{ next_due: Date | null; new_waiting: number; due_tomorrow: number }[]>`
    SELECT min(greatest(s.due, CASE WHEN s.buried_until > ${now} THEN s.buried_until END)) FILTER (WHERE s.state <> 'new') AS next_due,
           count(*) FILTER (WHERE s.state = 'new')::int AS new_waiting,
           count(*) FILTER (WHERE s.state = 'review' AND s.due >= ${today.end} AND s.due < ${tomorrow.end})::int AS due_tomorrow
    FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE c.status = 'active' ${filter}`;
  return { nextDueAt: row?.next_due ?? null, newCardsWaiting: row?.new_waiting ?? 0, dueTomorrow: row?.due_tomorrow ?? 0 };
}

/** What a shown card needs besides its state. */
interface CardDetails {
  front: string;
  back: string;
  kind: string;
  tags: string[];
  source_path: string | null;
  start_line: number | null;
  end_line: number | null;
  deck_path: string;
}

const DETAIL_COLUMNS = Prisma.raw(
  `c.front, c.back, c.kind::text AS kind, c.tags, c.source_path, c.start_line, c.end_line, (SELECT path FROM decks WHERE id = c.deck_id) AS deck_path`,
);

/** The card as shown, with its details read now unless they came with the queue. */
async function shownCard(prisma: PrismaClient, card: QueueCard, context: SettingsContext, now: Date, ahead: boolean, details?: CardDetails): Promise<ShownCard> {
  const [row] = details
    ? [details]
    : await prisma.$queryRaw<CardDetails[]>`SELECT ${DETAIL_COLUMNS} FROM cards c WHERE c.id = ${card.id}`;
  if (!row) throw new CardNotFoundError(card.id);
  return {
    id: card.id,
    front: row.front,
    back: row.back,
    kind: row.kind,
    tags: row.tags,
    deckId: card.deckId,
    deckPath: row.deck_path,
    sourcePath: row.source_path,
    startLine: row.start_line,
    endLine: row.end_line,
    state: card.state,
    idempotencyKey: crypto.randomUUID(),
    shown: { reps: card.state.reps, lastReview: card.state.lastReview },
    previews: previewIntervals(card.state, now, context.forDeck(card.deckId)),
    ahead,
  };
}

/**
 * The card to show next (learning due, then reviews and today's new cards within the limits, as
 * buildQueue orders them), with the counts left and the labels for the rating buttons; or, when
 * nothing is left, when the next card is due. `deck` limits the session to a deck and its sub-decks.
 */
export async function nextCard(
  prisma: PrismaClient,
  options: { deck?: string; now?: Date } = {},
): Promise<NextCardResult> {
  const now = options.now ?? new Date();
  const { context, studyMoreValue, generation } = await queueContext(prisma);
  const deckIds = options.deck ? context.subtree(options.deck).map((d) => d.id) : null;
  const input = { context, deckIds, now };
  const today = studyDay(now, context.global);
  const more = studyMoreOf(studyMoreValue, today);

  const queue = await currentQueue(prisma, input, today, more, generation);
  // Cards created without a state (not by the importer) get one; that moves the generation on.
  if (queue.queue.length === 0 && (await ensureCardStates(prisma)) > 0) return nextCard(prisma, options);
  const first = queue.queue[0];
  if (first) return { card: await shownCard(prisma, first, context, now, false, queue.details.get(first.id)), counts: queue.counts };

  const ahead = await aheadCard(prisma, input, today, more);
  if (ahead) return { card: await shownCard(prisma, ahead, context, now, true), counts: { ...queue.counts, review: 1 } };
  return { card: null, counts: queue.counts, ...(await emptyQueueInfo(prisma, input, today)) };
}

export interface AnswerInput {
  cardId: string;
  rating: Rating;
  /** From the shown card: one per showing, so a double click or a second tab records one review. */
  idempotencyKey: string;
  /** From the shown card: the answer is refused if the card changed since. */
  shown: { reps: number; lastReview: Date | null };
  durationMs?: number | null;
  now?: Date;
}

export interface AnswerResult {
  /** True when this key was answered before: nothing new was recorded, this is the first result. */
  duplicate: boolean;
  logId: string;
  cardId: string;
  rating: Rating;
  state: SchedulingState;
}

const earlierAnswer = (log: { id: string; cardId: string; rating: number; stateAfter: unknown }): AnswerResult => ({
  duplicate: true,
  logId: log.id,
  cardId: log.cardId,
  rating: log.rating as Rating,
  state: schedulingStateSchema.parse(log.stateAfter),
});

/** Gives the card a new state if it has none (cards made outside the importer). */
async function ensureCardState(db: Tx | PrismaClient, cardId: string, now: Date) {
  const card = await db.card.findUnique({ where: { id: cardId }, select: { createdAt: true } });
  if (!card) throw new CardNotFoundError(cardId);
  await db.$executeRaw`INSERT INTO card_states (card_id, due) VALUES (${cardId}, ${card.createdAt ?? now}) ON CONFLICT (card_id) DO NOTHING`;
}

/** Locks the card's state row for this transaction; creates a new state if the card has none. */
async function lockedState(tx: Tx, cardId: string, now: Date) {
  const select = () => tx.$queryRaw<(StateRow & { status: string; deck_id: string })[]>`
    SELECT ${Prisma.raw(STATE_COLUMNS)}, c.status::text AS status, c.deck_id
    FROM card_states s JOIN cards c ON c.id = s.card_id WHERE s.card_id = ${cardId} FOR UPDATE OF s`;
  let [row] = await select();
  if (!row) {
    await ensureCardState(tx, cardId, now);
    [row] = await select();
  }
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  // P2002 from model queries; raw queries report the PostgreSQL code (23505) under P2010.
  return error.code === "P2002" || (error.code === "P2010" && JSON.stringify(error.meta ?? {}).includes("23505"));
}

interface AnswerContextRow extends SettingsRows, StateRow {
  card_found: boolean;
  has_state: boolean;
  status: string | null;
  deck_id: string | null;
  earlier_id: string | null;
  earlier_card_id: string | null;
  earlier_rating: number | null;
  earlier_state: unknown;
}

/** Settings, the card and its state, and any answer already recorded with this key: one round trip. */
async function answerContext(prisma: PrismaClient, cardId: string, idempotencyKey: string): Promise<AnswerContextRow> {
  const [row] = await prisma.$queryRaw<AnswerContextRow[]>`
    SELECT ${settingsColumnsSql}, c.id IS NOT NULL AS card_found, s.card_id IS NOT NULL AS has_state,
      c.status::text AS status, c.deck_id, ${Prisma.raw(STATE_COLUMNS)},
      l.id AS earlier_id, l.card_id AS earlier_card_id, l.rating AS earlier_rating, l.state_after AS earlier_state
    FROM (SELECT 1) one
      LEFT JOIN cards c ON c.id = ${cardId}
      LEFT JOIN card_states s ON s.card_id = c.id
      LEFT JOIN review_logs l ON l.idempotency_key = ${idempotencyKey}`;
  return row;
}

/** Reads, and gives up on, a card whose state keeps changing under an answer (a bulk reschedule, say). */
const ANSWER_ATTEMPTS = 3;

/**
 * Records one answer: applies FSRS to the card's state and appends a review log, atomically. The
 * same idempotency key twice records once and returns the first result; an answer to a card that
 * changed since it was shown is refused (StaleAnswerError).
 *
 * Optimistic rather than locking (two round trips, no transaction held open while FSRS runs): the
 * state is written only if it is still the one read, so of two concurrent answers (a double click,
 * a second tab) one writes and the other reads again, finding the first one's log or a stale card.
 */
export async function answerCard(prisma: PrismaClient, input: AnswerInput): Promise<AnswerResult> {
  const now = input.now ?? new Date();
  const durationMs = input.durationMs == null ? null : Math.max(0, Math.min(2_147_483_647, Math.round(input.durationMs)));
  try {
    for (let attempt = 1; ; attempt++) {
      const row = await answerContext(prisma, input.cardId, input.idempotencyKey);
      if (row.earlier_id) {
        return earlierAnswer({ id: row.earlier_id, cardId: row.earlier_card_id!, rating: row.earlier_rating!, stateAfter: row.earlier_state });
      }
      if (!row.card_found) throw new CardNotFoundError(input.cardId);
      if (row.status !== "active") throw new CardNotReviewableError(row.status ?? "unknown");
      if (!row.has_state) {
        await ensureCardState(prisma, input.cardId, now);
        continue;
      }
      const before = stateOfRow(row);
      if (before.reps !== input.shown.reps || (before.lastReview?.getTime() ?? null) !== (input.shown.lastReview?.getTime() ?? null)) {
        throw new StaleAnswerError();
      }
      const { next, log } = applyRating(before, input.rating, now, settingsContextOf(row).forDeck(row.deck_id!));
      // State and log in one statement; floats as text so they arrive bit for bit.
      const [created] = await prisma.$queryRaw<{ id: string }[]>`
        WITH updated AS (
          UPDATE card_states SET due = ${next.due}, stability = ${String(next.stability)}::float8,
            difficulty = ${String(next.difficulty)}::float8, elapsed_days = ${Math.round(next.elapsedDays)},
            scheduled_days = ${Math.round(next.scheduledDays)}, learning_steps = ${next.learningSteps}, reps = ${next.reps},
            lapses = ${next.lapses}, state = ${next.state}, last_review = ${next.lastReview}, buried_until = NULL
          WHERE card_id = ${input.cardId} AND reps = ${before.reps} AND state = ${before.state} AND due = ${before.due}
            AND stability = ${String(before.stability)}::float8 AND last_review IS NOT DISTINCT FROM ${before.lastReview}::timestamptz
            AND EXISTS (SELECT 1 FROM cards WHERE id = ${input.cardId} AND status = 'active')
          RETURNING card_id)
        INSERT INTO review_logs (card_id, rating, state_before, state_after, elapsed_days, scheduled_days, duration_ms, reviewed_at, idempotency_key, source)
        SELECT card_id, ${input.rating}, ${JSON.stringify(log.stateBefore)}::jsonb, ${JSON.stringify(log.stateAfter)}::jsonb,
          ${Math.round(log.elapsedDays)}, ${Math.round(log.scheduledDays)}, ${durationMs}::int, ${now}, ${input.idempotencyKey}, 'review'
        FROM updated RETURNING id`;
      if (created) return { duplicate: false, logId: created.id, cardId: input.cardId, rating: input.rating, state: next };
      // The state changed between read and write: read again.
      if (attempt >= ANSWER_ATTEMPTS) throw new StaleAnswerError();
    }
  } catch (error) {
    // The key was recorded for another card meanwhile: return that first result, as for any repeat.
    if (!isUniqueViolation(error)) throw error;
    const winner = await prisma.reviewLog.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (!winner) throw error;
    return earlierAnswer(winner);
  }
}

export interface UndoResult {
  cardId: string;
  rating: Rating;
  /** The state the card is back in. */
  state: SchedulingState;
}

/**
 * Takes back the latest answer of the current study day: the card gets the state it had before,
 * and that one review log is deleted (the only deletion of a log there is). Refused when the card
 * changed since (e.g. rescheduled), so an undo never overwrites newer work.
 */
export async function undoLastAnswer(prisma: PrismaClient, options: { now?: Date } = {}): Promise<UndoResult> {
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const context = await loadSettingsContext(tx);
    const today = studyDay(now, context.global);
    const [log] = await tx.$queryRaw<{ id: string; card_id: string; rating: number; state_before: unknown; state_after: unknown }[]>`
      SELECT id, card_id, rating, state_before, state_after FROM review_logs
      WHERE source = 'review' AND reviewed_at >= ${today.start} AND reviewed_at < ${today.end}
      ORDER BY reviewed_at DESC, id DESC LIMIT 1 FOR UPDATE`;
    if (!log) throw new NothingToUndoError("Nothing to undo: no answers yet in this study day.");
    const row = await lockedState(tx, log.card_id, now);
    const before = schedulingStateSchema.parse(log.state_before);
    if (!sameState(stateOfRow(row), schedulingStateSchema.parse(log.state_after))) {
      throw new NothingToUndoError("Cannot undo: the card was changed after that answer (rescheduled or answered elsewhere).");
    }
    await tx.cardState.update({ where: { cardId: log.card_id }, data: stateData(before) });
    await tx.reviewLog.delete({ where: { id: log.id } });
    return { cardId: log.card_id, rating: log.rating as Rating, state: before };
  }, TRANSACTION_OPTIONS);
}

/** Hides a card until the next study day starts. */
export async function buryCard(prisma: PrismaClient, cardId: string, now: Date = new Date()): Promise<{ buriedUntil: Date }> {
  const context = await loadSettingsContext(prisma);
  const buriedUntil = studyDay(now, context.global).end;
  await prisma.$transaction(async (tx) => {
    await lockedState(tx, cardId, now);
    await tx.cardState.update({ where: { cardId }, data: { buriedUntil } });
  });
  return { buriedUntil };
}

/** Suspends (keeps out of review until unsuspended) or unsuspends a card. Retired cards stay retired. */
export async function setCardSuspended(prisma: PrismaClient, cardId: string, suspended: boolean): Promise<{ status: "active" | "suspended" }> {
  const card = await prisma.card.findUnique({ where: { id: cardId }, select: { status: true } });
  if (!card) throw new CardNotFoundError(cardId);
  if (card.status === "retired") throw new CardNotReviewableError("retired (its note section is gone)");
  const status = suspended ? "suspended" : "active";
  await prisma.card.update({ where: { id: cardId }, data: { status } });
  return { status };
}
