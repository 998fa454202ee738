/**
 * withScheduler: makes one endpoint fast and safe to saturate (schedule middleware).
 *
 * - Admission, learned concurrency, rate pacing and pauses belong to the endpoint and are shared
 *   through the rate-limit registry (rate-limits/): this middleware asks for a slot and reports each
 *   answer. See rate-limits/endpoint-limiter.ts for how a 429 is read.
 * - A 429 never counts as an attempt: the call waits (its own Retry-After, a pause, or pacing) and
 *   goes again, until `maxRateLimitWaitMs` of waiting on limits is spent. `maxRetries: 0` turns
 *   every retry off, 429s included.
 * - 5xx, timeouts and network errors are retried up to `maxRetries` times (retry-policy.ts: a short
 *   first retry while the endpoint's other calls succeed, at once when slots are free and nothing is
 *   queued, exponential when failures cluster).
 * - Each attempt has a timeout enforced with an AbortSignal, so the provider cancels the request.
 * - 'auth' and 'quota' open this scheduler's circuit: its queued and later calls all get that same
 *   error at once.
 * - 'bad-request', 'bad-response' (and anything else) are returned as they are, never retried.
 * - The caller's signal stops waiting, backing off and the call itself immediately.
 *
 * An outcome's latencyMs is what the caller waited: queueing, waiting and every attempt included.
 */
import { ABORT_GRACE_MS, endpointDefaults, MAX_RATE_LIMIT_WAIT_MS, MAX_RETRY_AFTER_MS, RATE_LIMIT_DEFAULT_HOLD_MS, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS } from '../defaults.js';
import { failure } from '../outcome.js';
import type { EndpointFigures, EndpointLimiter, RefusalAdvice, Ticket } from '../rate-limits/endpoint-limiter.js';
import { requestCost } from '../rate-limits/endpoint-limiter.js';
import { processRateLimits, type RateLimitRegistry } from '../rate-limits/registry.js';
import type { CallError, CallFailure, CallOutcome, GenerateRequest, LanguageModel } from '../types.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { linkAbort, onAbort, sleep, systemClock, type Clock } from './clock.js';
import { CIRCUIT_KINDS, errorRetryDelayMs, RETRYABLE_KINDS } from './retry-policy.js';
import { wrapModel } from './wrap-model.js';

export { ABORT_GRACE_MS };

export interface SchedulerOptions {
  /** Maximum calls in flight on the endpoint (the learned limit never goes above it). Default: defaults.ts. */
  concurrency?: number;
  /** Retries of 5xx, timeouts and network errors after the first attempt; 0 turns off every retry. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout. Default: defaults.ts. */
  timeoutMs?: number;
  /** Requests per minute, on top of what the endpoint's headers teach. Default: none. */
  rpm?: number;
  /** Retry-After values are capped to this. */
  maxRetryAfterMs?: number;
  /** How long one call may wait on rate limits in total before it fails as 'rate-limited'. */
  maxRateLimitWaitMs?: number;
  /**
   * Return timeouts to the caller at once instead of retrying them here: a router with other
   * endpoints moves the call elsewhere rather than waiting on a hung server again.
   */
  failFastOnTimeout?: boolean;
  /** Where endpoint state lives; default: the process's registry. */
  registry?: RateLimitRegistry;
  clock?: Clock;
  /** Uniform [0, 1) source for backoff jitter. */
  random?: () => number;
}

export interface SchedulerStats {
  attempts: number;
  /** Retries of 5xx, timeouts and network errors. */
  retries: number;
  /** 429s this scheduler's calls received. */
  rateLimited: number;
  timeouts: number;
  serverErrors: number;
  /** Time this scheduler's calls were held after a refusal. */
  heldMs: number;
  /** Calls answered by the open circuit without being sent. */
  shortCircuited: number;
}

export interface SchedulerState {
  spec: string;
  limit: number;
  maxConcurrency: number;
  inFlight: number;
  queued: number;
  coolingDown: boolean;
  coolingDownUntil: number;
  circuitOpen: boolean;
  circuitError?: CallError;
  /** Attempts in a row on the endpoint that failed on its side (0 after any success). */
  consecutiveFailures: number;
  stats: SchedulerStats;
}

