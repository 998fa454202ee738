/**
 * The LanguageModel port: the only thing the engine and the problems know about models. Types only:
 * the few runtime helpers that go with it (failure(), ZERO_USAGE, ModelUnavailableError) live in
 * outcome.ts. Providers implement the port; cross-cutting behaviour (cache, schedule, meter, budget,
 * route) is middleware composed by wrapModel (wrappers/wrap-model.ts), which keeps the identity.
 *
 * A call never throws: it ends as an outcome, either text or a typed error, so that an API failure,
 * a parse failure and a wrong answer stay three different things in every report.
 */

/** A turn of a chat conversation (system instructions, the user's turns, the assistant's replies). */
export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** The version of this port; a model built for another shape says so instead of misbehaving. */
export type ModelSpecificationVersion = 'opro-model-v1';

export interface GenerateRequest {
  /**
   * The prompt text. With `messages` set, it is a plain-text rendering of the conversation (what
   * logs, token estimates and scripted models read); providers then send the messages instead.
   */
  prompt: string;
  /**
   * A chat conversation to send instead of `prompt` (a chat prompt template with system turns and
   * fixed few-shot turns). Ends with a user turn. Part of the cache key.
   */
  messages?: readonly ChatMessage[];
  temperature: number;
  maxTokens: number;
  stop?: string[];
  seed?: number;
  /**
   * Distinguishes independent samples of the same sampled prompt (for example the 8 optimizer
   * calls of a step). Part of the cache key, so eight samples stay eight different samples.
   */
  sampleIndex?: number;
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
}

export type CallErrorKind =
  | 'rate-limited' // 429 or overload after retries
  | 'server-error' // 5xx after retries
  | 'timeout'
  | 'auth' // 401/403: fails fast
  | 'quota' // exhausted quota / billing: fails fast
  | 'bad-request' // 4xx other than the above: our request is wrong, retrying will not help
  | 'bad-response' // the body could not be understood
  | 'network'
  | 'aborted' // the caller cancelled (Ctrl-C)
  | 'budget' // refused before sending because a hard cap would be crossed
  | 'unavailable'; // the model cannot be used at all (unknown provider, missing key, missing file)

/** One rate-limit window as the server reported it (requests, or tokens, per minute). */
export interface RateLimitWindow {
  /** The limit per window (e.g. 1200 requests per minute); undefined when not sent. */
  limit?: number;
  remaining: number;
  /** Milliseconds until the window is full again (0 when it already is). */
  resetMs?: number;
}

/**
 * What a provider's rate-limit headers said about the endpoint (OpenAI `x-ratelimit-*`, Anthropic
 * `anthropic-ratelimit-*`), on a success or on a refusal. Facts only: the scheduler decides.
 */
export interface RateLimitReport {
  requests?: RateLimitWindow;
  /** Total tokens (OpenAI; Anthropic's combined `tokens` window). */
  tokens?: RateLimitWindow;
  inputTokens?: RateLimitWindow;
  outputTokens?: RateLimitWindow;
}

export interface CallError {
  kind: CallErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
  rateLimit?: RateLimitReport;
}

export interface CallSuccess {
  ok: true;
  text: string;
  usage: TokenUsage;
  /** True when the answer came from the persistent call cache (no model was called). */
  cached: boolean;
  latencyMs: number;
  finishReason?: string;
  /** The endpoint's rate-limit headers on this answer, when it sent any. */
  rateLimit?: RateLimitReport;
}

export interface CallFailure {
  ok: false;
  error: CallError;
  latencyMs: number;
}

export type CallOutcome = CallSuccess | CallFailure;

/** Who a model is: kept unchanged by every middleware around it. */
export interface ModelIdentity {
  /** The spec the user wrote, e.g. `openai:gpt-4o-mini` or `scripted:echo`. Never holds a key. */
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  /** Local models (embedded, scripted) cost nothing. */
  readonly isLocal: boolean;
  /**
   * The server the model talks to, when the user chose one (option or env var) or the provider
   * has no single default (Ollama's host). Part of the cache key and of the rate-limit identity.
   */
  readonly baseURL?: string;
  /**
   * A short one-way fingerprint of the API key (never the key), so two keys on one endpoint keep
   * separate rate limits. Not for display or storage.
   */
  readonly credentialId?: string;
}

export interface LanguageModel extends ModelIdentity {
  /** Absent on models written before the field; the shape is then this version's. */
  readonly specificationVersion?: ModelSpecificationVersion;
  generate(request: GenerateRequest): Promise<CallOutcome>;
  dispose?(): Promise<void>;
}
