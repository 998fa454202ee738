/**
 * Turns anything a provider call can throw into a typed CallFailure, so the retry, rate-limit and
 * budget wrappers can act on `kind`, `status` and `retryAfterMs` without knowing the provider.
 * Messages are one sentence naming the spec (provider:model) and the HTTP status, never a key.
 */
// Types only: importing the AI SDK at run time costs every command ~0.3 s. Its errors are recognised
// by name, like the other AI_* errors below.
import type { APICallError, RetryError } from 'ai';
import { failure } from '../outcome.js';
import type { CallError, CallErrorKind, CallFailure } from '../types.js';
import { rateLimitFromHeaders } from './rate-limit-headers.js';
import { redactSecrets } from './redact.js';
import { retryAfterMsFromErrorBody, retryAfterMsFromHeaders } from './retry-after.js';

export interface ErrorContext {
  /** The user's spec, e.g. `openai:gpt-4o-mini`: names provider and model in every message. */
  spec: string;
  /** The caller's signal: if it fired, the failure is 'aborted' (or 'timeout') whatever was thrown. */
  signal?: AbortSignal | undefined;
  /** Values that must never appear in a message (API keys). */
  secrets?: readonly (string | undefined)[];
  /** The env var the key came from, named in 'auth' messages so the user knows what to fix. */
  keyEnv?: string | undefined;
}

const MAX_DETAIL_LENGTH = 500;

const HTTP_PAYMENT_REQUIRED = 402;
const HTTP_REQUEST_TIMEOUT = 408;
const HTTP_TOO_MANY_REQUESTS = 429;
/** Anthropic's "overloaded" status. */
const HTTP_OVERLOADED = 529;

/** Codes and types that mean "no money left" rather than "slow down". */
const QUOTA_CODES = new Set(['insufficient_quota', 'billing_hard_limit_reached', 'billing_not_active', 'insufficient_credits']);
const QUOTA_MESSAGE = /credit balance is too low|insufficient[ _](?:quota|credits?|funds|balance)|out of credits|billing hard limit/i;
/** Gemini reports both per-minute and per-day limits as 429 RESOURCE_EXHAUSTED; only per-day is exhausted quota. */
const DAILY_QUOTA_ID = /PerDay/i;
const OVERLOADED = /overloaded/i;
/** Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID. */
const INVALID_KEY_MESSAGE = /API key not valid|API_KEY_INVALID|invalid x-api-key|incorrect api key/i;
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ConnectionRefused',
]);
const BAD_RESPONSE_ERRORS = new Set([
  'AI_JSONParseError', 'AI_TypeValidationError', 'AI_InvalidResponseDataError', 'AI_EmptyResponseBodyError',
  'AI_NoContentGeneratedError', 'AI_NoOutputGeneratedError',
]);
const BAD_REQUEST_ERRORS = new Set(['AI_InvalidArgumentError', 'AI_InvalidPromptError', 'AI_UnsupportedFunctionalityError']);

/** What a provider's JSON error body says, in whichever of the three dialects it speaks. */
export interface ErrorBodyFacts {
  message?: string;
  code?: string;
  type?: string;
  status?: string;
  quotaIds: string[];
  reasons: string[];
}

export function callFailureFromError(error: unknown, context: ErrorContext, latencyMs: number): CallFailure {
  const cause = unwrapRetryError(error);
  const aborted = abortFailure(cause, context, latencyMs);
  if (aborted) return aborted;

  if (isApiCallError(cause)) return failureFromApiCallError(cause, context, latencyMs);

  if (hasNetworkCode(cause)) {
    return fail('network', context, latencyMs, `could not be reached: ${errorMessage(cause)}`);
  }
  const name = errorName(cause);
  if (BAD_RESPONSE_ERRORS.has(name)) {
    return fail('bad-response', context, latencyMs, `returned a response that could not be understood: ${errorMessage(cause)}`);
  }
  if (BAD_REQUEST_ERRORS.has(name)) {
    return fail('bad-request', context, latencyMs, `rejected the request before sending it: ${errorMessage(cause)}`);
  }
  if (name === 'AI_LoadAPIKeyError') {
    return fail('unavailable', context, latencyMs, `has no API key: ${errorMessage(cause)}`);
  }
  return fail('bad-response', context, latencyMs, `failed unexpectedly: ${errorMessage(cause)}`);
}

/** HTTP status + parsed error body -> kind. Exported for tests and for other HTTP-speaking code. */
export function classifyHttpFailure(status: number, facts: ErrorBodyFacts): CallErrorKind {
  if (isQuotaExhausted(status, facts)) return 'quota';
  if (status === HTTP_TOO_MANY_REQUESTS || status === HTTP_OVERLOADED || isOverloaded(facts)) return 'rate-limited';
  if (status === 401 || status === 403 || INVALID_KEY_MESSAGE.test(facts.message ?? '') || facts.reasons.includes('API_KEY_INVALID')) {
    return 'auth';
  }
  // 408 means the server gave up waiting; retrying is right, unlike other 4xx.
  if (status === HTTP_REQUEST_TIMEOUT) return 'timeout';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'bad-request';
  return 'bad-response';
}

