/**
 * Everything one endpoint has taught us about its limits, shared by every model object, role and
 * run that talks to it (see registry.ts): the concurrency it takes, the rate it allows, whether its
 * window is spent, and the figures a run report shows. The per-run scheduler (wrappers/scheduler.ts)
 * asks it for a slot, reports each answer, and keeps retries, timeouts and the circuit for itself.
 *
 * How a refusal (429) is read:
 * - its rate-limit headers say a window is spent: a rate limit. The endpoint is paused until the
 *   window has room: by the pacer, which now knows the window is empty and its refill rate, or, if
 *   the headers give no rate, for the Retry-After (else the window's reset). The refused call itself
 *   waits its own Retry-After (Anthropic's are whole seconds; the window refills sooner).
 * - it was sent with other calls in flight (level >= 2): a concurrency limit. Learn the level
 *   (concurrency-limit.ts) and hold only the refused call for its own Retry-After; the other slots
 *   keep working.
 * - it was the only call in flight: nothing can be lowered; pause the endpoint for its Retry-After.
 */
import { estimatePromptTokens } from '../wrappers/budget.js';
import type { CallError, CallSuccess, GenerateRequest, RateLimitReport } from '../types.js';
import type { Clock } from '../wrappers/clock.js';
import { SlotGate, type Admission } from '../wrappers/slot-gate.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { RatePacer, type RequestCost } from './rate-pacer.js';

/** Attempts remembered to tell a lone failure from a cluster. */
const HEALTH_WINDOW = 16;
const LATENCY_SMOOTHING = 0.1;

export interface EndpointLimiterOptions {
  /** A readable name (provider and base URL; never a key). */
  label: string;
  concurrency: number;
  /** A configured requests-per-minute cap, on top of whatever the headers teach. */
  rpm?: number;
  clock: Clock;
  maxRetryAfterMs: number;
}

/** What a refused call should do next. */
export interface RefusalAdvice {
  kind: 'window-spent' | 'concurrency' | 'paused';
  /** How long this call waits before queueing again (0: queue now; the gate holds it). */
  holdMs: number;
  /** How long the call is expected to wait in all (its hold, or the endpoint's pause). */
  waitMs: number;
}

export interface EndpointFigures {
  label: string;
  /** Answers received (successes). */
  succeeded: number;
  /** 429 answers, and how they were read. */
  rateLimited: number;
  windowSpentRefusals: number;
  concurrencyRefusals: number;
  serverErrors: number;
  timeouts: number;
  networkErrors: number;
  /** Retries of 5xx, timeouts and network errors. */
  retries: number;
  /** Time calls spent held after a refusal, summed over calls. */
  heldMs: number;
  /** Time queued work was held back by a pause or pacing (endpoint clock time). */
  pausedMs: number;
  /** The concurrency limit in force now, and the configured maximum. */
  limit: number;
  maxConcurrency: number;
  /** True once a refusal has taught the limit (otherwise it is the configured one). */
  limitLearned: boolean;
  /** Rates learned from headers (or configured), per minute. */
  ratePerMinute: Partial<Record<'requests' | 'tokens' | 'inputTokens' | 'outputTokens', number>>;
  /** Clock span from the first start to the last answer, for calls/s. */
  activeMs: number;
}

export interface Ticket {
  level: number;
  startedAt: number;
  seq: number;
  cost: RequestCost;
}

export function requestCost(request: GenerateRequest): RequestCost {
  const input = estimatePromptTokens(request.prompt);
  return { requests: 1, tokens: input + request.maxTokens, inputTokens: input, outputTokens: request.maxTokens };
}

export class EndpointLimiter {
  readonly label: string;
  readonly concurrency: ConcurrencyLimit;
  private readonly pacer: RatePacer;
  private readonly gate: SlotGate<RequestCost>;
  private readonly clock: Clock;
  private readonly maxRetryAfterMs: number;
  private consecutive = 0;
  /** The last HEALTH_WINDOW attempt results (true = failed on the endpoint's side), newest last. */
  private recent: boolean[] = [];
  /** Smoothed duration of successful attempts, and the last hold of a concurrency refusal. */
  private meanLatencyMs: number | undefined;
  private lastHoldMs = 0;
  private firstStartAt: number | undefined;
  private lastEndAt: number | undefined;
  private readonly counts = { succeeded: 0, rateLimited: 0, windowSpentRefusals: 0, concurrencyRefusals: 0, serverErrors: 0, timeouts: 0, networkErrors: 0, retries: 0, heldMs: 0 };

  constructor(options: EndpointLimiterOptions) {
    this.label = options.label;
    this.clock = options.clock;
    this.maxRetryAfterMs = options.maxRetryAfterMs;
    this.concurrency = new ConcurrencyLimit(options.concurrency);
    this.pacer = new RatePacer(options.rpm);
    this.gate = new SlotGate<RequestCost>({
      clock: options.clock,
      limit: () => this.concurrency.value,
      readyAt: (cost, now) => (this.pacer.active ? this.pacer.readyAt(cost, now) : now),
      onStart: (cost, now) => {
        this.firstStartAt ??= now;
        return this.pacer.dispatch(cost, now);
      },
    });
  }

  get inFlight(): number {
    return this.gate.inFlight;
  }

  get queued(): number {
    return this.gate.queued;
  }

  get pausedUntil(): number {
    return this.gate.coolingDownUntil;
  }

