import { createLocalEmbedder, EmbeddingError, withEmbeddingCache, type Embedder } from "../../lib/embeddings";

/** The real local model, loaded once per test file; the cache spares re-embedding the same texts per backend. */
export const localEmbedder: Embedder = withEmbeddingCache(createLocalEmbedder());

/** The same model under another name and with every vector negated: mixing its vectors with the local ones would rank everything backwards. */
export function otherModel(name = "test:negated-minilm"): Embedder {
  return {
    model: name,
    dimension: localEmbedder.dimension,
    async embed(texts) {
      return (await localEmbedder.embed(texts)).map((vector) => vector.map((x) => -x));
    },
  };
}

/** Counts the texts it is asked to embed. */
export function countingEmbedder(inner: Embedder = localEmbedder): Embedder & { texts: string[] } {
  const texts: string[] = [];
  return {
    model: inner.model,
    dimension: inner.dimension,
    texts,
    async embed(batch) {
      texts.push(...batch);
      return inner.embed(batch);
    },
  };
}

/** The real model, except that the calls `fails` picks (numbered from 1) throw `message`, as a broken endpoint does. */
export function failingEmbedder(fails: (call: number) => boolean, message: string): Embedder {
  let calls = 0;
  return {
    model: localEmbedder.model,
    dimension: localEmbedder.dimension,
    async embed(texts) {
      if (fails(++calls)) throw new EmbeddingError(message);
      return localEmbedder.embed(texts);
    },
  };
}
