/**
 * Which failures are worth another attempt, and how long to wait before it.
 * Backoff is exponential with "full jitter" (delay drawn uniformly from [0, min(cap, base * 2^n)]),
 * which spreads a burst of failed calls out instead of retrying them in lock-step.
 */
import type { CallErrorKind } from '../types.js';

export const DEFAULT_BASE_DELAY_MS = 1_000;
export const DEFAULT_MAX_DELAY_MS = 60_000;
export const DEFAULT_MAX_RETRIES_CLOUD = 6;
/** A local server that is down stays down; do not spend minutes retrying it. */
export const DEFAULT_MAX_RETRIES_LOCAL = 2;
/** A Retry-After longer than this is capped (a misbehaving proxy must not park a run for hours). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Transient failures: the same request may well succeed a moment later. */
export const RETRYABLE_KINDS: ReadonlySet<CallErrorKind> = new Set<CallErrorKind>([
  'rate-limited',
  'server-error',
  'timeout',
  'network',
]);

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
