/**
 * The LanguageModel port: the only thing the engine and the problems know about models.
 * Providers implement it; cross-cutting behaviour (cache, scheduling, retries, usage metering,
 * budget) is added by wrappers that take a LanguageModel and return one.
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

export const CHAT_ROLES: readonly ChatRole[] = ['system', 'user', 'assistant'];

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

export const ZERO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});

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

export interface CallError {
  kind: CallErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
}

export interface CallSuccess {
  ok: true;
  text: string;
  usage: TokenUsage;
  /** True when the answer came from the persistent call cache (no model was called). */
  cached: boolean;
  latencyMs: number;
  finishReason?: string;
}

export interface CallFailure {
  ok: false;
  error: CallError;
  latencyMs: number;
}

export type CallOutcome = CallSuccess | CallFailure;

export interface LanguageModel {
  /** The spec the user wrote, e.g. `openai:gpt-4o-mini` or `scripted:echo`. Never holds a key. */
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  /** Local models (embedded, scripted) cost nothing. */
  readonly isLocal: boolean;
  generate(request: GenerateRequest): Promise<CallOutcome>;
  dispose?(): Promise<void>;
}

export function failure(kind: CallErrorKind, message: string, extra: Partial<CallError> = {}, latencyMs = 0): CallFailure {
  return { ok: false, error: { kind, message, ...extra }, latencyMs };
}

/** Thrown (not returned) only when a model cannot be constructed at all, e.g. an unknown provider. */
export class ModelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
