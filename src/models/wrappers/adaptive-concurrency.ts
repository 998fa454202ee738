/**
 * AIMD concurrency limit: cut by 30% on a rate limit, add one slot back after a run of successes.
 * The endpoint tells us its real capacity only by refusing; this converges near it without a config.
 *
 * By default the run is one "window": as many successes in a row as the current limit (TCP's
 * congestion avoidance, +1 per round trip). That recovers quickly from a low limit (1 -> 8 takes 28
 * successes) and cautiously near the top. A fixed run length can be set instead.
 */

export const MIN_CONCURRENCY = 1;
/**
 * Multiplicative decrease factor. TCP CUBIC's 0.7 rather than Reno's 0.5: an endpoint that refuses
 * once is usually just at its capacity, and halving left it a third idle in the benchmark (0.74 of
 * the limit with the scheduler set to twice the endpoint's capacity, 0.87 with 0.7).
 */
export const DECREASE_FACTOR = 0.7;

export class AdaptiveLimit {
  private current: number;
  private successRun = 0;
  private epochValue = 0;

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

  /** Changes on every decrease; a call remembers the epoch it was dispatched in. */
  get epoch(): number {
    return this.epochValue;
  }

  /**
   * Multiplicative decrease, at most once per epoch: when eight in-flight calls all get a 429, they
   * are one signal, not eight, so the limit halves once instead of collapsing to 1.
   */
  decrease(dispatchEpoch: number): boolean {
    this.successRun = 0;
    if (dispatchEpoch !== this.epochValue) return false;
    this.current = Math.max(MIN_CONCURRENCY, Math.floor(this.current * DECREASE_FACTOR));
    this.epochValue += 1;
    return true;
  }

  /** Additive increase: one more slot after a run of successes in a row. */
  recordSuccess(): boolean {
    if (this.current >= this.max) return false;
    this.successRun += 1;
    if (this.successRun < (this.recoverAfterSuccesses ?? this.current)) return false;
    this.successRun = 0;
    this.current += 1;
    return true;
  }
}
