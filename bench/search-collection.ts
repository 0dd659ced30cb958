/**
 * A generated card collection for the search and embedding benchmarks: card-like sentences from
 * templates, and vectors that are real MiniLM embeddings of some of them mixed and perturbed (uniform
 * random vectors would make HNSW look far worse than on real data).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../lib/db";
import { Prisma } from "../lib/generated/prisma/client";
import type { Embedder } from "../lib/embeddings";
import { vectorLiteral } from "../lib/search/vector-sql";
import { random } from "./random";
import { createScratchDatabase } from "./scratch-database";


const concepts = [
  "gradient descent", "dropout", "batch normalisation", "overfitting", "a hash table", "a binary search tree", "a B-tree index",
  "the attention mechanism", "a transformer encoder", "tokenisation", "beam search", "quantisation", "knowledge distillation",
  "a bloom filter", "consistent hashing", "the CAP theorem", "two-phase commit", "a write-ahead log", "MVCC", "a mutex",
  "a semaphore", "deadlock", "a race condition", "garbage collection", "reference counting", "tail recursion", "memoisation",
  "dynamic programming", "Dijkstra's algorithm", "a minimum spanning tree", "topological sort", "union-find", "a trie",
  "a heap", "quicksort", "merge sort", "binary search", "the sliding window technique", "two pointers", "backtracking",
  "TCP congestion control", "DNS resolution", "TLS handshakes", "HTTP caching", "a load balancer", "rate limiting",
  "eventual consistency", "sharding", "replication lag", "a message queue", "idempotency keys", "the circuit breaker pattern",
  "dependency injection", "the observer pattern", "immutability", "closures", "the event loop", "async/await", "promises",
  "SQL joins", "database normalisation", "an index scan", "query planning", "vector embeddings", "cosine similarity",
  "nearest neighbour search", "HNSW graphs", "BM25 ranking", "retrieval-augmented generation", "prompt engineering",
  "fine-tuning", "LoRA adapters", "RLHF", "perplexity", "cross-entropy loss", "softmax", "the learning rate", "regularisation",
  "the bias-variance trade-off", "precision and recall", "ROC curves", "k-means clustering", "PCA", "word2vec",
];
const questionTemplates = [
  "What is {a}?", "Why would you use {a}?", "How does {a} work?", "When does {a} fail?", "Compare {a} and {b}.",
  "What problem does {a} solve?", "How is {a} related to {b}?", "What are the costs of {a}?", "Explain {a} to a beginner.",
  "Give an example of {a} in practice.", "What is the time complexity of {a}?", "How do you test {a}?",
];
const answerTemplates = [
  "{A} keeps the common case fast, at the price of extra memory and some bookkeeping.",
  "It trades accuracy for speed; {b} is the usual alternative when that trade-off is wrong.",
  "Think of {a} as a way to avoid repeating work: results are stored and reused.",
  "{A} fails when its assumptions break, for example under heavy contention or skewed data.",
  "In practice {a} is combined with {b}, and each covers the other's weak spot.",
  "The key idea is locality: nearby items are handled together, so fewer expensive steps are needed.",
  "{A} is measured by latency and throughput; tune it by profiling, not by guessing.",
  "Interviewers expect a definition, one example, and the main failure mode of {a}.",
];

function fill(template: string, a: string, b: string): string {
  return template.replaceAll("{a}", a).replaceAll("{b}", b).replaceAll("{A}", a[0].toUpperCase() + a.slice(1));
}

/** n card texts (front and back), realistic in length and vocabulary, reproducible from the seed. */
export function generateCards(n: number, seed = 1): { front: string; back: string }[] {
  const rand = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)];
  return Array.from({ length: n }, () => {
    const a = pick(concepts);
    const b = pick(concepts);
    return { front: fill(pick(questionTemplates), a, b), back: `${fill(pick(answerTemplates), a, b)} ${fill(pick(answerTemplates), b, a)}` };
  });
}

