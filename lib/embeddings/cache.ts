import type { Embedder } from "./types";

/**
 * Remembers the vectors of recently embedded texts (least recently used first out), so texts that recur —
 * a card's reference answer, its words, note passages — are embedded once per process.
 */
export function withEmbeddingCache(embedder: Embedder, maxEntries = 20_000): Embedder {
  const cache = new Map<string, Float32Array>();
  return {
    model: embedder.model,
    dimension: embedder.dimension,
    async embed(texts) {
      const missing = [...new Set(texts.filter((text) => !cache.has(text)))];
      const fresh = missing.length > 0 ? await embedder.embed(missing) : [];
      missing.forEach((text, i) => cache.set(text, fresh[i]));
      const vectors = texts.map((text) => {
        const vector = cache.get(text)!;
        cache.delete(text); // re-insert: Map order is the recency order
        cache.set(text, vector);
        return vector;
      });
      for (const oldest of cache.keys()) {
        if (cache.size <= maxEntries) break;
        cache.delete(oldest);
      }
      return vectors;
    },
  };
}
