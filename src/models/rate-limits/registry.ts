/**
 * One EndpointLimiter per endpoint, keyed by (provider, base URL, key fingerprint): every model
 * object, role and run in this process that talks to the same endpoint with the same key shares
 * what was learned about its limits, and their calls count against one concurrency and one rate.
 * A model without a base URL and key (embedded, scripted, simulated) is its own endpoint, keyed by
 * the model object.
 *
 * The first model to reach an endpoint sets its configured concurrency and rpm; later ones share
 * them. Tests and benchmarks pass their own registry to start from nothing.
 */
import type { LanguageModel } from '../types.js';
import type { Clock } from '../wrappers/clock.js';
import { rootModel } from '../wrappers/wrap-model.js';
import { EndpointLimiter, type EndpointFigures } from './endpoint-limiter.js';

export interface LimiterSettings {
  concurrency: number;
  rpm?: number;
  clock: Clock;
  maxRetryAfterMs: number;
}

/** A readable endpoint name: provider and base URL (or spec for keyless local models), never a key. */
export function endpointLabel(model: Pick<LanguageModel, 'provider' | 'spec' | 'baseURL'>): string {
  return model.baseURL ? `${model.provider} ${model.baseURL}` : model.spec;
}

export class RateLimitRegistry {
  private readonly byKey = new Map<string, EndpointLimiter>();
  private readonly byModel = new WeakMap<LanguageModel, EndpointLimiter>();
  /** Every keyed limiter, in creation order (keyless ones die with their model). */
  private readonly all: EndpointLimiter[] = [];

  limiterFor(model: LanguageModel, settings: LimiterSettings): EndpointLimiter {
    const key = registryKey(model);
    const root = rootModel(model);
    const existing = key ? this.byKey.get(key) : this.byModel.get(root);
    if (existing) return existing;
    const limiter = new EndpointLimiter({
      label: endpointLabel(model),
      concurrency: settings.concurrency,
      ...(settings.rpm !== undefined ? { rpm: settings.rpm } : {}),
      clock: settings.clock,
      maxRetryAfterMs: settings.maxRetryAfterMs,
    });
    if (key) {
      this.byKey.set(key, limiter);
      this.all.push(limiter);
    } else {
      this.byModel.set(root, limiter);
    }
    return limiter;
  }

  figures(): EndpointFigures[] {
    return this.all.map((l) => l.figures());
  }
}

function registryKey(model: LanguageModel): string | undefined {
  if (!model.baseURL && !model.credentialId) return undefined;
  return JSON.stringify([model.provider, (model.baseURL ?? '').replace(/\/+$/, ''), model.credentialId ?? '']);
}

/** The process's registry: what every stack uses unless given another. */
export const processRateLimits = new RateLimitRegistry();
