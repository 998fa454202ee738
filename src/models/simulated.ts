/**
 * A simulated endpoint for benchmarks and tests: fixed latency and a hard concurrency limit, like a
 * server with N workers behind a proxy that answers 429 (with Retry-After) when all are busy.
 * Optionally a rate limit (requests and/or tokens per minute, as token buckets) that sends the
 * rate-limit headers of OpenAI or Anthropic on every answer, parsed by the providers' own parser.
 * Optional injected 429s and 500s are drawn from a seeded generator, so a benchmark is repeatable;
 * a hanging endpoint accepts calls and never answers.
 */
import { sleep, systemClock, type Clock } from './wrappers/clock.js';
import { failure } from './outcome.js';
import { rateLimitFromHeaders } from './providers/rate-limit-headers.js';
import type { CallOutcome, GenerateRequest, LanguageModel, RateLimitReport } from './types.js';

export const DEFAULT_SIMULATED_RETRY_AFTER_MS = 100;
export const DEFAULT_SIMULATED_OUTPUT_TOKENS = 8;
const CHARS_PER_TOKEN = 4;

export type HeaderDialect = 'openai' | 'anthropic' | 'none';

/** A rate limit as token buckets that refill continuously (how OpenAI and Anthropic describe theirs). */
export interface SimulatedRateLimit {
  requestsPerMinute?: number;
  /** Requests the bucket holds (the burst). Default: a second's worth. */
  requestBurst?: number;
  /** Tokens per minute; a request costs its prompt (chars / 4) plus maxTokens, as OpenAI estimates. */
  tokensPerMinute?: number;
  tokenBurst?: number;
  /** Which headers answers carry. 'none' refuses with a bare Retry-After. */
  dialect: HeaderDialect;
}

export interface SimulatedEndpointOptions {
  spec?: string;
  /** Gives the endpoint an identity in the rate-limit registry (else it is keyed by object). */
  baseURL?: string;
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
  rateLimit?: SimulatedRateLimit;
  /** Accepts calls and never answers (until the caller aborts). */
  hang?: boolean;
}

export interface SimulatedStats {
  calls: number;
  succeeded: number;
  overLimit: number;
  injectedRateLimits: number;
  injectedServerErrors: number;
  injectedNetworkErrors: number;
  /** Refused by the rate limit (requests or tokens). */
  rateRefused: number;
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
  const buckets = options.rateLimit ? new RateBuckets(options.rateLimit, clock) : undefined;
  const stats: SimulatedStats = {
    calls: 0,
    succeeded: 0,
    overLimit: 0,
    injectedRateLimits: 0,
    injectedServerErrors: 0,
    injectedNetworkErrors: 0,
    rateRefused: 0,
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
    const limited = buckets?.take(request);
    if (limited && !limited.ok) {
      stats.rateRefused += 1;
      return failure('rate-limited', `${spec}: rate limit reached.`, { status: 429, ...limited.extra });
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
      const answered = options.hang ? await hangUntilAborted(request.signal) : options.latencyMs <= 0 || (await sleep(clock, options.latencyMs, request.signal));
      if (!answered) {
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
      ...(limited?.ok && limited.report ? { rateLimit: limited.report } : {}),
    };
  }

  return {
    spec,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    provider: separator > 0 ? spec.slice(0, separator) : 'simulated',
    modelId: separator > 0 ? spec.slice(separator + 1) : spec,
    isLocal: options.isLocal ?? true,
    generate,
    stats: () => ({ ...stats }),
  };
}

/** A hung server: the call never answers; it ends (false) only when the caller aborts it. */
function hangUntilAborted(signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve(false);
    else signal.addEventListener('abort', () => resolve(false), { once: true });
  });
}

interface Bucket {
  perMs: number;
  capacity: number;
  level: number;
  perMinute: number;
}

type Taken = { ok: true; report: RateLimitReport | undefined } | { ok: false; extra: { retryAfterMs?: number; rateLimit?: RateLimitReport } };

const MS_PER_MINUTE = 60_000;

/** Token buckets for requests and tokens, answering with the chosen dialect's headers. */
class RateBuckets {
  private readonly requests: Bucket | undefined;
  private readonly tokens: Bucket | undefined;
  private at: number;

  constructor(
    private readonly limit: SimulatedRateLimit,
    private readonly clock: Clock,
  ) {
    const bucket = (perMinute: number, burst: number | undefined): Bucket => {
      const capacity = burst ?? Math.max(1, perMinute / 60);
      return { perMs: perMinute / MS_PER_MINUTE, capacity, level: capacity, perMinute };
    };
    this.requests = limit.requestsPerMinute ? bucket(limit.requestsPerMinute, limit.requestBurst) : undefined;
    this.tokens = limit.tokensPerMinute ? bucket(limit.tokensPerMinute, limit.tokenBurst) : undefined;
    this.at = clock.now();
  }

  take(request: GenerateRequest): Taken {
    const now = this.clock.now();
    for (const b of [this.requests, this.tokens]) if (b) b.level = Math.min(b.capacity, b.level + b.perMs * (now - this.at));
    this.at = now;
    const tokenCost = Math.ceil(request.prompt.length / CHARS_PER_TOKEN) + request.maxTokens;
    const shortMs = Math.max(this.shortfallMs(this.requests, 1), this.shortfallMs(this.tokens, Math.min(tokenCost, this.tokens?.capacity ?? 0)));
    if (shortMs > 0) {
      const headers = this.headers();
      if (this.limit.dialect === 'openai') headers['retry-after-ms'] = String(Math.ceil(shortMs));
      else headers['retry-after'] = String(Math.max(1, Math.ceil(shortMs / 1000)));
      const report = rateLimitFromHeaders(headers);
      const retryAfterMs = headers['retry-after-ms'] !== undefined ? Number(headers['retry-after-ms']) : Number(headers['retry-after']) * 1000;
      return { ok: false, extra: { retryAfterMs, ...(report ? { rateLimit: report } : {}) } };
    }
    if (this.requests) this.requests.level -= 1;
    if (this.tokens) this.tokens.level -= tokenCost;
    return { ok: true, report: rateLimitFromHeaders(this.headers()) };
  }

  private shortfallMs(bucket: Bucket | undefined, need: number): number {
    if (!bucket || bucket.level >= need) return 0;
    return (need - bucket.level) / bucket.perMs;
  }

  /** The headers a real API would send now, in the configured dialect. */
  private headers(): Record<string, string> {
    const headers: Record<string, string> = {};
    const put = (kind: 'requests' | 'tokens', bucket: Bucket | undefined): void => {
      if (!bucket) return;
      const remaining = String(Math.max(0, Math.floor(bucket.level)));
      const resetMs = Math.ceil((bucket.capacity - bucket.level) / bucket.perMs);
      if (this.limit.dialect === 'openai') {
        headers[`x-ratelimit-limit-${kind}`] = String(bucket.perMinute);
        headers[`x-ratelimit-remaining-${kind}`] = remaining;
        headers[`x-ratelimit-reset-${kind}`] = `${resetMs}ms`;
      } else if (this.limit.dialect === 'anthropic') {
        headers[`anthropic-ratelimit-${kind}-limit`] = String(bucket.perMinute);
        headers[`anthropic-ratelimit-${kind}-remaining`] = remaining;
        headers[`anthropic-ratelimit-${kind}-reset`] = new Date(Date.now() + resetMs).toISOString();
      }
    };
    put('requests', this.requests);
    put('tokens', this.tokens);
    return headers;
  }
}
