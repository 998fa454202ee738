/**
 * Paces starts on an endpoint with a requests- or tokens-per-minute limit, so that refusals stay
 * rare instead of being the signal. Each window (requests, tokens, input tokens, output tokens) is
 * a token bucket we cannot see directly: the server tells us, on every answer, how much was left
 * when it took that request (`remaining`) and the per-minute limit (`limit`), hence the refill rate.
 *
 *   level = remaining when the server took request k (at its dispatch time), then refilled at
 *           `rate` (capped at the largest `remaining` seen) and drawn down by each of our starts
 *           after k, which the server had not seen yet
 *
 * A start waits until every window has room for its estimated cost. Only the report of the most
 * recently dispatched request counts (answers arrive out of order). A configured rpm is a window
 * of capacity 1 refilled at rpm per minute: starts evenly spaced, as before.
 */
import type { RateLimitReport, RateLimitWindow } from '../types.js';

export type WindowName = keyof RateLimitReport;
export const WINDOW_NAMES: readonly WindowName[] = ['requests', 'tokens', 'inputTokens', 'outputTokens'];

/** Estimated cost of one request in each window's unit. */
export type RequestCost = Record<WindowName, number>;

const MS_PER_MINUTE = 60_000;
/**
 * Pace at this share of the reported rate: the limit is per minute, our clock and the server's
 * differ a little, and a refusal costs more than the few percent given up.
 */
export const PACING_SAFETY = 0.97;
/** Starts remembered to replay those a report had not seen yet (far more than are ever in flight). */
const DISPATCH_HISTORY = 4096;

interface LearnedWindow {
  /** Units per millisecond we pace at. */
  rate: number;
  /** The endpoint's own rate per minute (before our safety margin), for reports. */
  perMinute: number;
  /** The most the bucket has been seen to hold (its burst size). */
  capacity: number;
  /** Our estimate of the bucket's level at time `levelAt`. */
  level: number;
  levelAt: number;
  /** The request whose report this estimate starts from. */
  reportSeq: number;
}

interface Dispatch {
  seq: number;
  at: number;
  cost: RequestCost;
}

export interface PacerSnapshot {
  /** Learned or configured rate per window, in units per minute. */
  perMinute: Partial<Record<WindowName, number>>;
}

function advance(window: LearnedWindow, to: number): void {
  if (to <= window.levelAt) return;
  window.level = Math.min(Math.max(window.capacity, window.level), window.level + window.rate * (to - window.levelAt));
  window.levelAt = to;
}

export class RatePacer {
  private readonly windows = new Map<WindowName, LearnedWindow>();
  private seq = 0;
  /** Recent starts, oldest first, to replay those a report had not seen yet. */
  private dispatches: Dispatch[] = [];

  constructor(private readonly configuredRpm?: number) {
    if (configuredRpm !== undefined) {
      this.windows.set('requests', { rate: configuredRpm / MS_PER_MINUTE, perMinute: configuredRpm, capacity: 1, level: 1, levelAt: -Infinity, reportSeq: 0 });
    }
  }

  get active(): boolean {
    return this.windows.size > 0;
  }

  /** Records a start at `now`; returns its sequence number, to hand back with the answer's report. */
  dispatch(cost: RequestCost, now: number): number {
    this.seq += 1;
    this.dispatches.push({ seq: this.seq, at: now, cost });
    if (this.dispatches.length > DISPATCH_HISTORY * 2) this.dispatches = this.dispatches.slice(-DISPATCH_HISTORY);
    for (const [name, window] of this.windows) {
      advance(window, now);
      window.level -= cost[name];
    }
    return this.seq;
  }

  /**
   * Learns from the report on the answer to request `seq` (dispatched at `dispatchedAt`): the
   * bucket held `remaining` then; our later starts are replayed on top of it.
   */
  observe(seq: number, dispatchedAt: number, report: RateLimitReport | undefined): void {
    if (!report) return;
    for (const name of WINDOW_NAMES) {
      const reported = report[name];
      if (!reported) continue;
      const known = this.windows.get(name);
      if (known && known.reportSeq > seq) {
        known.capacity = Math.max(known.capacity, reported.remaining);
        continue; // an older request's answer: a newer report already says more
      }
      const rate = rateOf(reported, known);
      if (rate === undefined) continue;
      // A configured rpm below what the endpoint allows stays the cap (the user's choice).
      if (name === 'requests' && this.configuredRpm !== undefined && (rate * MS_PER_MINUTE) / PACING_SAFETY >= this.configuredRpm) continue;
      const window: LearnedWindow = {
        rate,
        perMinute: (rate * MS_PER_MINUTE) / PACING_SAFETY,
        capacity: Math.max(known?.capacity ?? 0, reported.remaining, 1),
        level: reported.remaining,
        levelAt: dispatchedAt,
        reportSeq: seq,
      };
      for (const later of this.dispatchesAfter(seq)) {
        advance(window, later.at);
        window.level -= later.cost[name];
      }
      this.windows.set(name, window);
    }
  }

  /**
   * Earliest time (>= now) at which a request of `cost` fits in every window. The bucket is taken
   * to hold at least one request's cost (before any answer has shown how much it holds).
   */
  readyAt(cost: RequestCost, now: number): number {
    let ready = now;
    for (const [name, window] of this.windows) {
      const need = cost[name];
      if (need <= 0) continue;
      const level = Math.min(Math.max(window.capacity, need), window.level + window.rate * Math.max(0, now - window.levelAt));
      if (level >= need) continue;
      ready = Math.max(ready, now + (need - level) / window.rate);
    }
    return ready;
  }

  /** The request `seq` was refused: the server did not charge it, so neither do we. */
  refund(seq: number): void {
    const entry = this.dispatches.find((d) => d.seq === seq);
    if (!entry) return;
    for (const [name, window] of this.windows) if (window.reportSeq < seq) window.level += entry.cost[name];
    entry.cost = { requests: 0, tokens: 0, inputTokens: 0, outputTokens: 0 };
  }

  /** True when the report says some window cannot take a request of `cost` now (the window is spent). */
  static spent(report: RateLimitReport | undefined, cost: RequestCost): boolean {
    if (!report) return false;
    return WINDOW_NAMES.some((name) => {
      const window = report[name];
      return window !== undefined && window.remaining < Math.max(1, Math.min(cost[name], window.limit ?? Infinity));
    });
  }

  snapshot(): PacerSnapshot {
    const perMinute: Partial<Record<WindowName, number>> = {};
    for (const [name, window] of this.windows) perMinute[name] = window.perMinute;
    return { perMinute };
  }

  private dispatchesAfter(seq: number): Dispatch[] {
    let i = this.dispatches.length;
    while (i > 0 && (this.dispatches[i - 1]?.seq ?? 0) > seq) i -= 1;
    return this.dispatches.slice(i);
  }
}

/** Refill rate (units/ms) from the per-minute limit, else from the time the window needs to refill. */
function rateOf(window: RateLimitWindow, known: LearnedWindow | undefined): number | undefined {
  if (window.limit !== undefined && window.limit > 0) return (window.limit / MS_PER_MINUTE) * PACING_SAFETY;
  const capacity = Math.max(known?.capacity ?? 0, window.remaining);
  if (window.resetMs !== undefined && window.resetMs > 0 && capacity > window.remaining) {
    return ((capacity - window.remaining) / window.resetMs) * PACING_SAFETY;
  }
  return known?.rate;
}
