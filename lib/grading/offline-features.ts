import { withEmbeddingCache, type Embedder } from "../embeddings";
import { gradingFeatures, textsToEmbed, type FeatureName, type GradingTexts } from "./features";

// Vectors of references, their words and note passages recur from answer to answer: embed them once.
const cachedEmbedders = new WeakMap<Embedder, Embedder>();
function cached(embedder: Embedder): Embedder {
  let wrapped = cachedEmbedders.get(embedder);
  if (!wrapped) cachedEmbedders.set(embedder, (wrapped = withEmbeddingCache(embedder)));
  return wrapped;
}

/** Embeds the texts (through a per-embedder cache) and returns a lookup of their vectors. */
export async function vectorsFor(texts: string[], embedder: Embedder): Promise<(text: string) => Float32Array> {
  const unique = [...new Set(texts)];
  const vectors = await cached(embedder).embed(unique);
  const byText = new Map(unique.map((text, i) => [text, vectors[i]]));
  return (text) => {
    const vector = byText.get(text);
    if (!vector) throw new Error(`no vector for ${JSON.stringify(text)}`);
    return vector;
  };
}

/** Features of many answers with one batched embedding call (fitting and evaluation). */
export async function offlineFeatures(items: GradingTexts[], embedder: Embedder): Promise<Record<FeatureName, number>[]> {
  const vectorOf = await vectorsFor(items.flatMap(textsToEmbed), embedder);
  return items.map((texts) => gradingFeatures(texts, vectorOf));
}

