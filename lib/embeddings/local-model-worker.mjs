// The local model in a worker thread (started by local.ts). ONNX Runtime's Node binding runs a session
// synchronously on the calling thread: on the main thread it would stall the event loop, and embedded
// PGlite with it, for the whole of every batch. Plain JavaScript, so it runs as is under tsx, Vitest and
// the Next.js server.
import { parentPort, workerData } from "node:worker_threads";

const { modelFolder, modelId, threads, batchSize, dimension } = workerData;

let extractorPromise;

function loadExtractor() {
  extractorPromise ??= (async () => {
    const { env, pipeline } = await import("@huggingface/transformers");
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = modelFolder;
    return pipeline("feature-extraction", modelId, {
      dtype: "q4",
      session_options: {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        // Idle pool threads sleep instead of spinning: the CPU they would burn is what the database
        // (PGlite on the main thread, or the PostgreSQL server) needs to write the previous batch.
        extra: { session: { intra_op: { allow_spinning: "0" } } },
      },
    });
  })();
  extractorPromise.catch(() => {
    extractorPromise = undefined; // let a later call try again
  });
  return extractorPromise;
}

async function embed(texts) {
  let extractor;
  try {
    extractor = await loadExtractor();
  } catch (error) {
    throw Object.assign(new Error(error?.message ?? String(error)), { loading: true });
  }
  // Batches of similar length waste less work on padding.
  const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
  const vectors = new Float32Array(texts.length * dimension);
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    const output = await extractor(
      batch.map((i) => texts[i]),
      { pooling: "mean", normalize: true },
    );
    batch.forEach((textIndex, row) => {
      vectors.set(output.data.subarray(row * dimension, (row + 1) * dimension), textIndex * dimension);
    });
  }
  return vectors;
}

parentPort.on("message", async ({ id, texts }) => {
  try {
    const vectors = await embed(texts);
    parentPort.postMessage({ id, vectors }, [vectors.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error?.message ?? String(error), loading: error?.loading === true });
  }
});
