/**
 * withEndpoints: one logical model served by several endpoints (e.g. several vLLM servers).
 *
 * Each endpoint keeps its own scheduler (limit, queue, cooldown, retries, circuit). The router keeps
 * one FIFO queue in front of them and hands a call to an endpoint only when that endpoint has a free
 * slot: the one with the most free capacity among those that are not cooling down, have their
 * circuit closed and have not just failed a call or an attempt (ties rotate, so load spreads
 * evenly). Calls therefore
 * never pile up behind a slow or dead server while another has room.
 *
 * When an endpoint fails a call after its own retries (network, 5xx, timeout, rate limit) or its
 * circuit is open (auth, quota), the call goes back to the front of the queue for an endpoint it
 * has not tried yet, and the failed endpoint is avoided for a while. If no endpoint is healthy,
 * the unhealthy ones are used anyway (they may have recovered). A call fails only when every
 * endpoint has failed it; request errors (bad-request, bad-response, budget) never fail over.
 */
import { failure } from '../outcome.js';
import { type CallErrorKind, type CallFailure, type CallOutcome, type GenerateRequest, type LanguageModel } from '../types.js';
import { UNHEALTHY_ENDPOINT_MS } from '../defaults.js';
import { MODEL_SPECIFICATION_VERSION } from '../outcome.js';
import type { EndpointFigures } from '../rate-limits/endpoint-limiter.js';
import { onAbort, systemClock, type Clock } from './clock.js';
import { isScheduledModel, withScheduler, type ScheduledModel, type SchedulerOptions, type SchedulerState } from './scheduler.js';

/** After failing a call, an endpoint is avoided for this long (still used if nothing better is left). */
export const DEFAULT_UNHEALTHY_FOR_MS = UNHEALTHY_ENDPOINT_MS;

/** Failures that say something about the endpoint, not the request: try the call elsewhere. */
export const FAILOVER_KINDS: ReadonlySet<CallErrorKind> = new Set<CallErrorKind>([
  'rate-limited',
  'server-error',
  'timeout',
  'network',
  'auth',
  'quota',
  'unavailable',
]);

export interface EndpointRouterOptions extends SchedulerOptions {
  /** How long an endpoint that just failed a call is avoided. */
  unhealthyForMs?: number;
  /** Spec of the logical model; default: the first endpoint's spec. */
  spec?: string;
}

export interface RoutedModel extends LanguageModel {
  endpointStates(): SchedulerState[];
  /** Each endpoint's shared figures, in the order the endpoints were given. */
  endpointFigures(): EndpointFigures[];
  /** Calls waiting in the router for an endpoint with room. */
  readonly queued: number;
}

interface Endpoint {
  model: ScheduledModel;
  unhealthyUntil: number;
}

interface PendingCall {
  request: GenerateRequest;
  tried: Set<Endpoint>;
  failures: CallFailure[];
  startedAt: number;
  done: boolean;
  settle(outcome: CallOutcome): void;
}

type Choice = { kind: 'send'; endpoint: Endpoint } | { kind: 'wait' } | { kind: 'exhausted' };

/**
 * The route middleware over several models. It keeps the logical model's identity: the first
 * endpoint's provider and model id, and a base URL only when there is a single endpoint (several
 * servers of one model share one cache identity, so adding a server keeps the cache).
 */
class EndpointRouter implements RoutedModel {
  readonly specificationVersion = MODEL_SPECIFICATION_VERSION;
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  readonly isLocal: boolean;
  readonly baseURL?: string;
  private readonly endpoints: Endpoint[];
  private readonly clock: Clock;
  private readonly unhealthyForMs: number;
  /** Calls not sent anywhere yet; all alike, so only the head needs checking. */
  private fresh: PendingCall[] = [];
  private freshHead = 0;
  /** Calls coming back from a failed endpoint; each has its own tried set, served first. */
  private failovers: PendingCall[] = [];
  private rotation = 0;
  private pumping = false;
  private pumpAgain = false;

  constructor(models: LanguageModel[], options: EndpointRouterOptions) {
    const first = models[0];
    if (!first) throw new RangeError('withEndpoints needs at least one endpoint.');
    const { unhealthyForMs, spec, ...schedulerOptions } = options;
    this.spec = spec ?? first.spec;
    this.provider = first.provider;
    this.modelId = first.modelId;
    this.isLocal = models.every((m) => m.isLocal);
    if (models.length === 1 && first.baseURL !== undefined) this.baseURL = first.baseURL;
    this.clock = options.clock ?? systemClock;
    this.unhealthyForMs = unhealthyForMs ?? DEFAULT_UNHEALTHY_FOR_MS;
    this.endpoints = models.map((m) => ({
      model: isScheduledModel(m) ? m : withScheduler(m, schedulerOptions),
      unhealthyUntil: 0,
    }));
    for (const endpoint of this.endpoints) endpoint.model.onCapacity(() => this.pump());
  }

  get queued(): number {
    return this.fresh.length - this.freshHead + this.failovers.length;
  }

  endpointStates(): SchedulerState[] {
    return this.endpoints.map((e) => e.model.schedulerState());
  }

  endpointFigures(): EndpointFigures[] {
    return this.endpoints.map((e) => e.model.endpointFigures());
  }

