import crypto from "node:crypto";
import type { PrismaClient } from "../db";
import { Prisma } from "../generated/prisma/client";
import { addDays, studyDay, studyDayOfKey, type StudyDay } from "./day";
import { buildQueue, type DeckLimits, type QueueCard } from "./queue";
import { applyRating, previewIntervals, schedulingStateSchema, type Rating, type SchedulingState } from "./scheduling";
import type { ReviewSettings } from "./settings";
import { dayCounts } from "./stats";
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

interface TodaysAnswer {
  card_id: string;
  deck_id: string;
  sibling_key: string | null;
  state_before: string;
  reviewed_at: Date;
}

interface RecentAnswerJson extends Omit<TodaysAnswer, "reviewed_at"> {
  reviewed_at: string;
}

/**
 * Settings, decks, today's "study more" choice and the answers of the last two days (a superset
 * of any study day containing `now`, as the day boundary is only known once settings are), in one
 * round trip: the queue is rebuilt after every answer, so round trips are what it costs.
 */
async function queueContext(db: Tx | PrismaClient, now: Date) {
  const [row] = await db.$queryRaw<(SettingsRows & { study_more: unknown; recent: RecentAnswerJson[] })[]>`
    SELECT ${settingsColumnsSql},
      (SELECT value FROM settings WHERE key = ${STUDY_MORE_KEY}) AS study_more,
      (SELECT coalesce(json_agg(json_build_object('card_id', l.card_id, 'deck_id', c.deck_id, 'sibling_key', c.sibling_key,
          'state_before', l.state_before->>'state', 'reviewed_at', l.reviewed_at)), '[]'::json)
        FROM review_logs l JOIN cards c ON c.id = l.card_id
        WHERE l.source = 'review' AND l.reviewed_at >= ${new Date(now.getTime() - 2 * 86_400_000)} AND l.reviewed_at <= ${now}) AS recent`;
  return {
    context: settingsContextOf(row),
    studyMoreValue: row.study_more,
    recent: row.recent.map((answer): TodaysAnswer => ({ ...answer, reviewed_at: new Date(answer.reviewed_at) })),
  };
}

const within = (answers: TodaysAnswer[], day: StudyDay) =>
  answers.filter((a) => a.reviewed_at >= day.start && a.reviewed_at < day.end);

const logStates = (answers: TodaysAnswer[]) =>
  answers.map((a) => ({ stateBefore: a.state_before as SchedulingState["state"], reviewedAt: a.reviewed_at }));

