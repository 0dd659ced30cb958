import { setTimeout as delay } from "node:timers/promises";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions";
import {
  addressesGrader,
  correctionMessages,
  GRADER_DIRECTED_NOTE,
  gradingMessages,
  parseGradingReply,
  partialExplanation,
  type ChatMessage,
} from "./prompt";
import type { Grade, GradeRequest } from "./types";

/**
 * The LLM grader: any OpenAI-compatible chat endpoint (OpenAI, Ollama, llama.cpp server, vLLM, LM Studio).
 * It never fails the user: timeouts, refusals, rate limits and invalid output end in the fallback grader,
 * with `fallbackReason` saying what went wrong.
 */

export interface LlmConfig {
  /** OpenAI-compatible base URL, e.g. http://localhost:11434/v1; the OpenAI API when absent. */
  baseURL?: string;
  apiKey: string;
  model: string;
  /** Budget for the whole grading, retries and backoff included; then the fallback answers. Default 20000. */
  timeoutMs?: number;
  /** Retries of a request after 429, 5xx or a network error. Default 2. */
  maxRetries?: number;
  /** First backoff delay, doubled each retry, unless the server sends Retry-After. Default 500. */
  retryBaseMs?: number;
}

export const DEFAULT_GRADER_MODEL = "gpt-4o-mini";
/** Sent when OPENAI_BASE_URL names a server that needs no key (Ollama, llama.cpp); the SDK insists on one. */
export const KEYLESS_PLACEHOLDER = "no-key";

const DEFAULTS = { timeoutMs: 20_000, maxRetries: 2, retryBaseMs: 500 };

export class LlmConfigError extends Error {
  override name = "LlmConfigError";
}

/**
 * The LLM grader's configuration, or null when none is set up (grade offline).
 * OPENAI_API_KEY alone: OpenAI. OPENAI_BASE_URL (with or without a key): that server; without a key a
 * placeholder is sent, and a server that does need one refuses it, which ends in the fallback with a
 * reason naming OPENAI_API_KEY. RECALL_GRADER_MODEL picks the model (default gpt-4o-mini),
 * RECALL_GRADER_TIMEOUT_MS the time budget (slow local models may need more than 20 s).
 */
export function llmConfigFromEnv(env: Record<string, string | undefined> = process.env): LlmConfig | null {
  const apiKey = env.OPENAI_API_KEY?.trim() || undefined;
  const baseURL = env.OPENAI_BASE_URL?.trim() || undefined;
  if (!apiKey && !baseURL) return null;
  const config: LlmConfig = {
    baseURL,
    apiKey: apiKey ?? KEYLESS_PLACEHOLDER,
    model: env.RECALL_GRADER_MODEL?.trim() || DEFAULT_GRADER_MODEL,
  };
  const timeout = env.RECALL_GRADER_TIMEOUT_MS?.trim();
  if (timeout) {
    const timeoutMs = Number(timeout);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new LlmConfigError(
        `RECALL_GRADER_TIMEOUT_MS must be a positive number of milliseconds (got "${timeout}"); fix or unset it.`,
      );
    }
    config.timeoutMs = timeoutMs;
  }
  return config;
}

export interface LlmGradeOptions {
  /** Answers when the LLM cannot (in the app: the offline grader); `reason` says why. */
  fallback: (req: GradeRequest, reason: string) => Promise<Grade>;
  /** Receives the explanation piece by piece while the model writes it; the pieces concatenate to `Grade.explanation`. */
  onExplanationDelta?: (text: string) => void;
  /** Explanation text already streamed is void (the reply was invalid and is retried, or the fallback answers). */
  onExplanationReset?: () => void;
  /** Aborting it rejects with the signal's reason; no fallback grade is made for a caller who left. */
  signal?: AbortSignal;
}

/** Why the LLM could not grade; becomes `fallbackReason`. Internal: callers only ever see a Grade. */
class LlmFailure extends Error {}

/**
 * Grades with the model, streaming the explanation when `onExplanationDelta` is given.
 * Invalid output (bad JSON, wrong fields, score off the 0–5 scale, citing a passage that was not given)
 * is retried once with a correction; transport failures are retried with backoff within `timeoutMs`.
 */
export async function gradeWithLlm(req: GradeRequest, config: LlmConfig, options: LlmGradeOptions): Promise<Grade> {
  const timeoutMs = config.timeoutMs ?? DEFAULTS.timeoutMs;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const call = new CompletionCall(config, { deadline: deadline.signal, caller: options.signal }, timeoutMs);
  const explanation = new ExplanationStream(options.onExplanationDelta, options.onExplanationReset);
  try {
    return await gradeOrFail(req, config, call, explanation);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (!(error instanceof LlmFailure)) throw error;
    explanation.reset();
    const reason = `${error.message}; graded offline`;
    return { ...(await options.fallback(req, reason)), fallbackReason: reason };
  } finally {
    clearTimeout(timer);
  }
}

