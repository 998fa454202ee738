/**
 * withScheduler: makes one endpoint fast and safe to saturate.
 *
 * - At most `concurrency` calls in flight; the rest queue FIFO (retries go first).
 * - Adaptive: a 'rate-limited' answer halves the limit (once per burst, min 1) and, when it carries
 *   retryAfterMs, holds every start on this endpoint until then; the limit grows back by one slot
 *   after each run of successes.
 * - Retries 'rate-limited', 'server-error', 'timeout' and 'network' with full-jitter exponential
 *   backoff; `maxRetries: 0` means exactly one attempt. The slot is given back while backing off.
 * - Each attempt has a timeout enforced with an AbortSignal, so the provider cancels the request.
 * - 'auth' and 'quota' open a circuit: queued and later calls all get that same error at once.
 * - 'bad-request', 'bad-response' (and anything else) are returned as they are, never retried.
 * - The caller's signal stops waiting, backing off and the call itself immediately.
 *
 * An outcome's latencyMs is what the caller waited: queueing, backoff and every attempt included.
 */
import { failure, type CallError, type CallFailure, type CallOutcome, type GenerateRequest, type LanguageModel } from '../types.js';
import { AdaptiveLimit } from './adaptive-concurrency.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { linkAbort, onAbort, sleep, systemClock, type Clock } from './clock.js';
import {
  backoffDelayMs,
  CIRCUIT_KINDS,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_MAX_RETRIES_CLOUD,
  DEFAULT_MAX_RETRIES_LOCAL,
  DEFAULT_MAX_RETRY_AFTER_MS,
  RETRYABLE_KINDS,
} from './retry-policy.js';
import { SlotGate } from './slot-gate.js';

export const DEFAULT_CONCURRENCY_CLOUD = 8;
export const DEFAULT_CONCURRENCY_LOCAL = 2;
export const DEFAULT_TIMEOUT_MS_CLOUD = 120_000;
export const DEFAULT_TIMEOUT_MS_LOCAL = 600_000;
/**
 * After a timeout or a caller abort the provider is told to cancel; its slot is held until it does,
 * or this long at most, so a provider that ignores the signal cannot leak slots forever.
 */
export const ABORT_GRACE_MS = 5_000;

export interface SchedulerOptions {
  /** Maximum calls in flight (the adaptive limit never goes above it). Default 8 cloud, 2 local. */
  concurrency?: number;
  /** Retries after the first attempt. Default 6 cloud, 2 local; 0 means one attempt. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout. Default 120 s cloud, 600 s local. */
  timeoutMs?: number;
  /** Requests per minute; starts are spaced evenly. Default: no pacing. */
  rpm?: number;
  /** Successes in a row before the limit grows by one slot. Default: the current limit (one window). */
  recoverAfterSuccesses?: number;
  /** Retry-After values are capped to this. */
  maxRetryAfterMs?: number;
  clock?: Clock;
  /** Uniform [0, 1) source for backoff jitter. */
  random?: () => number;
}

export interface SchedulerStats {
  attempts: number;
  retries: number;
  rateLimited: number;
  timeouts: number;
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
  /** Attempts in a row that failed for a reason on the endpoint's side (0 after any success). */
  consecutiveFailures: number;
  stats: SchedulerStats;
}

/** A scheduled model exposes its state, which the multi-endpoint router reads to pick an endpoint. */
export interface ScheduledModel extends LanguageModel {
  schedulerState(): SchedulerState;
  /** Calls `listener` when capacity may have appeared (slot freed, cooldown over) or the circuit opened. */
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
  recoverAfterSuccesses: number | undefined;
  maxRetryAfterMs: number;
  clock: Clock;
  random: () => number;
}