/** A scheduled model exposes its state, which the multi-endpoint router reads to pick an endpoint. */
export interface ScheduledModel extends LanguageModel {
  schedulerState(): SchedulerState;
  /** The shared figures of the endpoint (all runs and roles in this process). */
  endpointFigures(): EndpointFigures;
  /** Calls `listener` when capacity may have appeared (slot freed, pause over) or the circuit opened. */
  onCapacity(listener: () => void): () => void;
}

export function isScheduledModel(model: LanguageModel): model is ScheduledModel {
  const candidate = model as Partial<ScheduledModel>;
  return typeof candidate.schedulerState === 'function' && typeof candidate.onCapacity === 'function';
}

interface ResolvedOptions {
  concurrency: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  rpm: number | undefined;
  maxRetryAfterMs: number;
  maxRateLimitWaitMs: number;
  failFastOnTimeout: boolean;
  clock: Clock;
  random: () => number;
}

function resolveOptions(model: LanguageModel, options: SchedulerOptions): ResolvedOptions {
  const defaults = endpointDefaults(model.isLocal);
  const resolved: ResolvedOptions = {
    concurrency: options.concurrency ?? defaults.concurrency,
    maxRetries: options.maxRetries ?? defaults.maxRetries,
    baseDelayMs: options.baseDelayMs ?? RETRY_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? RETRY_MAX_DELAY_MS,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    rpm: options.rpm,
    maxRetryAfterMs: options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS,
    failFastOnTimeout: options.failFastOnTimeout ?? false,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
  for (const key of ['concurrency', 'timeoutMs'] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`withScheduler(${model.spec}): ${key} must be a positive integer, got ${String(value)}.`);
    }
  }
  if (!Number.isInteger(resolved.maxRetries) || resolved.maxRetries < 0) {
    throw new RangeError(`withScheduler(${model.spec}): maxRetries must be a non-negative integer, got ${resolved.maxRetries}.`);
  }
  if (resolved.rpm !== undefined && !(resolved.rpm > 0)) {
    throw new RangeError(`withScheduler(${model.spec}): rpm must be positive, got ${resolved.rpm}.`);
  }
  return resolved;
}

class Schedule {
  private readonly circuit = new CircuitBreaker();
  /** This scheduler's calls in the shared gate, so its circuit turns away only them. */
  private readonly group = {};
  readonly stats: SchedulerStats = { attempts: 0, retries: 0, rateLimited: 0, timeouts: 0, serverErrors: 0, heldMs: 0, shortCircuited: 0 };

  constructor(
    private readonly spec: string,
    readonly limiter: EndpointLimiter,
    private readonly options: ResolvedOptions,
  ) {}

  state(): SchedulerState {
    const circuitError = this.circuit.failure;
    const until = this.limiter.pausedUntil;
    return {
      spec: this.spec,
      limit: this.limiter.concurrency.value,
      maxConcurrency: this.limiter.concurrency.max,
      inFlight: this.limiter.inFlight,
      queued: this.limiter.queued,
      coolingDown: until > this.options.clock.now(),
      coolingDownUntil: until,
      circuitOpen: this.circuit.isOpen,
      ...(circuitError ? { circuitError } : {}),
      consecutiveFailures: this.limiter.consecutiveFailures,
      stats: { ...this.stats },
    };
  }

