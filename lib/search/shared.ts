import { embedderFromEnv, withEmbeddingCache, type Embedder } from "../embeddings";

// Next.js may load this module in several bundles of one process: the embedder lives on globalThis.
const key = Symbol.for("recall.search");
interface SharedState {
  embedder?: Embedder;
}
const state = (): SharedState => ((globalThis as { [key]?: SharedState })[key] ??= {});

/** The process-wide embedder from the environment; repeated queries (typing, paging) are embedded once. */
export function sharedEmbedder(): Embedder {
  return (state().embedder ??= withEmbeddingCache(embedderFromEnv(), 2_000));
}
