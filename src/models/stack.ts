/**
 * buildModelStack: wraps provider models with the cross-cutting wrappers in the one right order.
 *
 * Outermost first:
 *
 *   withMeter       sees every outcome exactly once per logical call: cache hits, real calls,
 *                   failures and budget refusals alike.
 *   withCache       outside the scheduler, so a hit never waits for a slot, a cooldown or a budget
 *                   check; identical calls in flight are coalesced before they take a slot.
 *   withBudgetGate  once the budget is exhausted, refuses at once, so refused calls never queue.
 *   withScheduler   (or withEndpoints over several endpoints, each with its own scheduler):
 *                   concurrency, queue, rate limits, retries, timeouts, circuit breaker. One per
 *                   endpoint, shared by every stack built over the same base model object.
 *   withBudget      just above each provider: reserves the worst case when a request is really about
 *                   to be sent (every retry too), so reservations are bounded by the concurrency
 *                   limit, not by the thousands of calls waiting in the queue.
 *   provider
 */
import type { CallCache } from './cache/call-cache.js';
import type { ModelPrice } from './pricing.js';
import type { LanguageModel } from './types.js';
import { withBudget, withBudgetGate, type Budget } from './wrappers/budget.js';
import { withCache, type CacheOptions } from './wrappers/cache.js';
import { modelBaseURL } from './wrappers/call-key.js';
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
}

/**
 * One scheduler per endpoint: the concurrency limit, queue, cooldown and circuit belong to the
 * server, not to a role. Stacks built over the same base model object (e.g. scorer and optimizer
 * on one endpoint) with the same budget share one scheduler; the first stack's options apply.
 */
const sharedSchedulers = new WeakMap<LanguageModel, Map<Budget | undefined, ScheduledModel>>();

function scheduledEndpoint(base: LanguageModel, budget: Budget | undefined, price: ModelPrice | undefined, options: SchedulerOptions): ScheduledModel {
  let byBudget = sharedSchedulers.get(base);
  if (!byBudget) {
    byBudget = new Map();
    sharedSchedulers.set(base, byBudget);
  }
  let scheduled = byBudget.get(budget);
  if (!scheduled) {
    scheduled = withScheduler(budget ? withBudget(base, budget, price ? { price } : {}) : base, options);
    byBudget.set(budget, scheduled);
  }
  return scheduled;
}

/**
 * The wrappers hide the provider's `baseURL`, so the cache gets it here. Several endpoints are one
 * logical model (same weights on several servers): their answers share one cache identity, so
 * adding a server does not throw the cache away.
 */
function cacheKeyEndpoint(bases: LanguageModel[]): CacheOptions {
  const first = bases[0];
  const baseURL = bases.length === 1 && first ? modelBaseURL(first) : undefined;
  return baseURL ? { baseURL } : {};
}

export function buildModelStack(options: ModelStackOptions): LanguageModel {
  const { budget, price } = options;
  const bases = Array.isArray(options.base) ? options.base : [options.base];
  if (bases.length === 0) throw new RangeError('buildModelStack needs at least one base model.');

  const scheduled = bases.map((base, i) =>
    scheduledEndpoint(base, budget, price, { ...options.scheduler, ...options.endpointScheduler?.[i] }),
  );
  const first = scheduled[0];
  let model: LanguageModel = scheduled.length === 1 && first ? first : withEndpoints(scheduled, { ...options.scheduler, ...options.router });

  if (budget) model = withBudgetGate(model, budget);
  if (options.cache) model = withCache(model, options.cache, { ...cacheKeyEndpoint(bases), ...options.cacheOptions });
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