/** Reads OpenAI `{error:{message,type,code}}`, Anthropic `{type:'error',error:{type,message}}` and Gemini `{error:{code,message,status,details}}`. */
export function errorBodyFacts(body: unknown): ErrorBodyFacts {
  const facts: ErrorBodyFacts = { quotaIds: [], reasons: [] };
  if (typeof body !== 'object' || body === null) return facts;
  const inner = (body as { error?: unknown }).error;
  const record = (typeof inner === 'object' && inner !== null ? inner : body) as Record<string, unknown>;
  if (typeof record.message === 'string') facts.message = record.message;
  if (typeof record.code === 'string') facts.code = record.code;
  if (typeof record.type === 'string') facts.type = record.type;
  if (typeof record.status === 'string') facts.status = record.status;
  if (Array.isArray(record.details)) {
    for (const detail of record.details as unknown[]) collectDetail(detail, facts);
  }
  return facts;
}

function collectDetail(detail: unknown, facts: ErrorBodyFacts): void {
  if (typeof detail !== 'object' || detail === null) return;
  const { reason, violations } = detail as { reason?: unknown; violations?: unknown };
  if (typeof reason === 'string') facts.reasons.push(reason);
  if (Array.isArray(violations)) {
    for (const violation of violations as unknown[]) {
      const quotaId = (violation as { quotaId?: unknown } | null)?.quotaId;
      if (typeof quotaId === 'string') facts.quotaIds.push(quotaId);
    }
  }
}

function isQuotaExhausted(status: number, facts: ErrorBodyFacts): boolean {
  if (status === HTTP_PAYMENT_REQUIRED) return true;
  if ((facts.code && QUOTA_CODES.has(facts.code)) || (facts.type && QUOTA_CODES.has(facts.type))) return true;
  if (QUOTA_MESSAGE.test(facts.message ?? '')) return true;
  return status === HTTP_TOO_MANY_REQUESTS && facts.quotaIds.some((id) => DAILY_QUOTA_ID.test(id));
}

function isOverloaded(facts: ErrorBodyFacts): boolean {
  return facts.type === 'overloaded_error' || OVERLOADED.test(facts.message ?? '');
}

function failureFromApiCallError(error: APICallError, context: ErrorContext, latencyMs: number): CallFailure {
  const status = error.statusCode;
  if (status === undefined) {
    // The AI SDK wraps "fetch failed" (refused, reset, DNS) as an APICallError without a status.
    return fail('network', context, latencyMs, `could not reach ${originOf(error.url)}: ${networkDetail(error)}`);
  }
  const body = parseJson(error.responseBody);
  const facts = errorBodyFacts(body);
  const kind = status < 400 ? 'bad-response' : classifyHttpFailure(status, facts);
  const retryAfterMs = retryAfterMsFromHeaders(error.responseHeaders) ?? retryAfterMsFromErrorBody(body);
  const detail = facts.message ?? error.message;
  const rateLimit = rateLimitFromHeaders(error.responseHeaders);
  const extra = { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...(rateLimit ? { rateLimit } : {}) };
  return fail(kind, context, latencyMs, `${KIND_PHRASES[kind]} (${statusNote(status, retryAfterMs)}${authHint(kind, context)}): ${detail}`, extra);
}

const KIND_PHRASES: Record<CallErrorKind, string> = {
  'rate-limited': 'was rate limited',
  'server-error': 'failed with a server error',
  timeout: 'timed out',
  auth: 'rejected the credentials',
  quota: 'has no quota or credit left',
  'bad-request': 'rejected the request',
  'bad-response': 'returned a response that could not be understood',
  network: 'could not be reached',
  aborted: 'was aborted',
  budget: 'was refused by the budget',
  unavailable: 'is unavailable',
};

function statusNote(status: number, retryAfterMs: number | undefined): string {
  return retryAfterMs === undefined ? `HTTP ${status}` : `HTTP ${status}, retry after ${retryAfterMs} ms`;
}

function authHint(kind: CallErrorKind, context: ErrorContext): string {
  return kind === 'auth' && context.keyEnv ? `; check ${context.keyEnv}` : '';
}

function abortFailure(error: unknown, context: ErrorContext, latencyMs: number): CallFailure | undefined {
  const signal = context.signal;
  const thrownName = errorName(error);
  if (!signal?.aborted && thrownName !== 'AbortError' && thrownName !== 'TimeoutError') return undefined;
  const reasonName = signal?.aborted ? errorName(signal.reason) : thrownName;
  return reasonName === 'TimeoutError'
    ? fail('timeout', context, latencyMs, 'timed out: the caller\'s deadline passed before the answer arrived')
    : fail('aborted', context, latencyMs, 'was aborted by the caller');
}

/** Builds the failure; the message is "<spec> <phrase>." with secrets removed and length capped. */
export function fail(kind: CallErrorKind, context: ErrorContext, latencyMs: number, phrase: string, extra: Pick<CallError, 'status' | 'retryAfterMs' | 'rateLimit'> = {}): CallFailure {
  return failure(kind, sentence(`${context.spec} ${phrase}`, context.secrets), extra, latencyMs);
}

export function sentence(text: string, secrets: readonly (string | undefined)[] = []): string {
  let clean = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  if (clean.length > MAX_DETAIL_LENGTH) clean = `${clean.slice(0, MAX_DETAIL_LENGTH - 1).trimEnd()}…`;
  clean = clean.replace(/[.:;,\s]+$/, '');
  return `${clean}.`;
}

function unwrapRetryError(error: unknown): unknown {
  return errorName(error) === 'AI_RetryError' ? (error as RetryError).lastError : error;
}

function isApiCallError(error: unknown): error is APICallError {
  return errorName(error) === 'AI_APICallError';
}

function networkDetail(error: APICallError): string {
  const code = findNetworkCode(error);
  const message = error.message.replace(/^Cannot connect to API:\s*/i, '');
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function hasNetworkCode(error: unknown): boolean {
  return findNetworkCode(error) !== undefined;
}

function findNetworkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the API';
  }
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : '';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}
