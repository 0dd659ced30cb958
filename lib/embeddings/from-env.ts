import { z } from "zod";
import { createLocalEmbedder } from "./local";
import { createOpenAIEmbedder } from "./openai";
import { EMBEDDING_DIMENSION, EmbeddingError, type Embedder } from "./types";

const EmbeddingEnv = z.object({
  RECALL_EMBEDDING_MODEL: z.string().trim().optional(),
  RECALL_EMBEDDING_DIMENSION: z.string().trim().optional(),
  OPENAI_BASE_URL: z.string().trim().optional(),
  OPENAI_API_KEY: z.string().optional(),
});

/**
 * RECALL_EMBEDDING_MODEL set → that model on the OpenAI-compatible endpoint OPENAI_BASE_URL (default
 * OpenAI) with OPENAI_API_KEY; unset → the local MiniLM model. Always 384-d: the database column is
 * vector(384), so a RECALL_EMBEDDING_DIMENSION other than 384 is refused.
 */
export function embedderFromEnv(env: Record<string, string | undefined> = process.env): Embedder {
  const vars = EmbeddingEnv.parse(env);
  if (vars.RECALL_EMBEDDING_DIMENSION && Number(vars.RECALL_EMBEDDING_DIMENSION) !== EMBEDDING_DIMENSION) {
    throw new EmbeddingError(
      `RECALL_EMBEDDING_DIMENSION=${vars.RECALL_EMBEDDING_DIMENSION} is not supported: embeddings are stored as ` +
        `vector(${EMBEDDING_DIMENSION}). Unset it, or set it to ${EMBEDDING_DIMENSION} and use a model that can ` +
        `return ${EMBEDDING_DIMENSION}-d vectors.`,
    );
  }
  if (!vars.RECALL_EMBEDDING_MODEL) return createLocalEmbedder();
  return createOpenAIEmbedder({
    baseURL: vars.OPENAI_BASE_URL || "https://api.openai.com/v1",
    apiKey: vars.OPENAI_API_KEY,
    model: vars.RECALL_EMBEDDING_MODEL,
    dimension: EMBEDDING_DIMENSION,
  });
}