  async generate(request: GenerateRequest, send: (request: GenerateRequest) => Promise<CallOutcome>): Promise<CallOutcome> {
    const { clock, maxRetries } = this.options;
    const startedAt = clock.now();
    const elapsed = (): number => clock.now() - startedAt;
    const cost = requestCost(request);
    let errorRetries = 0;
    let refusals = 0;
    let waitedOnLimitsMs = 0;
    let isRetry = false;

    for (;;) {
      if (this.circuit.isOpen) return this.shortCircuit(elapsed());
      const queuedAt = clock.now();
      const { admission, ticket } = await this.limiter.acquire(request.signal, isRetry, cost, this.group);
      if (isRetry && refusals > 0) waitedOnLimitsMs += clock.now() - queuedAt;
      if (admission.kind === 'aborted') return failure('aborted', `${this.spec}: cancelled while waiting for a slot.`, {}, elapsed());
      if (admission.kind === 'closed' || !ticket) return this.shortCircuit(elapsed());
      if (this.circuit.isOpen) {
        this.limiter.release();
        return this.shortCircuit(elapsed());
      }

      this.stats.attempts += 1;
      const { outcome, releaseSlot } = await this.attempt(request, send);
      // React before the slot is given back, so the next queued call already sees what was learned.
      if (outcome.ok) {
        this.limiter.recordSuccess(ticket, outcome);
        releaseSlot();
        return { ...outcome, latencyMs: elapsed() };
      }
      const error = outcome.error;
      if (CIRCUIT_KINDS.has(error.kind)) {
        const open = this.circuit.trip(this.spec, error);
        this.limiter.closeGroup(this.group);
        releaseSlot();
        return { ok: false, error: open, latencyMs: elapsed() };
      }
      if (error.kind === 'rate-limited') {
        const advice = this.onRefused(ticket, error, refusals);
        releaseSlot();
        refusals += 1;
        if (request.signal?.aborted) return { ...outcome, latencyMs: elapsed() };
        if (maxRetries === 0 || waitedOnLimitsMs + advice.waitMs > this.options.maxRateLimitWaitMs) {
          return this.gaveUpWaiting(error, waitedOnLimitsMs + advice.waitMs, elapsed());
        }
        if (!(await this.hold(advice.holdMs, request.signal))) return failure('aborted', `${this.spec}: cancelled while waiting on a rate limit.`, {}, elapsed());
        waitedOnLimitsMs += advice.holdMs;
        isRetry = true;
        continue;
      }
      if (error.kind === 'server-error' || error.kind === 'timeout' || error.kind === 'network') {
        this.limiter.recordFailure(error.kind);
        if (error.kind === 'timeout') this.stats.timeouts += 1;
        if (error.kind === 'server-error') this.stats.serverErrors += 1;
      }
      const healthy = this.limiter.healthy;
      releaseSlot();

      if (!RETRYABLE_KINDS.has(error.kind) || request.signal?.aborted) return { ...outcome, latencyMs: elapsed() };
      if (error.kind === 'timeout' && this.options.failFastOnTimeout) return { ...outcome, latencyMs: elapsed() };
      if (errorRetries >= maxRetries) {
        const attempts = errorRetries + 1;
        const message = attempts > 1 ? `${error.message} (gave up after ${attempts} attempts)` : error.message;
        return { ok: false, error: { ...error, message }, latencyMs: elapsed() };
      }
      this.stats.retries += 1;
      this.limiter.recordRetry();
      const retryAfter = Math.min(error.retryAfterMs ?? 0, this.options.maxRetryAfterMs);
      // With free slots and nothing queued (a step's tail), waiting would only leave the endpoint idle.
      const idle = this.limiter.queued === 0 && this.limiter.inFlight < this.limiter.concurrency.value;
      const delay = healthy && idle ? retryAfter : errorRetryDelayMs(errorRetries, healthy, this.options, this.options.random, retryAfter);
      errorRetries += 1;
      if (!(await sleep(clock, delay, request.signal))) return failure('aborted', `${this.spec}: cancelled while waiting to retry.`, {}, elapsed());
      isRetry = true;
    }
  }

  private onRefused(ticket: Ticket, error: CallError, refusals: number): RefusalAdvice {
    this.stats.rateLimited += 1;
    return this.limiter.recordRefusal(ticket, error, refusals, RATE_LIMIT_DEFAULT_HOLD_MS);
  }

  private async hold(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    if (ms <= 0) return !signal?.aborted;
    this.stats.heldMs += ms;
    this.limiter.recordHeld(ms);
    return sleep(this.options.clock, ms, signal);
  }

  private gaveUpWaiting(error: CallError, waitedMs: number, latencyMs: number): CallFailure {
    const why = this.options.maxRetries === 0 ? 'retries are off' : `waiting on rate limits would pass ${Math.round(this.options.maxRateLimitWaitMs / 1000)} s (${Math.round(waitedMs / 1000)} s)`;
    return { ok: false, error: { ...error, message: `${error.message} (gave up: ${why})` }, latencyMs };
  }

