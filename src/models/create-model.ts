import { SqliteCallCache } from './cache/sqlite-call-cache.js';
import { resolveModel, type ResolveModelOptions } from './resolve.js';
import { buildModelStack } from './stack.js';
import type { LanguageModel } from './types.js';
import type { Budget, ModelRole, SchedulerOptions, UsageMeter } from './wrappers/index.js';

export interface CreateModelOptions extends ResolveModelOptions {
  role?: ModelRole;
  /** Scheduler settings: concurrency, maxRetries, timeoutMs, rpm. */
  scheduler?: SchedulerOptions;
  /** A call-cache file shared across runs (e.g. '.opro/cache.sqlite'); omit for no cache. */
  cachePath?: string;
  meter?: UsageMeter;
  budget?: Budget;
}

/**
 * A ready-to-use model for library users: the provider for `spec` inside the same wrapper stack the
 * CLI uses (scheduler with retries and rate-limit handling, optional cache, meter and budget).
 */
export function createModel(spec: string, options: CreateModelOptions = {}): LanguageModel {
  const { role = 'scorer', scheduler, cachePath, meter, budget, ...resolveOptions } = options;
  return buildModelStack({
    base: resolveModel(spec, resolveOptions),
    role,
    ...(scheduler ? { scheduler } : {}),
    ...(cachePath ? { cache: SqliteCallCache.open(cachePath) } : {}),
    ...(meter ? { meter } : {}),
    ...(budget ? { budget } : {}),
  });
}
