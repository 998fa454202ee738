/**
 * The number of calls an endpoint takes at once, learned from where it starts refusing. A proxy or
 * a hosted model with N workers answers 429 to call N+1 while the first N succeed; each refused call
 * tells us the level it was sent at (our calls in flight, itself included), so the limit settles
 * just below it in one step instead of creeping there by halving.
 *
 * - Learning (no level confirmed yet): a refusal at level L sets the limit to L - 1, but never cuts
 *   more than half at once (a refusal at a low level may be a passing overload, not a limit).
 * - A level where calls succeed is confirmed. A refusal at or below it is a blip (an overloaded
 *   moment, another client's burst) until refusals make up a sizeable share of the recent calls at
 *   such levels (TREND_MIN_REFUSALS and TREND_SHARE of the last TREND_WINDOW): then the endpoint
 *   takes less than it did, so cut by 30% and forget what was confirmed.
 * - Probing: after `probeAfter` successes in a row at a learned limit, allow one more (only while
 *   enough work is queued that a refused probe, held for its Retry-After, is not the last). The
 *   first probe after a cut comes after one window of successes (a cut by a passing refusal is
 *   undone quickly); a refused probe returns to the confirmed level and waits at least
 *   MIN_PROBE_SUCCESSES, doubling after each further refusal (an endpoint at its real limit is
 *   probed ever more rarely); a successful probe confirms the new level and probes again a window
 *   later.
 *
 * The refused call itself is not this class's business: the scheduler holds it for its own
 * Retry-After while the other slots keep working.
 */

export const MIN_CONCURRENCY = 1;
/** Trend cut: TCP CUBIC's 0.7 (halving left an endpoint a third idle in the benchmark). */
export const TREND_DECREASE_FACTOR = 0.7;
/** Recent outcomes at confirmed levels that decide between a blip and a trend. */
export const TREND_WINDOW = 16;
export const TREND_MIN_REFUSALS = 3;
export const TREND_SHARE = 0.25;
/** Learning never cuts below half of the current limit in one refusal. */
export const LEARNING_MAX_CUT = 0.5;
/** After a refused probe, the next waits at least this many successes. */
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
  /** Outcomes of calls sent at confirmed levels, newest last (true = refused). */
  private atConfirmed: boolean[] = [];

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
    if (level <= this.confirmedLevel) this.noteAtConfirmed(false);
    if (level > this.confirmedLevel && level <= this.current) this.confirmedLevel = level;
    if (this.probing && level >= this.current) {
      this.probing = false; // the probe worked: the endpoint takes this level
      this.probeAfter = this.baseProbeAfter();
      this.successRun = 0;
    }
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
      this.probeAfter = Math.min(MAX_PROBE_SUCCESSES, Math.max(MIN_PROBE_SUCCESSES, this.probeAfter * 2));
      this.current = Math.max(MIN_CONCURRENCY, Math.min(ceiling, this.confirmedLevel || ceiling));
      return 'probe-failed';
    }
    if (level > this.current) return 'stale'; // sent before an earlier cut: already accounted for
    if (this.confirmedLevel > 0 && level <= this.confirmedLevel) {
      this.noteAtConfirmed(true);
      const refused = this.atConfirmed.filter(Boolean).length;
      if (refused < TREND_MIN_REFUSALS || refused < TREND_SHARE * this.atConfirmed.length) return 'blip';
      this.atConfirmed = [];
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

  private noteAtConfirmed(refused: boolean): void {
    this.atConfirmed.push(refused);
    if (this.atConfirmed.length > TREND_WINDOW) this.atConfirmed.shift();
  }

  /** One window: as many successes as the limit. */
  private baseProbeAfter(): number {
    return this.current;
  }
}