async function gradeOrFail(
  req: GradeRequest,
  config: LlmConfig,
  call: CompletionCall,
  explanation: ExplanationStream,
): Promise<Grade> {
  const passageIds = req.passages.map((passage) => passage.id);
  let messages = gradingMessages(req);
  let problem = "";
  for (let round = 0; round < 2; round++) {
    const reply = await call.complete(messages, explanation.streaming ? (raw) => explanation.update(raw) : undefined);
    const parsed = parseGradingReply(reply.text, passageIds);
    if (parsed.ok) {
      const note = addressesGrader(req.answer) ? ` ${GRADER_DIRECTED_NOTE}` : "";
      // Streams the note, and anything the incremental reader had not handed out yet, so the pieces add up to the Grade.
      explanation.append(note);
      explanation.update(reply.text);
      return { ...parsed.reply, explanation: parsed.reply.explanation + note, grader: "llm", model: config.model };
    }
    problem = reply.truncated ? "the reply was cut off before the JSON ended; keep it shorter" : parsed.problem;
    messages = [...messages, ...correctionMessages(reply.text, problem)];
    explanation.reset();
  }
  throw new LlmFailure(`model "${config.model}" at ${call.endpoint} gave invalid output twice (${problem})`);
}

/** Streams the "explanation" field of a JSON reply as it grows, and remembers what was handed out. */
class ExplanationStream {
  private emitted = "";
  private suffix = "";

  constructor(
    private readonly onDelta?: (text: string) => void,
    private readonly onReset?: () => void,
  ) {}

  get streaming(): boolean {
    return this.onDelta !== undefined;
  }

  update(raw: string): void {
    const text = (partialExplanation(raw) ?? "") + this.suffix;
    // A reply that does not continue what was handed out is a new attempt (after a dropped connection).
    if (!text.startsWith(this.emitted)) this.reset();
    if (text.length > this.emitted.length) {
      this.onDelta?.(text.slice(this.emitted.length));
      this.emitted = text;
    }
  }

  append(text: string): void {
    this.suffix += text;
  }

  reset(): void {
    if (this.emitted) this.onReset?.();
    this.emitted = "";
    this.suffix = "";
  }
}

/** Request fields some servers reject (LM Studio: response_format; OpenAI reasoning models: temperature, max_tokens); dropped on a 400 naming them. */
const OPTIONAL_PARAMS = ["response_format", "temperature", "max_tokens"] as const;

interface Reply {
  text: string;
  /** The server stopped at max_tokens. */
  truncated: boolean;
}

/** One endpoint, one time budget: sends chat completions with bounded retries and names failures plainly. */
class CompletionCall {
  readonly endpoint: string;
  private readonly client: OpenAI;
  private readonly params: Partial<ChatCompletionCreateParamsBase> = {
    temperature: 0,
    max_tokens: 700,
    response_format: { type: "json_object" },
  };

  private readonly signal: AbortSignal;
  private readonly deadlineAt: number;

