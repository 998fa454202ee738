/**
 * withCache: answers a call from the persistent call cache when the same call (same provider,
 * model, endpoint, prompt and sampling settings, same sampleIndex) already succeeded once.
 *
 * - Only successes are stored; a failure is never cached, so the next run tries again.
 * - A hit returns the stored text and usage with `cached: true` and ~0 latency.
 * - Identical calls in flight at the same time are coalesced into one real call; the followers get
 *   its answer marked as cached (they cost nothing). If the leader is cancelled by its own caller,
 *   followers make their own call instead of inheriting the cancellation.
 * - A cache that cannot be read or written never fails a call: the call goes through, and the
 *   problem is reported once through `onCacheError` (default: a process warning).
 */
import type { CallCache, CachedCall } from '../cache/call-cache.js';
import { failure } from '../outcome.js';
import { type CallOutcome, type CallSuccess, type GenerateRequest, type LanguageModel } from '../types.js';
import { callKey, type CallKeyModel } from './call-key.js';
import { onAbort } from './clock.js';
import { wrapModel } from './wrap-model.js';

export interface CacheOptions {
  /** false (for --no-cache) returns the model unwrapped. Default true. */
  enabled?: boolean;
  /** Endpoint to put in the key; default: the model's own `baseURL`, if it has one. */
  baseURL?: string;
  onCacheError?: (error: unknown) => void;
}

function warnOnce(): (error: unknown) => void {
  let warned = false;
  return (error) => {
    if (warned) return;
    warned = true;
    process.emitWarning(`opro call cache failed, continuing without it for this call: ${error instanceof Error ? error.message : String(error)}`);
  };
}

function hit(entry: CachedCall): CallSuccess {
  const outcome: CallSuccess = { ok: true, text: entry.text, usage: { ...entry.usage }, cached: true, latencyMs: 0 };
  if (entry.finishReason !== undefined) outcome.finishReason = entry.finishReason;
  return outcome;
}

class CallCacheMiddleware {
  private readonly spec: string;
  private readonly keyModel: CallKeyModel;
  private readonly inFlight = new Map<string, Promise<CallOutcome>>();
  private readonly onCacheError: (error: unknown) => void;

  constructor(
    model: LanguageModel,
    private readonly send: (request: GenerateRequest) => Promise<CallOutcome>,
    private readonly cache: CallCache,
    options: CacheOptions,
  ) {
    this.spec = model.spec;
    this.keyModel = { provider: model.provider, modelId: model.modelId, baseURL: options.baseURL ?? model.baseURL };
    this.onCacheError = options.onCacheError ?? warnOnce();
  }

  async generate(request: GenerateRequest): Promise<CallOutcome> {
    if (request.signal?.aborted) return failure('aborted', `${this.spec}: cancelled before the call.`);
    const key = callKey(this.keyModel, request);
    const stored = this.read(key);
    if (stored) return hit(stored);

    const leader = this.inFlight.get(key);
    if (leader) {
      const outcome = await this.follow(leader, request.signal);
      if (outcome.ok) return { ...outcome, cached: true, latencyMs: 0 };
      if (outcome.error.kind !== 'aborted' || request.signal?.aborted) return outcome;
      return this.generate(request); // the leader's caller cancelled, not ours: try again ourselves
    }

    const call = this.callAndStore(key, request);
    this.inFlight.set(key, call);
    try {
      return await call;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async callAndStore(key: string, request: GenerateRequest): Promise<CallOutcome> {
    const outcome = await this.send(request);
    if (outcome.ok && !outcome.cached) {
      const entry: CachedCall = { text: outcome.text, usage: outcome.usage };
      if (outcome.finishReason !== undefined) entry.finishReason = outcome.finishReason;
      try {
        this.cache.set(key, entry, { spec: this.spec });
      } catch (err) {
        this.onCacheError(err);
      }
    }
    return outcome;
  }

  /** Waits for the leader's answer, or for our own cancellation, whichever comes first. */
  private follow(leader: Promise<CallOutcome>, signal: AbortSignal | undefined): Promise<CallOutcome> {
    if (!signal) return leader;
    return new Promise((resolve) => {
      const detach = onAbort(signal, () => resolve(failure('aborted', `${this.spec}: cancelled while waiting for an identical call.`)));
      void leader.then((outcome) => {
        detach();
        resolve(outcome);
      });
    });
  }

  private read(key: string): CachedCall | undefined {
    try {
      return this.cache.get(key);
    } catch (err) {
      this.onCacheError(err);
      return undefined;
    }
  }
}

/** Wraps `model` with the call cache. With `enabled: false` the model is returned as it is. */
export function withCache(model: LanguageModel, cache: CallCache, options: CacheOptions = {}): LanguageModel {
  if (options.enabled === false) return model;
  const middleware = new CallCacheMiddleware(model, (request) => model.generate(request), cache, options);
  return wrapModel({ model, wrapGenerate: ({ request }) => middleware.generate(request) });
}
