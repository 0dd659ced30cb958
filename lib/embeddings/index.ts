export { EMBEDDING_DIMENSION, EmbeddingError, type Embedder } from "./types";
export { cosine } from "./vector";
export { plainTextForEmbedding } from "./plain-text";
export { createLocalEmbedder, localModelFolder } from "./local";
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from "./openai";
export { embedderFromEnv } from "./from-env";
export { withEmbeddingCache } from "./cache";