/** Deck limits for decks whose own limits differ from the global ones. */
function deckLimitsOf(context: SettingsContext, answers: TodaysAnswer[], now: Date, extraNew: number) {
  const limits = new Map<string, DeckLimits>();
  for (const deck of context.decks) {
    const { newCardsPerDay, reviewsPerDay } = deck.settings;
    if (newCardsPerDay === context.global.newCardsPerDay && reviewsPerDay === context.global.reviewsPerDay) continue;
    limits.set(deck.id, {
      newCardsPerDay: newCardsPerDay + extraNew,
      reviewsPerDay,
      done: dayCounts(logStates(answers.filter((a) => a.deck_id === deck.id)), now, context.global),
    });
  }
  return limits;
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

interface QueueInput {
  context: SettingsContext;
  deckIds: string[] | null;
  now: Date;
}

async function fetchCandidates(prisma: PrismaClient, { context, deckIds, now }: QueueInput, today: StudyDay, answers: TodaysAnswer[], more: StudyMore) {
  const settings = { ...context.global, newCardsPerDay: context.global.newCardsPerDay + more.extraNewCards };
  const done = dayCounts(logStates(answers), now, settings);
  const reviewRoom = Math.max(0, settings.reviewsPerDay - done.reviewsDone);
  const newRoom = Math.max(0, settings.newCardsPerDay - done.newDone);
  const filter = deckFilter(deckIds);
  const order = reviewOrderSql(settings, now);

  const columns = Prisma.raw(CANDIDATE_COLUMNS);
  const limitSql = (limit: number | null) => (limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit}`);
  const learningSql = Prisma.sql`
    SELECT 'learning' AS part, ${columns} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state IN ('learning', 'relearning') AND s.due < ${today.end} AND c.status = 'active' ${filter}`;
  const reviewsSql = (limit: number | null) => Prisma.sql`
    SELECT 'review' AS part, ${columns} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state = 'review' AND s.due < ${today.end} AND c.status = 'active' AND ${notBuried(now)} ${filter}
    ${order ?? Prisma.empty} ${order ? limitSql(limit) : Prisma.empty}`;
  const newSql = (limit: number | null) => Prisma.sql`
    SELECT 'new' AS part, ${columns} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state = 'new' AND c.status = 'active' AND ${notBuried(now)} ${filter}
    ORDER BY c.created_at, c.position, c.id ${limitSql(limit)}`;
  const query = (sql: Prisma.Sql) => prisma.$queryRaw<(CandidateRow & { part: string })[]>(sql);
  const reviewsQuery = (limit: number | null) => (reviewRoom === 0 ? Promise.resolve([]) : query(reviewsSql(limit)));
  const newQuery = (limit: number | null) => (newRoom === 0 ? Promise.resolve([]) : query(newSql(limit)));

  const reviewLimit = reviewRoom + CANDIDATE_SLACK;
  const newLimit = newRoom + CANDIDATE_SLACK;
  // One round trip for the three kinds of candidates.
  const parts = [learningSql, ...(reviewRoom > 0 ? [reviewsSql(reviewLimit)] : []), ...(newRoom > 0 ? [newSql(newLimit)] : [])];
  const rows = await query(Prisma.join(parts.map((part) => Prisma.sql`(${part})`), " UNION ALL "));
  const learning = rows.filter((row) => row.part === "learning");
  const reviews = rows.filter((row) => row.part === "review");
  const fresh = rows.filter((row) => row.part === "new");
  return { settings, done, learning, reviews, fresh, reviewRoom, newRoom, reviewLimit, newLimit, reviewsQuery, newQuery };
}

/** The queue for now, as buildQueue computes it over the cards that can matter. */
async function currentQueue(prisma: PrismaClient, input: QueueInput, today: StudyDay, answers: TodaysAnswer[], more: StudyMore) {
  const fetched = await fetchCandidates(prisma, input, today, answers, more);
  const siblings = new Set(answers.map((a) => a.sibling_key ?? a.card_id));
  const deckLimits = deckLimitsOf(input.context, answers, input.now, more.extraNewCards);
  const build = (reviews: CandidateRow[], fresh: CandidateRow[]) =>
    buildQueue([...fetched.learning, ...reviews, ...fresh].map(queueCardOf), input.now, fetched.settings, fetched.done, siblings, deckLimits);

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
  return { queue, siblings };
}

/** A review due within the study-ahead window, earliest first; siblings of today's answers skipped. */
async function aheadCard(prisma: PrismaClient, input: QueueInput, today: StudyDay, more: StudyMore, siblings: Set<string>) {
  if (more.aheadDays <= 0) return null;
  const until = studyDayOfKey(addDays(today.key, more.aheadDays), input.context.global).end;
  const rows = await prisma.$queryRaw<CandidateRow[]>`
    SELECT ${Prisma.raw(CANDIDATE_COLUMNS)} FROM card_states s JOIN cards c ON c.id = s.card_id
    WHERE s.state = 'review' AND s.due < ${until} AND c.status = 'active' AND ${notBuried(input.now)}
      AND NOT (coalesce(c.sibling_key, c.id) = ANY(${[...siblings]})) ${deckFilter(input.deckIds)}
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

async function shownCard(prisma: PrismaClient, card: QueueCard, context: SettingsContext, now: Date, ahead: boolean): Promise<ShownCard> {
  const [row] = await prisma.$queryRaw<{ front: string; back: string; kind: string; tags: string[]; source_path: string | null; start_line: number | null; end_line: number | null; deck_path: string }[]>`
    SELECT c.front, c.back, c.kind::text AS kind, c.tags, c.source_path, c.start_line, c.end_line, d.path AS deck_path
    FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.id = ${card.id}`;
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
  const { context, studyMoreValue, recent } = await queueContext(prisma, now);
  const deckIds = options.deck ? context.subtree(options.deck).map((d) => d.id) : null;
  const input = { context, deckIds, now };
  const today = studyDay(now, context.global);
  const answers = within(recent, today);
  const more = studyMoreOf(studyMoreValue, today);

  let { queue, siblings } = await currentQueue(prisma, input, today, answers, more);
  if (queue.queue.length === 0 && (await ensureCardStates(prisma)) > 0) {
    ({ queue, siblings } = await currentQueue(prisma, input, today, answers, more));
  }
  const first = queue.queue[0];
  if (first) return { card: await shownCard(prisma, first, context, now, false), counts: queue.counts };

  const ahead = await aheadCard(prisma, input, today, more, siblings);
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

async function answerOfLog(tx: Tx, idempotencyKey: string): Promise<AnswerResult | null> {
  const log = await tx.reviewLog.findUnique({ where: { idempotencyKey } });
  if (!log) return null;
  return {
    duplicate: true,
    logId: log.id,
    cardId: log.cardId,
    rating: log.rating as Rating,
    state: schedulingStateSchema.parse(log.stateAfter),
  };
}

/** Locks the card's state row for this transaction; creates a new state if the card has none. */
async function lockedState(tx: Tx, cardId: string, now: Date) {
  const select = () => tx.$queryRaw<(StateRow & { status: string; deck_id: string })[]>`
    SELECT ${Prisma.raw(STATE_COLUMNS)}, c.status::text AS status, c.deck_id
    FROM card_states s JOIN cards c ON c.id = s.card_id WHERE s.card_id = ${cardId} FOR UPDATE OF s`;
  let [row] = await select();
  if (!row) {
    const card = await tx.card.findUnique({ where: { id: cardId }, select: { createdAt: true } });
    if (!card) throw new CardNotFoundError(cardId);
    await tx.$executeRaw`INSERT INTO card_states (card_id, due) VALUES (${cardId}, ${card.createdAt ?? now}) ON CONFLICT (card_id) DO NOTHING`;
    [row] = await select();
  }
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  // P2002 from model queries; raw queries report the PostgreSQL code (23505) under P2010.
  return error.code === "P2002" || (error.code === "P2010" && JSON.stringify(error.meta ?? {}).includes("23505"));
}

/**
 * Records one answer: applies FSRS to the card's state and appends a review log, in one
 * transaction. The same idempotency key twice records once and returns the first result; an
 * answer to a card that changed since it was shown is refused (StaleAnswerError).
 */
export async function answerCard(prisma: PrismaClient, input: AnswerInput): Promise<AnswerResult> {
  const now = input.now ?? new Date();
  // Read before the transaction: it stays short, and settings changed mid-answer don't matter.
  const context = await loadSettingsContext(prisma);
  const attempt = () =>
    prisma.$transaction(async (tx) => {
      const row = await lockedState(tx, input.cardId, now);
      // Checked under the card's lock: a concurrent answer with this key has committed by now.
      const earlier = await answerOfLog(tx, input.idempotencyKey);
      if (earlier) return earlier;
      if (row.status !== "active") throw new CardNotReviewableError(row.status);
      const before = stateOfRow(row);
      if (before.reps !== input.shown.reps || (before.lastReview?.getTime() ?? null) !== (input.shown.lastReview?.getTime() ?? null)) {
        throw new StaleAnswerError();
      }
      const { next, log } = applyRating(before, input.rating, now, context.forDeck(row.deck_id));
      const durationMs = input.durationMs == null ? null : Math.max(0, Math.min(2_147_483_647, Math.round(input.durationMs)));
      // State and log in one statement (one round trip); floats as text so they arrive bit for bit.
      const [created] = await tx.$queryRaw<{ id: string }[]>`
        WITH updated AS (
          UPDATE card_states SET due = ${next.due}, stability = ${String(next.stability)}::float8,
            difficulty = ${String(next.difficulty)}::float8, elapsed_days = ${Math.round(next.elapsedDays)},
            scheduled_days = ${Math.round(next.scheduledDays)}, learning_steps = ${next.learningSteps}, reps = ${next.reps},
            lapses = ${next.lapses}, state = ${next.state}, last_review = ${next.lastReview}, buried_until = NULL
          WHERE card_id = ${input.cardId} RETURNING card_id)
        INSERT INTO review_logs (card_id, rating, state_before, state_after, elapsed_days, scheduled_days, duration_ms, reviewed_at, idempotency_key, source)
        SELECT card_id, ${input.rating}, ${JSON.stringify(log.stateBefore)}::jsonb, ${JSON.stringify(log.stateAfter)}::jsonb,
          ${Math.round(log.elapsedDays)}, ${Math.round(log.scheduledDays)}, ${durationMs}::int, ${now}, ${input.idempotencyKey}, 'review'
        FROM updated RETURNING id`;
      return { duplicate: false, logId: created.id, cardId: input.cardId, rating: input.rating, state: next };
    }, TRANSACTION_OPTIONS);
  try {
    return await attempt();
  } catch (error) {
    // Two first answers with one key raced past the check: the loser returns the winner's result.
    if (!isUniqueViolation(error)) throw error;
    const winner = await prisma.$transaction((tx) => answerOfLog(tx, input.idempotencyKey));
    if (!winner) throw error;
    return winner;
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
