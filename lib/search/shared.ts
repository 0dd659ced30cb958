import type { PrismaClient } from "../db";
import { embedderFromEnv, withEmbeddingCache, type Embedder } from "../embeddings";
import { embedPending } from "./embed-pending";

// Next.js may load this module in several bundles of one process: the state lives on globalThis.
const key = Symbol.for("recall.search");
interface SharedState {
  embedder?: Embedder;
  embedding?: Promise<void>;
  lastCheck?: number;
}
const state = (): SharedState => ((globalThis as { [key]?: SharedState })[key] ??= {});

/** The process-wide embedder from the environment; repeated queries (typing, paging) are embedded once. */
export function sharedEmbedder(): Embedder {
  return (state().embedder ??= withEmbeddingCache(embedderFromEnv(), 2_000));
}

const CHECK_INTERVAL_MS = 60_000;

/**
 * Starts embedding whatever has no vector for the embedder's model (after a model change, or an import
 * whose embedding failed), without waiting for it: searches meanwhile use the vectors there are.
 * At most one run per process, and a check at most once a minute.
 */
export function embedInBackground(prisma: PrismaClient, embedder: Embedder): void {
  const shared = state();
  const now = Date.now();
  if (shared.embedding || (shared.lastCheck && now - shared.lastCheck < CHECK_INTERVAL_MS)) return;
  shared.lastCheck = now;
  shared.embedding = embedPending(prisma, embedder)
    .then(() => undefined)
    .catch((error: unknown) => console.error(`background embedding failed (retried later): ${(error as Error).message}`))
    .finally(() => {
      shared.embedding = undefined;
    });
}