  generate(request: GenerateRequest): Promise<CallOutcome> {
    const startedAt = this.clock.now();
    if (request.signal?.aborted) return Promise.resolve(failure('aborted', `${this.spec}: cancelled before the call.`));
    return new Promise((resolve) => {
      let detach = (): void => {};
      const call: PendingCall = {
        request,
        tried: new Set(),
        failures: [],
        startedAt,
        done: false,
        settle: (outcome) => {
          if (call.done) return;
          call.done = true;
          detach();
          resolve({ ...outcome, latencyMs: this.clock.now() - startedAt });
        },
      };
      // A call waiting in the router is just marked done; pump() drops it later.
      if (request.signal) detach = onAbort(request.signal, () => call.settle(failure('aborted', `${this.spec}: cancelled while waiting for an endpoint.`)));
      this.fresh.push(call);
      this.pump();
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.model.dispose?.()));
  }

  /** Sends every waiting call that can go somewhere now. Re-entrant calls are folded into one loop. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.pumpFailovers();
        this.pumpFresh();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private pumpFailovers(): void {
    const waiting: PendingCall[] = [];
    for (const call of this.failovers) {
      if (call.done) continue;
      if (!this.place(call)) waiting.push(call);
    }
    this.failovers = waiting;
  }

  private pumpFresh(): void {
    while (this.freshHead < this.fresh.length) {
      const call = this.fresh[this.freshHead];
      if (call && !call.done && !this.place(call)) break;
      this.freshHead += 1;
    }
    if (this.freshHead > 1024 && this.freshHead * 2 > this.fresh.length) {
      this.fresh = this.fresh.slice(this.freshHead);
      this.freshHead = 0;
    }
  }

  /** Sends `call`, or fails it when no endpoint is left. Returns false when it has to wait. */
  private place(call: PendingCall): boolean {
    const choice = this.choose(call);
    if (choice.kind === 'wait') return false;
    if (choice.kind === 'exhausted') call.settle(this.allFailed(call.failures));
    else this.send(call, choice.endpoint);
    return true;
  }

  private choose(call: PendingCall): Choice {
    const now = this.clock.now();
    const n = this.endpoints.length;
    const start = this.rotation % n;
    let anyCandidate = false;
    let anyHealthy = false;
    let bestHealthy: Endpoint | undefined;
    let bestHealthyFree = 0;
    let bestAny: Endpoint | undefined;
    let bestAnyFree = -Infinity;
    for (let k = 0; k < n; k += 1) {
      const endpoint = this.endpoints[(start + k) % n];
      if (!endpoint || call.tried.has(endpoint)) continue;
      const state = endpoint.model.schedulerState();
      if (state.circuitOpen) continue;
      anyCandidate = true;
      const free = state.limit - state.inFlight - state.queued;
      if (free > bestAnyFree) {
        bestAny = endpoint;
        bestAnyFree = free;
      }
      // An endpoint whose last attempt failed is not fed new calls while a healthy one can take
      // them: its slots free up during backoff, which would otherwise pull the queue into it.
      if (state.coolingDown || state.consecutiveFailures > 0 || endpoint.unhealthyUntil > now) continue;
      anyHealthy = true;
      if (free > bestHealthyFree) {
        bestHealthy = endpoint;
        bestHealthyFree = free;
      }
    }
    if (!anyCandidate) return { kind: 'exhausted' };
    if (anyHealthy) return bestHealthy ? { kind: 'send', endpoint: bestHealthy } : { kind: 'wait' };
    // Nothing healthy: queue at the least loaded of the rest rather than fail a call that might work.
    return bestAny ? { kind: 'send', endpoint: bestAny } : { kind: 'exhausted' };
  }

  private send(call: PendingCall, endpoint: Endpoint): void {
    call.tried.add(endpoint);
    this.rotation += 1;
    void endpoint.model.generate(call.request).then((outcome) => {
      if (call.done) return;
      if (outcome.ok) {
        endpoint.unhealthyUntil = 0;
        call.settle(outcome);
      } else if (!FAILOVER_KINDS.has(outcome.error.kind) || call.request.signal?.aborted) {
        call.settle(outcome);
      } else {
        endpoint.unhealthyUntil = this.clock.now() + this.unhealthyForMs;
        call.failures.push(outcome);
        this.failovers.push(call);
      }
      this.pump();
    });
  }

  private allFailed(failures: CallFailure[]): CallFailure {
    const last = failures[failures.length - 1];
    if (!last) {
      // Every circuit was already open: answer with the first endpoint's own error, unchanged.
      const error = this.endpoints.map((e) => e.model.schedulerState().circuitError).find((e) => e !== undefined);
      return error ? { ok: false, error, latencyMs: 0 } : failure('unavailable', `${this.spec}: no endpoint is available.`);
    }
    if (this.endpoints.length === 1) return last;
    const message = `${this.spec}: all ${this.endpoints.length} endpoints failed; last error: ${last.error.message}`;
    return { ok: false, error: { ...last.error, message }, latencyMs: 0 };
  }
}

/**
 * One logical model over several endpoints. Plain models are wrapped with `withScheduler(options)`;
 * already scheduled ones (to give each endpoint its own concurrency) are used as they are.
 */
export function withEndpoints(endpoints: LanguageModel[], options: EndpointRouterOptions = {}): RoutedModel {
  return new EndpointRouter(endpoints, options);
}
