/**
 * The number of calls an endpoint takes at once, learned from where it starts refusing. A proxy or
 * a hosted model with N workers answers 429 to call N+1 while the first N succeed; each refused call
 * tells us the level it was sent at (our calls in flight, itself included), so the limit settles
 * just below it in one step instead of creeping there by halving.
 *
 * - Learning (no level confirmed yet): a refusal at level L sets the limit to L - 1, but never cuts
 *   more than half at once (a refusal at a low level may be a passing overload, not a limit).
 * - A level where calls succeed is confirmed. A lone refusal at or below it is a blip; a second one
 *   before a window of successes is a trend: cut by 30% and forget what was confirmed.
 * - Probing: after `probeAfter` successes in a row at a learned limit, allow one more (only while
 *   enough work is queued that a refused probe, held for its Retry-After, is not the last). A refused
 *   probe returns to the confirmed level and doubles `probeAfter` (so an endpoint at its real limit
 *   is probed ever more rarely); a successful one confirms the new level and resets it.
 *
 * The refused call itself is not this class's business: the scheduler holds it for its own
 * Retry-After while the other slots keep working.
 */

export const MIN_CONCURRENCY = 1;
/** Trend cut: TCP CUBIC's 0.7 (halving left an endpoint a third idle in the benchmark). */
export const TREND_DECREASE_FACTOR = 0.7;
/** Learning never cuts below half of the current limit in one refusal. */
export const LEARNING_MAX_CUT = 0.5;
/** Successes in a row at a learned limit before the first probe, per slot, and at least this many. */
export const PROBE_SUCCESSES_PER_SLOT = 8;
export const MIN_PROBE_SUCCESSES = 32;
/** Failed probes double the wait up to this many successes. */
export const MAX_PROBE_SUCCESSES = 4096;

export type RefusalVerdict = 'learned' | 'probe-failed' | 'blip' | 'trend' | 'stale';

export class ConcurrencyLimit {
  private current: number;
  /** Highest level at which a call succeeded since the last trend cut (0 = none). */
  private confirmedLevel = 0;
  private learned = false;
  private probing = false;
  private probeAfter: number;
  private successRun = 0;
  private suspect = false;

  constructor(readonly max: number) {
    this.current = max;
    this.probeAfter = this.baseProbeAfter();
  }

  get value(): number {
    return this.current;
  }

  get confirmed(): number {
    return this.confirmedLevel;
  }

  /** Successes in a row the next probe waits for. */
  get successesBeforeProbe(): number {
    return this.probeAfter;
  }

  /**
   * A call sent at `level` succeeded. `mayProbe` false (little work left: a refused probe would be
   * held at the tail of the batch) postpones a due probe.
   */
  recordSuccess(level: number, mayProbe = true): void {
    this.successRun += 1;
    if (level > this.confirmedLevel && level <= this.current) this.confirmedLevel = level;
    if (this.probing && level >= this.current) {
      this.probing = false; // the probe worked: the endpoint takes this level
      this.probeAfter = this.baseProbeAfter();
      this.successRun = 0;
    }
    if (this.successRun >= this.current) this.suspect = false;
    if (mayProbe && this.learned && !this.probing && this.current < this.max && this.successRun >= this.probeAfter) {
      this.successRun = 0;
      this.current += 1;
      this.probing = true;
    }
  }

  /** A call sent at `level` was refused for concurrency. */
  recordRefusal(level: number): RefusalVerdict {
    this.successRun = 0;
    const ceiling = Math.max(MIN_CONCURRENCY, level - 1);
    if (this.probing && level >= this.current) {
      this.probing = false;
      this.probeAfter = Math.min(MAX_PROBE_SUCCESSES, this.probeAfter * 2);
      this.current = Math.max(MIN_CONCURRENCY, Math.min(ceiling, this.confirmedLevel || ceiling));
      return 'probe-failed';
    }
    if (level > this.current) return 'stale'; // sent before an earlier cut: already accounted for
    if (this.confirmedLevel > 0 && level <= this.confirmedLevel) {
      if (!this.suspect) {
        this.suspect = true;
        return 'blip';
      }
      this.suspect = false;
      this.confirmedLevel = 0;
      this.probing = false;
      this.learned = true;
      this.current = Math.max(MIN_CONCURRENCY, Math.floor(this.current * TREND_DECREASE_FACTOR));
      this.probeAfter = this.baseProbeAfter();
      return 'trend';
    }
    this.learned = true;
    this.probing = false;
    const floor = Math.max(MIN_CONCURRENCY, Math.ceil(this.current * LEARNING_MAX_CUT));
    this.current = Math.max(floor, Math.min(this.current, ceiling));
    this.probeAfter = this.baseProbeAfter();
    return 'learned';
  }

  private baseProbeAfter(): number {
    return Math.max(MIN_PROBE_SUCCESSES, PROBE_SUCCESSES_PER_SLOT * this.current);
  }
}
