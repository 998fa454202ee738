/**
 * AIMD concurrency limit with a memory of what worked. The endpoint tells us its real capacity only
 * by refusing; this converges near it without a config.
 *
 * - Increase: one slot after a window of successes in a row (by default as many as the current limit:
 *   TCP's congestion avoidance, +1 per round trip; a fixed run length can be set instead). A limit
 *   that completes a window is remembered as known to work.
 * - Probing above the known-working level and getting a 429 goes straight back to that level (or cuts
 *   by 30% when none is known yet): an endpoint that refuses once is usually just at its capacity.
 * - At a level known to work, a lone 429 is a blip: the Retry-After cooldown already pauses the
 *   endpoint, and the limit stays. A second 429 before a full window of successes is a trend: cut by
 *   30% and forget what was known to work.
 */

export const MIN_CONCURRENCY = 1;
/**
 * Multiplicative decrease factor. TCP CUBIC's 0.7 rather than Reno's 0.5: halving left the endpoint
 * a third idle in the benchmark.
 */
export const DECREASE_FACTOR = 0.7;

export class AdaptiveLimit {
  private current: number;
  private successRun = 0;
  private epochValue = 0;
  /** The highest limit that completed a window of successes since the last real cut (0 = none). */
  private knownGood = 0;
  /** A 429 arrived at a known-working level; another before a full window of successes cuts. */
  private suspect = false;

  constructor(
    readonly max: number,
    /** Successes in a row per added slot; undefined = the current limit. */
    private readonly recoverAfterSuccesses?: number,
  ) {
    this.current = max;
  }

  get value(): number {
    return this.current;
  }

  /** Changes on every decision about a 429; a call remembers the epoch it was dispatched in. */
  get epoch(): number {
    return this.epochValue;
  }

  /**
   * React to a 429, at most once per epoch: when eight in-flight calls all get a 429, they are one
   * signal, not eight, so the limit drops once instead of collapsing to 1.
   */
  decrease(dispatchEpoch: number): boolean {
    this.successRun = 0;
    if (dispatchEpoch !== this.epochValue) return false;
    this.epochValue += 1;
    const cut = Math.max(MIN_CONCURRENCY, Math.floor(this.current * DECREASE_FACTOR));
    if (this.current > this.knownGood) {
      this.current = Math.max(cut, Math.min(this.knownGood, this.current - 1));
      return true;
    }
    if (!this.suspect) {
      this.suspect = true;
      return true;
    }
    this.suspect = false;
    this.knownGood = 0;
    this.current = cut;
    return true;
  }

  /** Additive increase: one more slot after a window of successes in a row. */
  recordSuccess(): boolean {
    this.successRun += 1;
    if (this.successRun < (this.recoverAfterSuccesses ?? this.current)) return false;
    this.successRun = 0;
    this.suspect = false;
    this.knownGood = Math.max(this.knownGood, this.current);
    if (this.current >= this.max) return false;
    this.current += 1;
    return true;
  }
}
