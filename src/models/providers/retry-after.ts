/**
 * How long a provider asked us to wait, read from its response headers (and, for Gemini, its
 * error body). The provider never waits itself: the retry wrapper uses this number.
 */

/** Headers as the AI SDK reports them (lowercase names), or any plain record. */
export type HeaderRecord = Readonly<Record<string, string | undefined>>;

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/** Above this an `x-ratelimit-reset` number is a Unix timestamp in seconds, not a delay. */
const UNIX_SECONDS_THRESHOLD = 1_000_000_000;
/** Above this it is a Unix timestamp in milliseconds (OpenRouter's `x-ratelimit-reset`). */
const UNIX_MILLISECONDS_THRESHOLD = 100_000_000_000;

/**
 * Rate-limit reset headers and the "remaining" header that says whether that limit is the one hit.
 * OpenAI sends durations ("1s", "6m0s", "20ms"); Anthropic sends RFC 3339 timestamps.
 */
const RESET_HEADERS: ReadonlyArray<{ reset: string; remaining: string }> = [
  { reset: 'x-ratelimit-reset-requests', remaining: 'x-ratelimit-remaining-requests' },
  { reset: 'x-ratelimit-reset-tokens', remaining: 'x-ratelimit-remaining-tokens' },
  { reset: 'anthropic-ratelimit-requests-reset', remaining: 'anthropic-ratelimit-requests-remaining' },
  { reset: 'anthropic-ratelimit-tokens-reset', remaining: 'anthropic-ratelimit-tokens-remaining' },
  { reset: 'anthropic-ratelimit-input-tokens-reset', remaining: 'anthropic-ratelimit-input-tokens-remaining' },
  { reset: 'anthropic-ratelimit-output-tokens-reset', remaining: 'anthropic-ratelimit-output-tokens-remaining' },
  { reset: 'x-ratelimit-reset', remaining: 'x-ratelimit-remaining' },
];

/**
 * Milliseconds to wait before retrying, or undefined when the headers say nothing usable.
 * Precedence: `retry-after-ms`, then `Retry-After` (seconds or HTTP-date), then reset headers
 * (preferring the limit whose "remaining" is 0, else the longest reset).
 */
export function retryAfterMsFromHeaders(headers: HeaderRecord | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const get = lowercaseLookup(headers);

  const explicitMs = parseNonNegativeNumber(get('retry-after-ms'));
  if (explicitMs !== undefined) return Math.round(explicitMs);

  const retryAfter = get('retry-after');
  if (retryAfter !== undefined) {
    const seconds = parseNonNegativeNumber(retryAfter);
    if (seconds !== undefined) return Math.round(seconds * MS_PER_SECOND);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }

  return resetHeadersDelay(get, nowMs);
}

function resetHeadersDelay(get: (name: string) => string | undefined, nowMs: number): number | undefined {
  const exhausted: number[] = [];
  const all: number[] = [];
  for (const { reset, remaining } of RESET_HEADERS) {
    const delay = parseResetValue(get(reset), nowMs);
    if (delay === undefined) continue;
    all.push(delay);
    if (get(remaining)?.trim() === '0') exhausted.push(delay);
  }
  const candidates = exhausted.length > 0 ? exhausted : all;
  return candidates.length > 0 ? Math.max(...candidates) : undefined;
}

/** A reset value: Go-style duration ("6m0s"), bare seconds, Unix seconds or milliseconds, or a timestamp. */
export function parseResetValue(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const duration = parseDurationMs(value);
  if (duration !== undefined) return duration;
  const seconds = parseNonNegativeNumber(value);
  if (seconds !== undefined) {
    if (seconds > UNIX_MILLISECONDS_THRESHOLD) return Math.max(0, Math.round(seconds - nowMs));
    return seconds > UNIX_SECONDS_THRESHOLD
      ? Math.max(0, Math.round(seconds * MS_PER_SECOND - nowMs))
      : Math.round(seconds * MS_PER_SECOND);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const DURATION_WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: MS_PER_SECOND, m: MS_PER_MINUTE, h: MS_PER_HOUR };

/** Parses durations such as "1s", "20ms", "6m0s", "1h2m3.5s", and Gemini's "37s". */
export function parseDurationMs(value: string): number | undefined {
  const text = value.trim();
  if (!DURATION_WHOLE.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? MS_PER_SECOND);
  }
  return Math.round(total);
}

/**
 * Gemini puts the wait in the error body: `error.details[].retryDelay` of a
 * `google.rpc.RetryInfo`, e.g. "37s".
 */
export function retryAfterMsFromErrorBody(body: unknown): number | undefined {
  const details = (body as { error?: { details?: unknown } } | undefined)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const delay = (detail as { retryDelay?: unknown } | null)?.retryDelay;
    if (typeof delay === 'string') {
      const ms = parseDurationMs(delay);
      if (ms !== undefined) return ms;
    }
  }
  return undefined;
}

function parseNonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value.trim());
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

export function lowercaseLookup(headers: HeaderRecord): (name: string) => string | undefined {
  const lowered = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') lowered.set(name.toLowerCase(), value);
  }
  return (name) => lowered.get(name);
}
