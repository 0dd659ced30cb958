/** Turns texts into vectors of one fixed dimension; vectors of two models are never comparable. */
export interface Embedder {
  /** Identifies the model that produced a vector, e.g. "local:all-MiniLM-L6-v2-q4". */
  readonly model: string;
  readonly dimension: number;
  /** One vector per text, in the order given. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** The database column is vector(384): every embedder must produce this dimension. */
export const EMBEDDING_DIMENSION = 384;

/** Embedding failed; the message names the model (and endpoint) and says what to do. */
export class EmbeddingError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmbeddingError";
  }
}
