/**
 * buildModelStack: composes the middleware around provider models in the one right order.
 *
 * Outermost first:
 *
 *   meter        sees every outcome exactly once per logical call: cache hits, real calls,
 *                failures and budget refusals alike.
 *   cache        outside the scheduler, so a hit never waits for a slot, a pause or a budget
 *                check; identical calls in flight are coalesced before they take a slot.
 *   budget gate  once the budget is exhausted, refuses at once, so refused calls never queue.
 *   route        (several endpoints of one model) each endpoint with its own schedule.
 *   schedule     the endpoint's shared limits (concurrency, rate, pauses: one state per provider,
 *                base URL and key in the process, rate-limits/registry.ts), waiting on 429s,
 *                retries, timeouts, circuit breaker.
 *   budget       just above each provider: reserves the worst case when a request is really about
 *                to be sent (every retry too), so reservations are bounded by the concurrency
 *                limit, not by the thousands of calls waiting in the queue.
 *   provider
 *
 * Every layer is built with wrapModel, so the stack keeps the provider's identity and base URL.
 */
import type { CallCache } from './cache/call-cache.js';
import type { ModelPrice } from './pricing.js';
import type { RateLimitRegistry } from './rate-limits/registry.js';
import type { LanguageModel } from './types.js';
import { withBudget, withBudgetGate, type Budget } from './wrappers/budget.js';
import { withCache, type CacheOptions } from './wrappers/cache.js';
import { withEndpoints, type EndpointRouterOptions } from './wrappers/endpoint-router.js';
import { withMeter, type ModelRole, type UsageMeter } from './wrappers/meter.js';
import { withScheduler, type ScheduledModel, type SchedulerOptions } from './wrappers/scheduler.js';

export interface ModelStackOptions {
  /** One provider model, or several endpoints of the same logical model. */
  base: LanguageModel | LanguageModel[];
  role: ModelRole;
  meter?: UsageMeter;
  budget?: Budget;
  /** The call cache; omit (or pass cacheOptions.enabled false) for no caching. */
  cache?: CallCache;
  cacheOptions?: CacheOptions;
  /** Scheduler settings for the model, or for every endpoint. */
  scheduler?: SchedulerOptions;
  /** Per-endpoint overrides (same order as `base`), e.g. a different concurrency per server. */
  endpointScheduler?: (SchedulerOptions | undefined)[];
  router?: Omit<EndpointRouterOptions, keyof SchedulerOptions>;
  /** Price from the config, used by both meter and budget. */
  price?: ModelPrice;
  /** Where endpoint limits are shared; default: the process's registry. */
  registry?: RateLimitRegistry;
  /** Told about every scheduled endpoint of this stack (for per-endpoint figures in a run report). */
  onEndpoint?: (endpoint: ScheduledModel) => void;
}

export function buildModelStack(options: ModelStackOptions): LanguageModel {
  const { budget, price } = options;
  const bases = Array.isArray(options.base) ? options.base : [options.base];
  if (bases.length === 0) throw new RangeError('buildModelStack needs at least one base model.');

  const scheduled = bases.map((base, i) => {
    const schedulerOptions: SchedulerOptions = {
      ...options.scheduler,
      ...options.endpointScheduler?.[i],
      ...(options.registry ? { registry: options.registry } : {}),
      // With other endpoints to go to, a hung server's call moves on instead of waiting there again.
      ...(bases.length > 1 ? { failFastOnTimeout: true } : {}),
    };
    const endpoint = withScheduler(budget ? withBudget(base, budget, price ? { price } : {}) : base, schedulerOptions);
    options.onEndpoint?.(endpoint);
    return endpoint;
  });
  const first = scheduled[0];
  let model: LanguageModel = scheduled.length === 1 && first ? first : withEndpoints(scheduled, { ...options.scheduler, ...options.router });

  if (budget) model = withBudgetGate(model, budget);
  if (options.cache) model = withCache(model, options.cache, options.cacheOptions ?? {});
  if (options.meter) model = withMeter(model, options.meter, price ? { role: options.role, price } : { role: options.role });
  return model;
}

/** Scheduler options from a model's config settings (only the keys that are set). */
export function schedulerOptionsFrom(settings: {
  concurrency?: number | undefined;
  maxRetries?: number | undefined;
  timeoutMs?: number | undefined;
  rpm?: number | undefined;
}): SchedulerOptions {
  const options: SchedulerOptions = {};
  if (settings.concurrency !== undefined) options.concurrency = settings.concurrency;
  if (settings.maxRetries !== undefined) options.maxRetries = settings.maxRetries;
  if (settings.timeoutMs !== undefined) options.timeoutMs = settings.timeoutMs;
  if (settings.rpm !== undefined) options.rpm = settings.rpm;
  return options;
}
