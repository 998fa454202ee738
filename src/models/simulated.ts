/**
 * A simulated endpoint for benchmarks and tests: fixed latency and a hard concurrency limit, like a
 * server with N workers behind a proxy that answers 429 (with Retry-After) when all are busy.
 * Optional injected 429s and 500s are drawn from a seeded generator, so a benchmark is repeatable.
 */
import { sleep, systemClock, type Clock } from './wrappers/clock.js';
import { failure, type CallOutcome, type GenerateRequest, type LanguageModel } from './types.js';

export const DEFAULT_SIMULATED_RETRY_AFTER_MS = 100;
export const DEFAULT_SIMULATED_OUTPUT_TOKENS = 8;
const CHARS_PER_TOKEN = 4;

export interface SimulatedEndpointOptions {
  spec?: string;
  latencyMs: number;
  /** Calls beyond this many in flight are answered 'rate-limited' at once. */
  concurrency: number;
  retryAfterMs?: number;
  /** Probability that an accepted call is answered 429 at once anyway. */
  rateLimitRate?: number;
  /** Probability that an accepted call ends in a 500 after its latency. */
  serverErrorRate?: number;
  /** Probability that a call fails at once as if the server were unreachable (1 = a dead server). */
  networkErrorRate?: number;
  seed?: number;
  clock?: Clock;
  respond?: (request: GenerateRequest) => string;
  outputTokens?: number;
  /** Default true: a simulation costs nothing. */
  isLocal?: boolean;
}

export interface SimulatedStats {
  calls: number;
  succeeded: number;
  overLimit: number;
  injectedRateLimits: number;
  injectedServerErrors: number;
  injectedNetworkErrors: number;
  aborted: number;
  inFlight: number;
  maxInFlight: number;
}

export interface SimulatedEndpoint extends LanguageModel {
  stats(): SimulatedStats;
}

/** mulberry32: a tiny seeded PRNG with good enough statistics for fault injection. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createSimulatedEndpoint(options: SimulatedEndpointOptions): SimulatedEndpoint {
  const spec = options.spec ?? 'simulated:endpoint';
  const separator = spec.indexOf(':');
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.seed ?? 1);
  const retryAfterMs = options.retryAfterMs ?? DEFAULT_SIMULATED_RETRY_AFTER_MS;
  const outputTokens = options.outputTokens ?? DEFAULT_SIMULATED_OUTPUT_TOKENS;
  const respond = options.respond ?? ((request: GenerateRequest) => `answer ${request.prompt.length} #${request.sampleIndex ?? 0}`);
  const stats: SimulatedStats = {
    calls: 0,
    succeeded: 0,
    overLimit: 0,
    injectedRateLimits: 0,
    injectedServerErrors: 0,
    injectedNetworkErrors: 0,
    aborted: 0,
    inFlight: 0,
    maxInFlight: 0,
  };

  async function generate(request: GenerateRequest): Promise<CallOutcome> {
    stats.calls += 1;
    if (request.signal?.aborted) {
      stats.aborted += 1;
      return failure('aborted', `${spec}: cancelled.`);
    }
    if (options.networkErrorRate && random() < options.networkErrorRate) {
      stats.injectedNetworkErrors += 1;
      return failure('network', `${spec}: injected connection refused.`);
    }
    if (stats.inFlight >= options.concurrency) {
      stats.overLimit += 1;
      return failure('rate-limited', `${spec}: over its concurrency limit of ${options.concurrency}.`, { status: 429, retryAfterMs });
    }
    if (options.rateLimitRate && random() < options.rateLimitRate) {
      stats.injectedRateLimits += 1;
      return failure('rate-limited', `${spec}: injected 429.`, { status: 429, retryAfterMs });
    }
    const serverError = options.serverErrorRate !== undefined && random() < options.serverErrorRate;
    const started = clock.now();
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      if (options.latencyMs > 0 && !(await sleep(clock, options.latencyMs, request.signal))) {
        stats.aborted += 1;
        return failure('aborted', `${spec}: cancelled.`, {}, clock.now() - started);
      }
    } finally {
      stats.inFlight -= 1;
    }
    if (serverError) {
      stats.injectedServerErrors += 1;
      return failure('server-error', `${spec}: injected 500.`, { status: 500 }, clock.now() - started);
    }
    stats.succeeded += 1;
    return {
      ok: true,
      text: respond(request),
      usage: { inputTokens: Math.ceil(request.prompt.length / CHARS_PER_TOKEN), outputTokens, cachedInputTokens: 0, reasoningTokens: 0 },
      cached: false,
      latencyMs: clock.now() - started,
      finishReason: 'stop',
    };
  }

  return {
    spec,
    provider: separator > 0 ? spec.slice(0, separator) : 'simulated',
    modelId: separator > 0 ? spec.slice(separator + 1) : spec,
    isLocal: options.isLocal ?? true,
    generate,
    stats: () => ({ ...stats }),
  };
}
