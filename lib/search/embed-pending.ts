import { Prisma } from "../generated/prisma/client";
import type { PrismaClient } from "../db";
import { EMBEDDING_DIMENSION, EmbeddingError, plainTextForEmbedding, type Embedder } from "../embeddings";
import { vectorLiteral } from "./vector-sql";

export interface EmbedProgress {
  kind: "cards" | "passages";
  done: number;
  total: number;
}

export interface EmbedPendingOptions {
  onProgress?: (progress: EmbedProgress) => void;
  /** Texts per embedder call and per INSERT (default 128). */
  batchSize?: number;
  /** Embed at most this many rows (cards first), leaving the rest for the next call: keeps one background job short. */
  limit?: number;
}

export interface EmbedPendingResult {
  cards: number;
  passages: number;
}

// The text hash is computed by the database from the stored text, so finding what needs embedding is
// one query, not a read of every text. Bump the recipe when what is embedded changes: every row is
// then re-embedded once.
const CARD_RECIPE = "card-v2\n";
const PASSAGE_RECIPE = "passage-v2\n";
const cardHashSql = Prisma.sql`md5(${CARD_RECIPE} || c.front || chr(10) || c.back)`;
const passageHashSql = Prisma.sql`md5(${PASSAGE_RECIPE} || array_to_string(p.heading_path, ' > ') || chr(10) || p.text)`;

interface PendingRow {
  id: string;
  hash: string;
  text: string;
}

interface Target {
  kind: EmbedProgress["kind"];
  count(prisma: PrismaClient, model: string): Promise<number>;
  /** Up to `limit` rows after `afterId` (id order) whose vector for `model` is missing or stale. */
  pending(prisma: PrismaClient, model: string, afterId: string, limit: number): Promise<PendingRow[]>;
  write(prisma: PrismaClient, model: string, rows: PendingRow[], vectors: Float32Array[]): Promise<void>;
}

/** A card is embedded as the plain text of its front and back; a passage with its heading path for context. */
export function cardEmbeddingText(front: string, back: string): string {
  return plainTextForEmbedding(`${front}\n${back}`);
}

export function passageEmbeddingText(headingPath: string[], text: string): string {
  return plainTextForEmbedding(headingPath.length > 0 ? `${headingPath.join(" > ")}\n${text}` : text);
}

// Cards can also be counted among given ids (an import's cards).
const cardTarget: Target & { count(prisma: PrismaClient, model: string, ids?: string[]): Promise<number> } = {
  kind: "cards",
  async count(prisma, model, ids?: string[]) {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM cards c
      LEFT JOIN card_embeddings e ON e.card_id = c.id AND e.model = ${model}
      WHERE c.status <> 'retired' AND (e.card_id IS NULL OR e.text_hash <> ${cardHashSql})
        ${ids ? Prisma.sql`AND c.id = ANY(${ids})` : Prisma.empty}`;
    return row.n;
  },
  async pending(prisma, model, afterId, limit) {
    const rows = await prisma.$queryRaw<{ id: string; hash: string; front: string; back: string }[]>`
      SELECT c.id, ${cardHashSql} AS hash, c.front, c.back FROM cards c
      LEFT JOIN card_embeddings e ON e.card_id = c.id AND e.model = ${model}
      WHERE c.status <> 'retired' AND c.id > ${afterId} AND (e.card_id IS NULL OR e.text_hash <> ${cardHashSql})
      ORDER BY c.id LIMIT ${limit}`;
    return rows.map((row) => ({ id: row.id, hash: row.hash, text: cardEmbeddingText(row.front, row.back) }));
  },
  async write(prisma, model, rows, vectors) {
    // Joined to cards so a row deleted meanwhile is skipped instead of failing the whole batch.
    await prisma.$executeRaw`
      INSERT INTO card_embeddings (card_id, model, text_hash, embedding)
      SELECT v.id, ${model}, v.hash, v.embedding::vector
      FROM (VALUES ${valuesSql(rows, vectors)}) AS v(id, hash, embedding)
      JOIN cards c ON c.id = v.id
      ON CONFLICT (card_id, model) DO UPDATE
        SET text_hash = EXCLUDED.text_hash, embedding = EXCLUDED.embedding, created_at = now()`;
  },
};

const passageTarget: Target = {
  kind: "passages",
  async count(prisma, model) {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM passages p
      LEFT JOIN passage_embeddings e ON e.passage_id = p.id AND e.model = ${model}
      WHERE e.passage_id IS NULL OR e.text_hash <> ${passageHashSql}`;
    return row.n;
  },
  async pending(prisma, model, afterId, limit) {
    const rows = await prisma.$queryRaw<{ id: string; hash: string; heading_path: string[]; text: string }[]>`
      SELECT p.id, ${passageHashSql} AS hash, p.heading_path, p.text FROM passages p
      LEFT JOIN passage_embeddings e ON e.passage_id = p.id AND e.model = ${model}
      WHERE p.id > ${afterId} AND (e.passage_id IS NULL OR e.text_hash <> ${passageHashSql})
      ORDER BY p.id LIMIT ${limit}`;
    return rows.map((row) => ({ id: row.id, hash: row.hash, text: passageEmbeddingText(row.heading_path ?? [], row.text) }));
  },
  async write(prisma, model, rows, vectors) {
    await prisma.$executeRaw`
      INSERT INTO passage_embeddings (passage_id, model, text_hash, embedding)
      SELECT v.id, ${model}, v.hash, v.embedding::vector
      FROM (VALUES ${valuesSql(rows, vectors)}) AS v(id, hash, embedding)
      JOIN passages p ON p.id = v.id
      ON CONFLICT (passage_id, model) DO UPDATE
        SET text_hash = EXCLUDED.text_hash, embedding = EXCLUDED.embedding, created_at = now()`;
  },
};

