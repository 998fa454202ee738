/**
 * Reads the rate-limit headers a provider sends on every answer into a RateLimitReport, so the
 * scheduler can pace sends before the endpoint refuses. Two dialects, plus the generic one that
 * proxies use:
 *
 *   OpenAI     x-ratelimit-{limit,remaining,reset}-{requests,tokens}     reset as "6m0s", "20ms"
 *   Anthropic  anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}
 *                                                                          reset as RFC 3339 time
 *   generic    x-ratelimit-{limit,remaining,reset}                        (taken as requests)
 */
import type { RateLimitReport, RateLimitWindow } from '../types.js';
import { lowercaseLookup, parseResetValue, type HeaderRecord } from './retry-after.js';

type Dimension = keyof RateLimitReport;

interface HeaderNames {
  limit: string;
  remaining: string;
  reset: string;
}

const DIALECTS: ReadonlyArray<{ dimension: Dimension; names: HeaderNames }> = [
  { dimension: 'requests', names: { limit: 'x-ratelimit-limit-requests', remaining: 'x-ratelimit-remaining-requests', reset: 'x-ratelimit-reset-requests' } },
  { dimension: 'tokens', names: { limit: 'x-ratelimit-limit-tokens', remaining: 'x-ratelimit-remaining-tokens', reset: 'x-ratelimit-reset-tokens' } },
  { dimension: 'requests', names: { limit: 'anthropic-ratelimit-requests-limit', remaining: 'anthropic-ratelimit-requests-remaining', reset: 'anthropic-ratelimit-requests-reset' } },
  { dimension: 'tokens', names: { limit: 'anthropic-ratelimit-tokens-limit', remaining: 'anthropic-ratelimit-tokens-remaining', reset: 'anthropic-ratelimit-tokens-reset' } },
  { dimension: 'inputTokens', names: { limit: 'anthropic-ratelimit-input-tokens-limit', remaining: 'anthropic-ratelimit-input-tokens-remaining', reset: 'anthropic-ratelimit-input-tokens-reset' } },
  { dimension: 'outputTokens', names: { limit: 'anthropic-ratelimit-output-tokens-limit', remaining: 'anthropic-ratelimit-output-tokens-remaining', reset: 'anthropic-ratelimit-output-tokens-reset' } },
  { dimension: 'requests', names: { limit: 'x-ratelimit-limit', remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset' } },
];

/** The report in `headers`, or undefined when they carry no rate-limit information. */
export function rateLimitFromHeaders(headers: HeaderRecord | undefined, nowMs: number = Date.now()): RateLimitReport | undefined {
  if (!headers) return undefined;
  const get = lowercaseLookup(headers);
  const report: RateLimitReport = {};
  let any = false;
  for (const { dimension, names } of DIALECTS) {
    if (report[dimension]) continue; // the specific dialect wins over the generic one
    const window = readWindow(get, names, nowMs);
    if (!window) continue;
    report[dimension] = window;
    any = true;
  }
  return any ? report : undefined;
}

function readWindow(get: (name: string) => string | undefined, names: HeaderNames, nowMs: number): RateLimitWindow | undefined {
  const remaining = count(get(names.remaining));
  if (remaining === undefined) return undefined;
  const window: RateLimitWindow = { remaining };
  const limit = count(get(names.limit));
  if (limit !== undefined) window.limit = limit;
  const resetMs = parseResetValue(get(names.reset), nowMs);
  if (resetMs !== undefined) window.resetMs = resetMs;
  return window;
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