  /** Attempts in a row, on any call, that failed on the endpoint's side (0 after any success). */
  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /**
   * True while most recent attempts succeed: a failure is then retried soon rather than backed off.
   * Failures cluster when half of the recent attempts failed, or nothing has succeeded yet.
   */
  get healthy(): boolean {
    const failed = this.recent.filter(Boolean).length;
    return this.recent.length > failed && failed * 2 < this.recent.length;
  }

  async acquire(signal: AbortSignal | undefined, isRetry: boolean, cost: RequestCost, group: object): Promise<{ admission: Admission; ticket?: Ticket }> {
    const admission = await this.gate.acquire(signal, isRetry, cost, group);
    if (admission.kind !== 'slot') return { admission };
    return { admission, ticket: { level: admission.level, startedAt: admission.startedAt, seq: admission.seq, cost } };
  }

  release(): void {
    this.lastEndAt = this.clock.now();
    this.gate.release();
  }

  onCapacity(listener: () => void): () => void {
    return this.gate.onChange(listener);
  }

  closeGroup(group: object): void {
    this.gate.closeGroup(group);
  }

  recordSuccess(ticket: Ticket, outcome: CallSuccess): void {
    this.counts.succeeded += 1;
    this.consecutive = 0;
    this.remember(false);
    const latency = this.clock.now() - ticket.startedAt;
    this.meanLatencyMs = this.meanLatencyMs === undefined ? latency : this.meanLatencyMs + LATENCY_SMOOTHING * (latency - this.meanLatencyMs);
    this.concurrency.recordSuccess(ticket.level, this.enoughWorkToProbe());
    this.learnRate(ticket, outcome.rateLimit);
  }

  /** Reads a 429 (see the file comment) and says what the refused call should do. */
  recordRefusal(ticket: Ticket, error: CallError, holdAttempt: number, defaultHoldMs: number): RefusalAdvice {
    this.counts.rateLimited += 1;
    this.learnRate(ticket, error.rateLimit);
    this.pacer.refund(ticket.seq);
    const retryAfter = error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, this.maxRetryAfterMs) : undefined;
    const now = this.clock.now();
    if (RatePacer.spent(error.rateLimit, ticket.cost)) {
      this.counts.windowSpentRefusals += 1;
      const refill = retryAfter ?? spentWindowResetMs(error.rateLimit) ?? defaultHoldMs;
      if (!this.pacer.active) this.gate.coolDown(now + refill);
      return { kind: 'window-spent', holdMs: this.pacer.active ? refill : 0, waitMs: refill };
    }
    const hold = retryAfter ?? Math.min(this.maxRetryAfterMs, defaultHoldMs * 2 ** holdAttempt);
    if (ticket.level >= 2) {
      this.counts.concurrencyRefusals += 1;
      this.concurrency.recordRefusal(ticket.level);
      this.lastHoldMs = hold;
      return { kind: 'concurrency', holdMs: hold, waitMs: hold };
    }
    this.gate.coolDown(now + hold);
    return { kind: 'paused', holdMs: 0, waitMs: hold };
  }

  /** A 5xx, timeout or network failure: counted, and it breaks the run of successes. */
  recordFailure(kind: 'server-error' | 'timeout' | 'network'): void {
    this.consecutive += 1;
    this.remember(true);
    if (kind === 'server-error') this.counts.serverErrors += 1;
    else if (kind === 'timeout') this.counts.timeouts += 1;
    else this.counts.networkErrors += 1;
  }

  recordRetry(): void {
    this.counts.retries += 1;
  }

  recordHeld(ms: number): void {
    this.counts.heldMs += ms;
  }

  figures(): EndpointFigures {
    const { succeeded, rateLimited, windowSpentRefusals, concurrencyRefusals, serverErrors, timeouts, networkErrors, retries, heldMs } = this.counts;
    return {
      label: this.label,
      succeeded,
      rateLimited,
      windowSpentRefusals,
      concurrencyRefusals,
      serverErrors,
      timeouts,
      networkErrors,
      retries,
      heldMs,
      pausedMs: this.gate.heldMs,
      limit: this.concurrency.value,
      maxConcurrency: this.concurrency.max,
      limitLearned: this.concurrency.value !== this.concurrency.max || concurrencyRefusals > 0,
      ratePerMinute: this.pacer.snapshot().perMinute,
      activeMs: this.firstStartAt !== undefined && this.lastEndAt !== undefined ? Math.max(0, this.lastEndAt - this.firstStartAt) : 0,
    };
  }

  /**
   * A refused probe is held for its Retry-After: probe only while the queued work outlasts that
   * hold, so the held call is not the one the batch ends waiting for.
   */
  private enoughWorkToProbe(): boolean {
    const drainMs = (this.gate.queued * (this.meanLatencyMs ?? 0)) / Math.max(1, this.concurrency.value);
    return drainMs >= this.lastHoldMs;
  }

  private remember(failed: boolean): void {
    this.recent.push(failed);
    if (this.recent.length > HEALTH_WINDOW) this.recent.shift();
  }

  private learnRate(ticket: Ticket, report: RateLimitReport | undefined): void {
    if (!report) return;
    this.pacer.observe(ticket.seq, ticket.startedAt, report);
    this.gate.poke();
  }
}

/** The longest reset among the windows the report says are spent. */
function spentWindowResetMs(report: RateLimitReport | undefined): number | undefined {
  if (!report) return undefined;
  const resets = Object.values(report)
    .filter((w) => w !== undefined && w.remaining <= 0 && w.resetMs !== undefined)
    .map((w) => w?.resetMs ?? 0);
  return resets.length > 0 ? Math.max(...resets) : undefined;
}