  private shortCircuit(latencyMs: number): CallFailure {
    this.stats.shortCircuited += 1;
    const error = this.circuit.failure ?? { kind: 'unavailable', message: `${this.spec}: the endpoint is closed.` };
    return { ok: false, error, latencyMs };
  }

  /**
   * One attempt in an acquired slot. The caller must call `releaseSlot` once it has reacted to the
   * outcome; if the provider has not returned yet (timeout, caller abort), the slot is only really
   * given back when it does, or after ABORT_GRACE_MS.
   */
  private async attempt(request: GenerateRequest, send: (request: GenerateRequest) => Promise<CallOutcome>): Promise<{ outcome: CallOutcome; releaseSlot: () => void }> {
    const { clock, timeoutMs } = this.options;
    const controller = new AbortController();
    const unlink = linkAbort(request.signal, controller);
    const started = clock.now();

    const call: Promise<CallOutcome> = Promise.resolve()
      .then(() => send({ ...request, signal: controller.signal }))
      .catch((err: unknown) =>
        // Providers must not throw; if one does, that is a bug to surface, not a retryable outage.
        failure('bad-response', `${this.spec}: provider threw instead of returning an outcome: ${String(err)}`, {}, clock.now() - started),
      );

    let timer: unknown;
    let detachCaller = (): void => {};
    const timedOut = (): CallFailure => failure('timeout', `${this.spec}: no answer within ${timeoutMs} ms.`, {}, clock.now() - started);
    let didTimeOut = false;
    const interrupted = new Promise<CallOutcome>((resolve) => {
      timer = clock.setTimeout(() => {
        didTimeOut = true;
        const outcome = timedOut();
        controller.abort(new Error('timeout'));
        resolve(outcome);
      }, timeoutMs);
      if (request.signal) {
        detachCaller = onAbort(request.signal, () => resolve(failure('aborted', `${this.spec}: cancelled by the caller.`, {}, clock.now() - started)));
      }
    });

    const winner = await Promise.race([call.then((outcome) => ({ outcome, answered: true })), interrupted.then((outcome) => ({ outcome, answered: false }))]);
    clock.clearTimeout(timer);
    detachCaller();
    unlink();

    const releaseSlot = winner.answered ? () => this.limiter.release() : () => this.releaseWhenSettled(call);
    // A provider may win the race with its own 'aborted' when it was our timeout that aborted it.
    const outcome = didTimeOut && !winner.outcome.ok && winner.outcome.error.kind === 'aborted' && !request.signal?.aborted ? timedOut() : winner.outcome;
    return { outcome, releaseSlot };
  }

  private releaseWhenSettled(call: Promise<CallOutcome>): void {
    const { clock } = this.options;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clock.clearTimeout(grace);
      this.limiter.release();
    };
    const grace = clock.setTimeout(release, ABORT_GRACE_MS);
    void call.then(release);
  }
}

/**
 * Wraps `model` with the schedule middleware: the endpoint's shared limits (from the registry),
 * waiting on 429s in time, retries of 5xx/timeouts/network errors, per-attempt timeouts and a
 * circuit breaker.
 */
export function withScheduler(model: LanguageModel, options: SchedulerOptions = {}): ScheduledModel {
  const resolved = resolveOptions(model, options);
  const registry = options.registry ?? processRateLimits;
  const limiter = registry.limiterFor(model, {
    concurrency: resolved.concurrency,
    ...(resolved.rpm !== undefined ? { rpm: resolved.rpm } : {}),
    clock: resolved.clock,
    maxRetryAfterMs: resolved.maxRetryAfterMs,
  });
  const schedule = new Schedule(model.spec, limiter, resolved);
  return wrapModel({
    model,
    wrapGenerate: ({ request, doGenerate }) => schedule.generate(request, doGenerate),
    extra: {
      schedulerState: () => schedule.state(),
      endpointFigures: () => limiter.figures(),
      onCapacity: (listener: () => void) => limiter.onCapacity(listener),
    },
  });
}