function resolveOptions(model: LanguageModel, options: SchedulerOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    concurrency: options.concurrency ?? (model.isLocal ? DEFAULT_CONCURRENCY_LOCAL : DEFAULT_CONCURRENCY_CLOUD),
    maxRetries: options.maxRetries ?? (model.isLocal ? DEFAULT_MAX_RETRIES_LOCAL : DEFAULT_MAX_RETRIES_CLOUD),
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    timeoutMs: options.timeoutMs ?? (model.isLocal ? DEFAULT_TIMEOUT_MS_LOCAL : DEFAULT_TIMEOUT_MS_CLOUD),
    rpm: options.rpm,
    recoverAfterSuccesses: options.recoverAfterSuccesses,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
  const positiveInts: (keyof ResolvedOptions)[] = ['concurrency', 'timeoutMs', 'recoverAfterSuccesses'];
  for (const key of positiveInts) {
    const value = resolved[key];
    if (key === 'recoverAfterSuccesses' && value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
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

class EndpointScheduler implements ScheduledModel {
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  readonly isLocal: boolean;
  private readonly options: ResolvedOptions;
  private readonly limit: AdaptiveLimit;
  private readonly gate: SlotGate;
  private readonly circuit = new CircuitBreaker();
  private consecutiveFailures = 0;
  private readonly stats: SchedulerStats = { attempts: 0, retries: 0, rateLimited: 0, timeouts: 0, shortCircuited: 0 };

  constructor(
    private readonly model: LanguageModel,
    options: SchedulerOptions,
  ) {
    this.spec = model.spec;
    this.provider = model.provider;
    this.modelId = model.modelId;
    this.isLocal = model.isLocal;
    this.options = resolveOptions(model, options);
    this.limit = new AdaptiveLimit(this.options.concurrency, this.options.recoverAfterSuccesses);
    this.gate = new SlotGate({
      clock: this.options.clock,
      limit: () => this.limit.value,
      epoch: () => this.limit.epoch,
      ...(this.options.rpm !== undefined ? { rpm: this.options.rpm } : {}),
    });
  }

  schedulerState(): SchedulerState {
    const circuitError = this.circuit.failure;
    const until = this.gate.coolingDownUntil;
    return {
      spec: this.spec,
      limit: this.limit.value,
      maxConcurrency: this.limit.max,
      inFlight: this.gate.inFlight,
      queued: this.gate.queued,
      coolingDown: until > this.options.clock.now(),
      coolingDownUntil: until,
      circuitOpen: this.circuit.isOpen,
      ...(circuitError ? { circuitError } : {}),
      consecutiveFailures: this.consecutiveFailures,
      stats: { ...this.stats },
    };
  }

  onCapacity(listener: () => void): () => void {
    return this.gate.onChange(listener);
  }

  async generate(request: GenerateRequest): Promise<CallOutcome> {
    const { clock } = this.options;
    const startedAt = clock.now();
    const elapsed = (): number => clock.now() - startedAt;

    for (let attempt = 0; ; attempt += 1) {
      const admission = await this.gate.acquire(request.signal, attempt > 0);
      if (admission.kind === 'aborted') return failure('aborted', `${this.spec}: cancelled while waiting for a slot.`, {}, elapsed());
      if (admission.kind === 'closed') return this.shortCircuit(elapsed());

      this.stats.attempts += 1;
      const { outcome, releaseSlot } = await this.attempt(request);
      // React to the outcome before the slot is given back, so the next queued call already sees the
      // cooldown, the halved limit or the open circuit.
      if (outcome.ok) {
        this.limit.recordSuccess();
        this.consecutiveFailures = 0;
        releaseSlot();
        return { ...outcome, latencyMs: elapsed() };
      }
      const error = outcome.error;
      if (CIRCUIT_KINDS.has(error.kind)) {
        const open = this.circuit.trip(this.spec, error);
        this.gate.close();
        releaseSlot();
        return { ok: false, error: open, latencyMs: elapsed() };
      }
      if (error.kind === 'rate-limited') this.onRateLimited(error, admission.epoch);
      if (error.kind === 'timeout') this.stats.timeouts += 1;
      if (RETRYABLE_KINDS.has(error.kind)) this.consecutiveFailures += 1;
      releaseSlot();

      if (!RETRYABLE_KINDS.has(error.kind) || request.signal?.aborted) return { ...outcome, latencyMs: elapsed() };
      if (attempt >= this.options.maxRetries) {
        const attempts = attempt + 1;
        const message = attempts > 1 ? `${error.message} (gave up after ${attempts} attempts)` : error.message;
        return { ok: false, error: { ...error, message }, latencyMs: elapsed() };
      }

      this.stats.retries += 1;
      const waited = await sleep(clock, this.retryDelayMs(error, attempt), request.signal);
      if (!waited) return failure('aborted', `${this.spec}: cancelled while waiting to retry.`, {}, elapsed());
    }
  }

  async dispose(): Promise<void> {
    await this.model.dispose?.();
  }

  private shortCircuit(latencyMs: number): CallFailure {
    this.stats.shortCircuited += 1;
    const error = this.circuit.failure ?? { kind: 'unavailable', message: `${this.spec}: the endpoint is closed.` };
    return { ok: false, error, latencyMs };
  }

  private onRateLimited(error: CallError, dispatchEpoch: number): void {
    this.stats.rateLimited += 1;
    this.limit.decrease(dispatchEpoch);
    if (error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
      this.gate.coolDown(this.options.clock.now() + Math.min(error.retryAfterMs, this.options.maxRetryAfterMs));
    }
  }

  /**
   * A Retry-After on a 429 is already enforced by the gate's cooldown for every call, so the retry
   * just queues again; other transient failures back off with jitter (at least their retryAfterMs).
   */
  private retryDelayMs(error: CallError, retryIndex: number): number {
    if (error.kind === 'rate-limited' && error.retryAfterMs !== undefined && error.retryAfterMs > 0) return 0;
    const jitter = backoffDelayMs(retryIndex, this.options, this.options.random);
    const retryAfter = Math.min(error.retryAfterMs ?? 0, this.options.maxRetryAfterMs);
    return Math.max(jitter, retryAfter);
  }

  /**
   * One attempt in an acquired slot. The caller must call `releaseSlot` once it has reacted to the
   * outcome; if the provider has not returned yet (timeout, caller abort), the slot is only really
   * given back when it does, or after ABORT_GRACE_MS.
   */
  private async attempt(request: GenerateRequest): Promise<{ outcome: CallOutcome; releaseSlot: () => void }> {
    const { clock, timeoutMs } = this.options;
    const controller = new AbortController();
    const unlink = linkAbort(request.signal, controller);
    const started = clock.now();

    const call: Promise<CallOutcome> = Promise.resolve()
      .then(() => this.model.generate({ ...request, signal: controller.signal }))
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
        detachCaller = onAbort(request.signal, () =>
          resolve(failure('aborted', `${this.spec}: cancelled by the caller.`, {}, clock.now() - started)),
        );
      }
    });

    const winner = await Promise.race([
      call.then((outcome) => ({ outcome, answered: true })),
      interrupted.then((outcome) => ({ outcome, answered: false })),
    ]);
    clock.clearTimeout(timer);
    detachCaller();
    unlink();

    const releaseSlot = winner.answered ? () => this.gate.release() : () => this.releaseWhenSettled(call);
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
      this.gate.release();
    };
    const grace = clock.setTimeout(release, ABORT_GRACE_MS);
    void call.then(release);
  }
}

/** Wraps `model` with a per-endpoint concurrency limit, adaptive rate limiting, retries, timeouts and a circuit breaker. */
export function withScheduler(model: LanguageModel, options: SchedulerOptions = {}): ScheduledModel {
  return new EndpointScheduler(model, options);
}