  constructor(
    private readonly config: LlmConfig,
    private readonly signals: { deadline: AbortSignal; caller?: AbortSignal },
    private readonly timeoutMs: number,
  ) {
    this.signal = signals.caller ? AbortSignal.any([signals.caller, signals.deadline]) : signals.deadline;
    this.deadlineAt = Date.now() + timeoutMs;
    // Retries are ours (the SDK's backoff is fixed at 0.5–8 s and knows nothing of our time budget).
    this.client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, maxRetries: 0, timeout: timeoutMs });
    this.endpoint = displayedEndpoint(this.client.baseURL);
  }

  async complete(messages: ChatMessage[], onText?: (soFar: string) => void): Promise<Reply> {
    const maxRetries = this.config.maxRetries ?? DEFAULTS.maxRetries;
    const retryBaseMs = this.config.retryBaseMs ?? DEFAULTS.retryBaseMs;
    for (let retry = 0; ; retry++) {
      try {
        return await this.send(messages, onText);
      } catch (error) {
        this.throwIfAborted();
        const droppable = OPTIONAL_PARAMS.find((param) => param in this.params && rejectsParam(error, param));
        if (droppable) {
          delete this.params[droppable];
          retry--;
          continue;
        }
        const failure = this.describe(error);
        if (!failure.retryable || retry >= maxRetries) {
          throw new LlmFailure(retry > 0 ? `${failure.reason}, after ${retry + 1} attempts` : failure.reason);
        }
        const wait = failure.retryAfterMs ?? retryBaseMs * 2 ** retry;
        if (Date.now() + wait >= this.deadlineAt) {
          throw new LlmFailure(`${failure.reason}; retrying after ${seconds(wait)} would exceed the ${seconds(this.timeoutMs)} budget`);
        }
        await delay(wait, undefined, { signal: this.signal }).catch(() => this.throwIfAborted());
      }
    }
  }

  private async send(messages: ChatMessage[], onText?: (soFar: string) => void): Promise<Reply> {
    const request = { ...this.params, model: this.config.model, messages };
    const requestOptions = { signal: this.signal, timeout: Math.max(1, this.deadlineAt - Date.now()) };
    if (!onText) {
      const completion = await this.client.chat.completions.create({ ...request, stream: false }, requestOptions);
      const choice = completion.choices[0];
      return { text: choice?.message.content ?? "", truncated: choice?.finish_reason === "length" };
    }
    const stream = await this.client.chat.completions.create({ ...request, stream: true }, requestOptions);
    let text = "";
    let truncated = false;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta?.content) {
        text += choice.delta.content;
        onText(text);
      }
      if (choice?.finish_reason === "length") truncated = true;
    }
    // An aborted stream ends quietly; it must not pass for a complete reply.
    this.throwIfAborted();
    return { text, truncated };
  }

  private throwIfAborted(): void {
    if (this.signals.caller?.aborted) throw this.signals.caller.reason;
    if (this.signals.deadline.aborted) {
      throw new LlmFailure(`LLM endpoint ${this.endpoint} timed out after ${seconds(this.timeoutMs)}`);
    }
  }

  private describe(error: unknown): { reason: string; retryable: boolean; retryAfterMs?: number } {
    const at = `LLM endpoint ${this.endpoint}`;
    if (error instanceof APIConnectionTimeoutError) {
      return { reason: `${at} timed out after ${seconds(this.timeoutMs)}`, retryable: false };
    }
    if (error instanceof APIConnectionError) {
      return { reason: `could not reach ${at} (${networkCause(error)})`, retryable: true };
    }
    if (error instanceof TypeError) {
      // undici's "terminated": the connection dropped while the reply was streaming.
      return { reason: `the connection to ${at} broke mid-reply (${this.redact(error.message)})`, retryable: true };
    }
    if (!(error instanceof APIError)) {
      return { reason: `${at} sent a reply that could not be read (${this.redact(String(error))})`, retryable: false };
    }
    const detail = this.redact(serverMessage(error));
    switch (error.status) {
      case 401:
      case 403:
        return { reason: `${at} refused the API key (HTTP ${error.status}); check OPENAI_API_KEY`, retryable: false };
      case 404:
        return {
          reason: `${at} has no model "${this.config.model}" (HTTP 404); check RECALL_GRADER_MODEL and OPENAI_BASE_URL`,
          retryable: false,
        };
      case 429:
        return {
          reason: `${at} is rate-limiting requests (HTTP 429)`,
          retryable: true,
          retryAfterMs: retryAfterMs(error.headers),
        };
    }
    const status = error.status === undefined ? "an error in the stream" : `HTTP ${error.status}`;
    const retryable = error.status === undefined || error.status === 408 || error.status === 409 || error.status >= 500;
    return {
      reason: `${at} failed (${status}${detail ? `: ${detail}` : ""})`,
      retryable,
      retryAfterMs: retryable ? retryAfterMs(error.headers) : undefined,
    };
  }

  /** Servers sometimes echo the key in error text ("Incorrect API key provided: sk-…"). */
  private redact(text: string): string {
    const key = this.config.apiKey;
    return (key.length >= 4 ? text.split(key).join("[API key]") : text).slice(0, 200);
  }
}

function rejectsParam(error: unknown, param: string): boolean {
  if (!(error instanceof APIError) || (error.status !== 400 && error.status !== 422)) return false;
  return error.param === param || serverMessage(error).includes(param);
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === "string" ? body.message : "";
}

function networkCause(error: APIConnectionError): string {
  let cause: unknown = error.cause;
  // undici nests the useful part: TypeError("fetch failed") → Error { code: "ECONNREFUSED" }.
  while (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cause = cause.cause;
  }
  return "network error";
}

/** Retry-After as milliseconds: the `retry-after-ms` extension, seconds, or an HTTP date. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get("retry-after-ms") ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const secondsValue = Number(value);
  if (Number.isFinite(secondsValue) && secondsValue >= 0) return secondsValue * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The base URL as shown to users: credentials in it are never shown. */
function displayedEndpoint(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(invalid OPENAI_BASE_URL)";
  }
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