/** Unit vector of a + b·w + noise (per-dimension standard deviation sigma). */
function mix(a: Float32Array, b: Float32Array, w: number, sigma: number, rand: () => number): Float32Array {
  const out = new Float32Array(a.length);
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    // Box–Muller for a normal sample.
    const noise = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    out[i] = a[i] + w * b[i] + sigma * noise;
    norm += out[i] * out[i];
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

export interface Collection {
  cards: { front: string; back: string }[];
  vectors: Float32Array[];
}

/**
 * n cards whose vectors are real embeddings of `base` generated cards, each mixed with another and
 * perturbed; `duplicateShare` of them are planted near-copies (cosine ≈ 0.99) of another card.
 */
export async function generateCollection(embedder: Embedder, n: number, options: { base?: number; duplicateShare?: number; seed?: number } = {}): Promise<Collection> {
  const base = generateCards(Math.min(options.base ?? 3000, n), options.seed ?? 1);
  const baseVectors = await embedder.embed(base.map((card) => `${card.front} ${card.back}`));
  const rand = random((options.seed ?? 1) + 1);
  const cards: Collection["cards"] = [];
  const vectors: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && rand() < (options.duplicateShare ?? 0)) {
      const original = Math.floor(rand() * i);
      cards.push({ front: `${cards[original].front} (again)`, back: cards[original].back });
      vectors.push(mix(vectors[original], vectors[original], 0, 0.004, rand));
      continue;
    }
    const a = Math.floor(rand() * base.length);
    const b = Math.floor(rand() * base.length);
    cards.push({ front: base[a].front, back: `${base[a].back} ${base[b].front}` });
    vectors.push(mix(baseVectors[a], baseVectors[b], 0.35, 0.02, rand));
  }
  return { cards, vectors };
}

export interface BenchDatabase extends Database {
  name: string;
  destroy(): Promise<void>;
}

/**
 * The PostgreSQL server to benchmark (DATABASE_URL), taken out of the environment so that the PGlite
 * runs are not redirected to it by openDatabase's fallback.
 */
export const benchServerUrl: string | undefined = process.env.DATABASE_URL || undefined;
delete process.env.DATABASE_URL;

/** Which backends to run: --backend pglite|postgres, else PGlite and, when DATABASE_URL is set, PostgreSQL. */
export function benchBackends(args: string[]): ("pglite" | "postgres")[] {
  const chosen = argValue(args, "--backend");
  if (chosen === "pglite" || chosen === "postgres") {
    if (chosen === "postgres" && !benchServerUrl) throw new Error("--backend postgres needs DATABASE_URL (a PostgreSQL server with pgvector)");
    return [chosen];
  }
  if (chosen) throw new Error(`--backend must be pglite or postgres, got ${chosen}`);
  return benchServerUrl ? ["pglite", "postgres"] : ["pglite"];
}

/** A fresh database: PGlite in a temp dir, or a new database on the server of `serverUrl`. */
export async function freshDatabase(backend: "pglite" | "postgres", serverUrl?: string): Promise<BenchDatabase> {
  if (backend === "pglite") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "recall-bench-"));
    const db = await openDatabase({ dataDir });
    return Object.assign(db, {
      name: "PGlite",
      async destroy() {
        await db.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    });
  }
  const scratch = await createScratchDatabase(serverUrl!, "recall_bench");
  const db = await openDatabase({ url: scratch.url });
  return Object.assign(db, {
    name: "PostgreSQL",
    async destroy() {
      await db.close();
      await scratch.drop();
    },
  });
}

const ROWS_PER_INSERT = 500;

/**
 * Writes the cards (in `decks` decks) and, when given, their vectors for `model`, then builds the HNSW
 * index once (much faster than growing it row by row). Returns the card ids in order.
 */
export async function loadCollection(db: Database, cards: Collection["cards"], vectors: Float32Array[] | null, model: string, decks = 10): Promise<string[]> {
  const { prisma } = db;
  const deckIds: string[] = [];
  for (let d = 0; d < decks; d++) deckIds.push((await prisma.deck.create({ data: { path: `bench/deck-${d}`, name: `deck-${d}` } })).id);
  // Loaded without the HNSW index, which is then rebuilt as the migrations define it (a bulk build is faster).
  const [index] = await db.driver.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'card_embeddings_embedding_idx'");
  await db.driver.exec("DROP INDEX card_embeddings_embedding_idx");
  const ids: string[] = [];
  for (let start = 0; start < cards.length; start += ROWS_PER_INSERT) {
    const slice = cards.slice(start, start + ROWS_PER_INSERT);
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO cards (deck_id, front, back, content_hash, position)
      SELECT * FROM (VALUES ${Prisma.join(slice.map((card, i) => Prisma.sql`(${deckIds[(start + i) % decks]}, ${card.front}, ${card.back}, ${String(start + i)}, ${start + i}::int)`))}) AS v(deck_id, front, back, content_hash, position)
      RETURNING id`;
    ids.push(...rows.map((row) => row.id));
    if (vectors) {
      await prisma.$executeRaw`
        INSERT INTO card_embeddings (card_id, model, text_hash, embedding)
        SELECT v.id, ${model}, 'generated', v.embedding::vector
        FROM (VALUES ${Prisma.join(rows.map((row, i) => Prisma.sql`(${row.id}, ${vectorLiteral(vectors[start + i])})`))}) AS v(id, embedding)`;
    }
  }
  await db.driver.transaction(async (session) => {
    await session.exec("SET LOCAL maintenance_work_mem = '1GB'");
    await session.exec(index.indexdef);
  });
  await db.driver.exec("ANALYZE");
  return ids;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
