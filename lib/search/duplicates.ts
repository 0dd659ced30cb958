import type { PrismaClient } from "../db";
import { clustersFromPairs, pairKey, type SimilarPair } from "./clusters";
import { SearchInputError, UnknownCardsError } from "./errors";
import { withVectorSearch } from "./vector-sql";

export interface DuplicateCard {
  id: string;
  front: string;
  back: string;
  deck: string;
  /** Review logs of this card and of cards already merged into it. */
  reviews: number;
  lastReviewedAt: Date | null;
  /** Ratings (1 Again … 4 Easy) of the last 10 of those reviews, oldest first. */
  recentRatings: number[];
}

export interface DuplicateCluster {
  /** The closest pair's cosine similarity. */
  similarity: number;
  /** Most reviewed first: the natural one to keep. */
  cards: DuplicateCard[];
}

export interface DuplicateScanOptions {
  /** Cosine similarity from which two cards count as duplicates (default 0.9). */
  threshold?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export const DEFAULT_DUPLICATE_THRESHOLD = 0.9;
// Nearest neighbours looked at per card; a card with more duplicates than this still joins them
// all through union-find, since each of them finds its own neighbours.
const NEIGHBOURS = 5;
// Near-duplicates are very close, so the HNSW graph finds them with a short candidate list: on
// bench:embed, ef_search 10–40 found the same pairs and 20 took half the time of 40.
const SCAN_EF_SEARCH = 20;
const CHUNK = 500;

function checkThreshold(threshold: number): void {
  if (!(threshold > 0 && threshold <= 1)) throw new SearchInputError(`The duplicate threshold must be a similarity in (0, 1], got ${threshold}.`);
}

/** Each card's nearest active neighbours above the threshold, one HNSW query per card, in chunks. */
async function similarPairs(prisma: PrismaClient, model: string, threshold: number, cardIds: string[], neighbours: number, onChunk?: (done: number) => void): Promise<SimilarPair[]> {
  const pairs: SimilarPair[] = [];
  for (let start = 0; start < cardIds.length; start += CHUNK) {
    const chunk = cardIds.slice(start, start + CHUNK);
    const rows = await withVectorSearch(
      prisma,
      (tx) => tx.$queryRaw<{ a: string; b: string; similarity: number }[]>`
        SELECT e1.card_id AS a, nb.card_id AS b, nb.similarity
        FROM card_embeddings e1
        CROSS JOIN LATERAL (
          SELECT e2.card_id, 1 - (e2.embedding <=> e1.embedding) AS similarity
          FROM card_embeddings e2 JOIN cards c2 ON c2.id = e2.card_id
          WHERE e2.model = ${model} AND e2.card_id <> e1.card_id AND c2.status = 'active'
          ORDER BY e2.embedding <=> e1.embedding
          LIMIT ${neighbours}
        ) nb
        WHERE e1.model = ${model} AND e1.card_id = ANY(${chunk}) AND nb.similarity >= ${threshold}`,
      SCAN_EF_SEARCH,
    );
    pairs.push(...rows);
    onChunk?.(Math.min(start + CHUNK, cardIds.length));
  }
  return pairs;
}

async function dismissedPairs(prisma: PrismaClient): Promise<Set<string>> {
  const rows = await prisma.duplicateDismissal.findMany({ select: { cardA: true, cardB: true } });
  return new Set(rows.map((row) => pairKey(row.cardA, row.cardB)));
}

async function duplicateCards(prisma: PrismaClient, ids: string[]): Promise<Map<string, DuplicateCard>> {
  const rows = await prisma.$queryRaw<{ id: string; front: string; back: string; deck: string; reviews: number; last: Date | null; recent: number[] | null }[]>`
    WITH history AS (
      SELECT c.id AS owner, c.id AS card FROM cards c WHERE c.id = ANY(${ids})
      UNION ALL
      SELECT m.merged_into_id, m.id FROM cards m WHERE m.merged_into_id = ANY(${ids})
    )
    SELECT c.id, c.front, c.back, d.path AS deck, count(r.id)::int AS reviews, max(r.reviewed_at) AS last,
           (array_agg(r.rating ORDER BY r.reviewed_at DESC) FILTER (WHERE r.id IS NOT NULL))[1:10] AS recent
    FROM cards c
    JOIN decks d ON d.id = c.deck_id
    JOIN history h ON h.owner = c.id
    LEFT JOIN review_logs r ON r.card_id = h.card
    GROUP BY c.id, d.path`;
  return new Map(
    rows.map((row) => [
      row.id,
      { id: row.id, front: row.front, back: row.back, deck: row.deck, reviews: row.reviews, lastReviewedAt: row.last, recentRatings: (row.recent ?? []).reverse() },
    ]),
  );
}

/**
 * The heavy half of a duplicate scan: every active card embedded with `model` asks the HNSW index for
 * its nearest neighbours (never an all-pairs scan); pairs at or above the threshold are kept. Filtering
 * these pairs by a higher threshold gives what a scan at that threshold would find (the neighbours do
 * not depend on it), so one stored scan serves every threshold from its own up.
 */
export async function findDuplicatePairs(prisma: PrismaClient, model: string, options: DuplicateScanOptions = {}): Promise<SimilarPair[]> {
  const threshold = options.threshold ?? DEFAULT_DUPLICATE_THRESHOLD;
  checkThreshold(threshold);
  const ids = (
    await prisma.$queryRaw<{ id: string }[]>`
      SELECT e.card_id AS id FROM card_embeddings e JOIN cards c ON c.id = e.card_id
      WHERE e.model = ${model} AND c.status = 'active' ORDER BY e.card_id`
  ).map((row) => row.id);
  return similarPairs(prisma, model, threshold, ids, NEIGHBOURS, (done) => options.onProgress?.({ done, total: ids.length }));
}

/**
 * The cheap half: pairs (from findDuplicatePairs, possibly stored a while ago) at or above the threshold
 * whose cards are both still active, joined with union-find, without pairs marked "not duplicates".
 */
export async function duplicateClustersFromPairs(prisma: PrismaClient, pairs: SimilarPair[], threshold = DEFAULT_DUPLICATE_THRESHOLD): Promise<DuplicateCluster[]> {
  checkThreshold(threshold);
  const close = pairs.filter((pair) => pair.similarity >= threshold);
  const ids = [...new Set(close.flatMap((pair) => [pair.a, pair.b]))];
  const active = new Set((await prisma.card.findMany({ where: { id: { in: ids }, status: "active" }, select: { id: true } })).map((card) => card.id));
  const idClusters = clustersFromPairs(
    close.filter((pair) => active.has(pair.a) && active.has(pair.b)),
    await dismissedPairs(prisma),
  );
  const cards = await duplicateCards(prisma, idClusters.flatMap((cluster) => cluster.ids));
  return idClusters.map((cluster) => ({
    similarity: Math.round(cluster.similarity * 1000) / 1000,
    cards: cluster.ids.map((id) => cards.get(id)!).sort((a, b) => b.reviews - a.reviews || a.id.localeCompare(b.id)),
  }));
}

/** Clusters of near-duplicate active cards: a scan and its clusters in one call. */
export async function findDuplicateClusters(prisma: PrismaClient, model: string, options: DuplicateScanOptions = {}): Promise<{ clusters: DuplicateCluster[] }> {
  const pairs = await findDuplicatePairs(prisma, model, options);
  return { clusters: await duplicateClustersFromPairs(prisma, pairs, options.threshold) };
}

export interface FlaggedCard {
  id: string;
  front: string;
  deck: string;
  /** Where the card comes from, for a link to its note. */
  source: { path: string | null; startLine: number | null; endLine: number | null };
}

export interface DuplicateFlag {
  /** The new or changed card. */
  card: FlaggedCard;
  /** Its nearest active card. */
  similarTo: FlaggedCard;
  similarity: number;
  /** For the import summary: `new card "X" is 0.94 similar to "Y" in deck Z`. */
  message: string;
}

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

/**
 * For an import's summary: which of these new or changed cards, once embedded, nearly duplicate an
 * active card (their nearest neighbour at or above the threshold). Cards retired or suspended since the
 * import are not flagged; pairs marked "not duplicates" never are.
 */
export async function flagNewDuplicates(prisma: PrismaClient, model: string, cardIds: string[], threshold = DEFAULT_DUPLICATE_THRESHOLD): Promise<DuplicateFlag[]> {
  checkThreshold(threshold);
  if (cardIds.length === 0) return [];
  const active = (await prisma.card.findMany({ where: { id: { in: cardIds }, status: "active" }, select: { id: true } })).map((card) => card.id);
  const pairs = await similarPairs(prisma, model, threshold, active, 1);
  const dismissed = await dismissedPairs(prisma);
  const seen = new Set<string>();
  const flagged = pairs.filter((pair) => {
    const key = pairKey(pair.a, pair.b);
    if (dismissed.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const cards = await prisma.card.findMany({
    where: { id: { in: flagged.flatMap((pair) => [pair.a, pair.b]) } },
    select: { id: true, front: true, sourcePath: true, startLine: true, endLine: true, deck: { select: { path: true } } },
  });
  const byId = new Map<string, FlaggedCard>(
    cards.map((card) => [card.id, { id: card.id, front: card.front, deck: card.deck.path, source: { path: card.sourcePath, startLine: card.startLine, endLine: card.endLine } }]),
  );
  return flagged
    .sort((x, y) => y.similarity - x.similarity)
    .map(({ a, b, similarity }) => {
      const card = byId.get(a)!;
      const other = byId.get(b)!;
      const rounded = Math.round(similarity * 100) / 100;
      return {
        card,
        similarTo: other,
        similarity: rounded,
        message: `new card ${quote(card.front)} is ${rounded.toFixed(2)} similar to ${quote(other.front)} in deck ${other.deck}`,
      };
    });
}

/** A flag as it stands now: `settled` says what has been done about it since, null while it is open. */
export interface FlagState extends DuplicateFlag {
  settled: string | null;
}

interface CardNow {
  status: string;
  mergedIntoId: string | null;
}

/** Pure: what became of one flagged pair, given both cards' current state and whether the pair was dismissed. */
export function flagSettlement(card: CardNow | undefined, similarTo: CardNow | undefined, dismissed: boolean, ids: { card: string; similarTo: string }): string | null {
  if (dismissed) return "marked not duplicates";
  if (card?.mergedIntoId === ids.similarTo) return "the similar card was kept, the new card retired";
  if (similarTo?.mergedIntoId === ids.card) return "the new card was kept, the similar card retired";
  for (const [role, state] of [["new", card], ["similar", similarTo]] as const) {
    if (state && state.status !== "active") return `the ${role} card is ${state.status}`;
  }
  return null;
}

/**
 * Stored flags (an import's, checked when its cards were embedded) with what has been done about each
 * since: kept, dismissed, suspended or retired on the Duplicates page, `cards duplicates` or a re-import.
 */
export async function flagStates(prisma: PrismaClient, flags: DuplicateFlag[]): Promise<FlagState[]> {
  if (flags.length === 0) return [];
  const ids = [...new Set(flags.flatMap((flag) => [flag.card.id, flag.similarTo.id]))];
  const [cards, dismissals] = await Promise.all([
    prisma.card.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, mergedIntoId: true } }),
    prisma.duplicateDismissal.findMany({ where: { cardA: { in: ids }, cardB: { in: ids } }, select: { cardA: true, cardB: true } }),
  ]);
  const now = new Map(cards.map((card) => [card.id, card]));
  const dismissed = new Set(dismissals.map((row) => pairKey(row.cardA, row.cardB)));
  return flags.map((flag) => ({
    ...flag,
    settled: flagSettlement(now.get(flag.card.id), now.get(flag.similarTo.id), dismissed.has(pairKey(flag.card.id, flag.similarTo.id)), {
      card: flag.card.id,
      similarTo: flag.similarTo.id,
    }),
  }));
}

async function existingCards(prisma: PrismaClient, ids: string[]): Promise<void> {
  const found = new Set((await prisma.card.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((card) => card.id));
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  if (missing.length > 0) throw new UnknownCardsError(missing);
}

/**
 * Keeps one card and retires the others as its duplicates: they stop being reviewed and point to it
 * (merged_into_id), so their review logs, untouched, count in its history. Nothing is deleted.
 */
export async function keepDuplicate(prisma: PrismaClient, keepId: string, retireIds: string[]): Promise<{ kept: string; retired: number }> {
  const others = [...new Set(retireIds)].filter((id) => id !== keepId);
  if (others.length === 0) throw new SearchInputError("Name at least one card to retire besides the one to keep.");
  await existingCards(prisma, [keepId, ...others]);
  const now = new Date();
  const [retired] = await prisma.$transaction([
    prisma.card.updateMany({ where: { id: { in: others } }, data: { status: "retired", retiredAt: now, mergedIntoId: keepId } }),
    // Cards merged into a card that is now retired follow it to the kept one.
    prisma.card.updateMany({ where: { mergedIntoId: { in: others } }, data: { mergedIntoId: keepId } }),
  ]);
  return { kept: keepId, retired: retired.count };
}

/** Remembers that these cards are not duplicates of each other: the pairs never cluster again. */
export async function dismissDuplicates(prisma: PrismaClient, ids: string[]): Promise<{ pairs: number }> {
  const unique = [...new Set(ids)].sort();
  if (unique.length < 2) throw new SearchInputError("Name at least two cards that are not duplicates of each other.");
  await existingCards(prisma, unique);
  const pairs = unique.flatMap((a, i) => unique.slice(i + 1).map((b) => ({ cardA: a, cardB: b })));
  await prisma.duplicateDismissal.createMany({ data: pairs, skipDuplicates: true });
  return { pairs: pairs.length };
}

/** Suspends cards (out of review, kept with their history) without deciding which duplicate wins. */
export async function suspendCards(prisma: PrismaClient, ids: string[]): Promise<{ suspended: number }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new SearchInputError("Name at least one card to suspend.");
  await existingCards(prisma, unique);
  const { count } = await prisma.card.updateMany({ where: { id: { in: unique }, status: "active" }, data: { status: "suspended" } });
  return { suspended: count };
}
