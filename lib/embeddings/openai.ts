import OpenAI from "openai";
import { EmbeddingError, type Embedder } from "./types";

export interface OpenAIEmbedderOptions {
  /** e.g. "https://api.openai.com/v1" or "http://localhost:11434/v1" (Ollama). */
  baseURL: string;
  /** Optional: local servers usually need none. Never logged nor put in an error message. */
  apiKey?: string;
  model: string;
  dimension: number;
  /** Per request, before a retry; default 30 s. */
  timeoutMs?: number;
  /** Retries with exponential backoff on timeouts, connection errors, 408/409/429 and 5xx; default 2. */
  maxRetries?: number;
}

// Servers cap the inputs per request (OpenAI: 2048); 64 keeps requests small and progress steady.
const INPUTS_PER_REQUEST = 64;

/** Any OpenAI-compatible /embeddings endpoint (OpenAI, Ollama, llama.cpp server, vLLM, LM Studio). */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const { baseURL, model, dimension } = options;
  const where = `embedding endpoint ${baseURL} (model ${model})`;
  const client = new OpenAI({
    baseURL,
    // The SDK insists on a key; servers without auth ignore the placeholder.
    apiKey: options.apiKey || "no-key",
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
  });

  async function embedBatch(texts: string[]): Promise<Float32Array[]> {
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      // "float" explicitly: the SDK's default base64 transfer is not implemented by every compatible server.
      response = await client.embeddings.create({ model, input: texts, dimensions: dimension, encoding_format: "float" });
    } catch (error) {
      throw new EmbeddingError(`${where} failed: ${describeFailure(error)}`, { cause: error });
    }
    const data = Array.isArray(response?.data) ? response.data : undefined;
    if (!data || data.length !== texts.length) {
      throw new EmbeddingError(`${where} returned ${data?.length ?? "no"} vectors for ${texts.length} texts`);
    }
    const vectors = new Array<Float32Array>(texts.length);
    for (const [position, item] of data.entries()) {
      const index = typeof item.index === "number" ? item.index : position;
      if (!Array.isArray(item.embedding) || index < 0 || index >= texts.length) {
        throw new EmbeddingError(`${where} returned a malformed embedding (index ${String(item.index)})`);
      }
      if (item.embedding.length !== dimension) {
        throw new EmbeddingError(
          `${where} returned ${item.embedding.length}-d vectors, expected ${dimension}. ` +
            `Choose a model that supports ${dimension} dimensions (RECALL_EMBEDDING_MODEL).`,
        );
      }
      vectors[index] = Float32Array.from(item.embedding);
    }
    if (vectors.some((v) => v === undefined)) throw new EmbeddingError(`${where} returned duplicate indexes`);
    return vectors;
  }

  return {
    model: `openai:${model}`,
    dimension,
    async embed(texts) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += INPUTS_PER_REQUEST) {
        vectors.push(...(await embedBatch(texts.slice(start, start + INPUTS_PER_REQUEST))));
      }
      return vectors;
    },
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return "timed out (is the server overloaded?)";
  if (error instanceof OpenAI.APIConnectionError) return "unreachable (is the server running? check OPENAI_BASE_URL)";
  if (error instanceof OpenAI.AuthenticationError) return "rejected the API key (check OPENAI_API_KEY)";
  if (error instanceof OpenAI.APIError) return `HTTP ${error.status ?? "error"}: ${error.message}`;
  return (error as Error)?.message ?? String(error);
}