function valuesSql(rows: PendingRow[], vectors: Float32Array[]): Prisma.Sql {
  return Prisma.join(rows.map((row, i) => Prisma.sql`(${row.id}, ${row.hash}, ${vectorLiteral(vectors[i])})`));
}

/** Refuses vectors pgvector would reject or that would corrupt similarity, before anything is written. */
function checkVectors(embedder: Embedder, texts: number, vectors: Float32Array[]): void {
  if (vectors.length !== texts) {
    throw new EmbeddingError(`embedding model ${embedder.model} returned ${vectors.length} vectors for ${texts} texts`);
  }
  for (const vector of vectors) {
    if (vector.length !== EMBEDDING_DIMENSION) {
      throw new EmbeddingError(
        `embedding model ${embedder.model} returned ${vector.length}-d vectors; the database stores ${EMBEDDING_DIMENSION}-d. ` +
          `Choose a ${EMBEDDING_DIMENSION}-d model (RECALL_EMBEDDING_MODEL).`,
      );
    }
    if (!vector.every(Number.isFinite)) throw new EmbeddingError(`embedding model ${embedder.model} returned a vector with NaN or infinite values`);
  }
}

async function embedTarget(prisma: PrismaClient, embedder: Embedder, target: Target, options: EmbedPendingOptions, limit: number): Promise<number> {
  const batchSize = options.batchSize ?? 128;
  if (limit <= 0) return 0;
  const total = Math.min(limit, await target.count(prisma, embedder.model));
  if (total === 0) return 0;
  let done = 0;
  let fetched = 0;
  let afterId = "";
  let writing: Promise<void> = Promise.resolve();
  options.onProgress?.({ kind: target.kind, done, total });
  const readBatch = async (): Promise<PendingRow[]> => {
    if (fetched >= limit) return [];
    const rows = await target.pending(prisma, embedder.model, afterId, Math.min(batchSize, limit - fetched));
    fetched += rows.length;
    if (rows.length > 0) afterId = rows[rows.length - 1].id;
    return rows;
  };
  const embed = (rows: PendingRow[]): Promise<Float32Array[]> => {
    if (rows.length === 0) return Promise.resolve([]);
    const vectors = embedder.embed(rows.map((row) => row.text));
    vectors.catch(() => {}); // observed in turn below
    return vectors;
  };
  let rows = await readBatch();
  let embedding = embed(rows);
  try {
    while (rows.length > 0) {
      // The next batch is read while the model works on this one, and handed to the model before this
      // one is written: PGlite runs one statement at a time, so a read queued behind the write, or the
      // write's SQL built first, would leave the model idle.
      const reading = readBatch();
      reading.catch(() => {});
      const vectors = await embedding;
      checkVectors(embedder, rows.length, vectors);
      const nextRows = await reading;
      embedding = embed(nextRows);
      await writing;
      const written = rows;
      writing = target.write(prisma, embedder.model, written, vectors).then(() => {
        done += written.length;
        options.onProgress?.({ kind: target.kind, done, total });
      });
      writing.catch(() => {});
      rows = nextRows;
    }
  } catch (error) {
    // The batch being written when the model or a read failed is written all the same (or not at all).
    await writing.catch(() => {});
    throw error;
  }
  await writing;
  return done;
}

/**
 * Embeds every card that is not retired (suspended ones too, so a status filter finds them by meaning)
 * and every passage, whose vector for `embedder.model` is missing or was made from other text. Runs in batches outside any transaction; each batch is one INSERT, so a vector is
 * either wholly written or absent. If the embedder fails, the EmbeddingError propagates, the batches
 * already written stay, and the rest is picked up by the next call.
 *
 * Vectors of other models are kept (switching back costs nothing); every query filters on the model,
 * so vectors of two models are never compared.
 */
export async function embedPending(prisma: PrismaClient, embedder: Embedder, options: EmbedPendingOptions = {}): Promise<EmbedPendingResult> {
  const limit = options.limit ?? Infinity;
  const cards = await embedTarget(prisma, embedder, cardTarget, options, limit);
  const passages = await embedTarget(prisma, embedder, passageTarget, options, limit - cards);
  return { cards, passages };
}

/** How many cards and passages have no vector (or a stale one) for `model`: what search by meaning still misses. */
export async function countPendingEmbeddings(prisma: PrismaClient, model: string): Promise<EmbedPendingResult> {
  return { cards: await cardTarget.count(prisma, model), passages: await passageTarget.count(prisma, model) };
}

/** How many of these cards (retired ones aside) still wait for their vector for `model`: an import's cards, say. */
export async function countPendingCards(prisma: PrismaClient, model: string, cardIds: string[]): Promise<number> {
  return cardIds.length === 0 ? 0 : cardTarget.count(prisma, model, cardIds);
}
