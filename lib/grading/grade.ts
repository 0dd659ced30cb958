import type { Embedder } from "../embeddings";
import { gradeWithLlm, llmConfigFromEnv, type LlmConfig } from "./llm";
import { gradeOffline } from "./offline";
import type { Grade, GradeRequest, GraderName } from "./types";

export interface GradeOptions {
  /** "auto" (default): the LLM when one is configured, else offline. */
  grader?: GraderName | "auto";
  /** The local embedder the offline grader was fitted with. */
  embedder: Embedder;
  /** The embedder of the stored vectors, to retrieve note passages (default: `embedder`). */
  searchEmbedder?: Embedder;
  /** LLM settings; default from the environment (OPENAI_API_KEY, OPENAI_BASE_URL, RECALL_GRADER_MODEL). */
  llm?: LlmConfig | null;
  onExplanationDelta?: (text: string) => void;
  onExplanationReset?: () => void;
  signal?: AbortSignal;
}

export class GraderUnavailableError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "GraderUnavailableError";
  }
}

/** The one entry point for grading, used by the CLI, the review page and the quiz. */
export async function gradeAnswer(req: GradeRequest, options: GradeOptions): Promise<Grade> {
  const llm = options.llm === undefined ? llmConfigFromEnv() : options.llm;
  const choice = options.grader ?? "auto";
  if (choice === "llm" && !llm) {
    throw new GraderUnavailableError("The LLM grader needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server such as Ollama); set one, or use --grader offline.");
  }
  if (choice === "offline" || !llm) return gradeOffline(req, options.embedder);
  return gradeWithLlm(req, llm, {
    fallback: (request) => gradeOffline(request, options.embedder),
    onExplanationDelta: options.onExplanationDelta,
    onExplanationReset: options.onExplanationReset,
    signal: options.signal,
  });
}
