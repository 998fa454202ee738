/**
 * Which failures are worth another attempt, and how long to wait before it.
 *
 * 429s are not retried here: they wait in time (see scheduler.ts and rate-limits/). For 5xx,
 * timeouts and network errors:
 * - while most of the endpoint's recent attempts succeed, a failure is retried after a short random
 *   delay (under ISOLATED_FAILURE_RETRY_MS, doubling per retry of the same call): a full backoff
 *   would leave a healthy endpoint idle at the tail of a step, waiting for one straggler;
 * - when failures cluster (most recent attempts failed, or nothing has succeeded yet), exponential
 *   backoff with "full jitter" (uniform in [0, min(cap, base * 2^n)]) spreads the retries out.
 */
import { ISOLATED_FAILURE_RETRY_MS, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS } from '../defaults.js';
import type { CallErrorKind } from '../types.js';

export { CLOUD_DEFAULTS, LOCAL_DEFAULTS, MAX_RETRY_AFTER_MS as DEFAULT_MAX_RETRY_AFTER_MS } from '../defaults.js';
export const DEFAULT_BASE_DELAY_MS = RETRY_BASE_DELAY_MS;
export const DEFAULT_MAX_DELAY_MS = RETRY_MAX_DELAY_MS;

/** Transient failures: the same request may well succeed a moment later. */
export const RETRYABLE_KINDS: ReadonlySet<CallErrorKind> = new Set<CallErrorKind>(['rate-limited', 'server-error', 'timeout', 'network']);

/** Failures that will repeat for every call to the model: stop sending and open the circuit. */
export const CIRCUIT_KINDS: ReadonlySet<CallErrorKind> = new Set<CallErrorKind>(['auth', 'quota']);

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Full-jitter delay before retry number `retryIndex` (0 for the first retry). */
export function backoffDelayMs(retryIndex: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/**
 * Delay before retrying a 5xx / timeout / network failure: short on an endpoint whose other calls
 * succeed, full-jitter exponential otherwise; never below the server's own Retry-After.
 */
export function errorRetryDelayMs(retryIndex: number, endpointHealthy: boolean, policy: BackoffPolicy, random: () => number, retryAfterMs = 0): number {
  const delay = endpointHealthy
    ? Math.floor(random() * Math.min(ISOLATED_FAILURE_RETRY_MS * 2 ** retryIndex, policy.baseDelayMs))
    : backoffDelayMs(retryIndex, policy, random);
  return Math.max(delay, retryAfterMs);
}
