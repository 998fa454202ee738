/**
 * One table of the defaults every model gets, library or CLI alike. The CLI, createModel and the
 * scheduler all read them from here, so `createModel('llamacpp:...')` and `opro optimize` agree.
 */

export interface EndpointDefaults {
  /** Calls in flight per endpoint (a local model gets as many as it has parallel sequences). */
  concurrency: number;
  /** Retries after the first attempt for 5xx, timeouts and network errors (429s wait in time instead). */
  maxRetries: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

/** Cloud endpoints: parallel enough to keep a provider busy, patient enough for long answers. */
export const CLOUD_DEFAULTS: Readonly<EndpointDefaults> = Object.freeze({ concurrency: 8, maxRetries: 6, timeoutMs: 120_000 });

/**
 * Local models: as many calls as the embedded model's parallel sequences (llamacpp.ts
 * DEFAULT_PARALLEL_SEQUENCES); a local server that is down stays down, so fewer retries; CPU
 * inference is slow, so a long timeout.
 */
export const LOCAL_DEFAULTS: Readonly<EndpointDefaults> = Object.freeze({ concurrency: 4, maxRetries: 2, timeoutMs: 600_000 });

export function endpointDefaults(isLocal: boolean): Readonly<EndpointDefaults> {
  return isLocal ? LOCAL_DEFAULTS : CLOUD_DEFAULTS;
}

/** Backoff for 5xx, timeouts and network errors when they cluster (full jitter, doubling). */
export const RETRY_BASE_DELAY_MS = 1_000;
export const RETRY_MAX_DELAY_MS = 60_000;
/**
 * A lone 5xx while the endpoint's other calls succeed is retried after at most this long: waiting
 * a full backoff would leave a healthy endpoint idle at the tail of a step.
 */
export const ISOLATED_FAILURE_RETRY_MS = 50;

/** A Retry-After longer than this is capped (a misbehaving proxy must not park a run for hours). */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** A 429 without Retry-After holds its call this long at first (doubling while refusals repeat). */
export const RATE_LIMIT_DEFAULT_HOLD_MS = 1_000;
/**
 * How long one call may wait on rate limits in total (refusals, Retry-After, paced starts) before it
 * is given up: time, not a count of attempts, because a busy endpoint refuses many times per minute.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 15 * 60_000;

/**
 * After a timeout or a caller abort the provider is told to cancel; its slot is held until it does,
 * or this long at most, so a provider that ignores the signal cannot leak slots forever.
 */
export const ABORT_GRACE_MS = 5_000;

/** After failing a call, an endpoint of a multi-endpoint model is avoided for this long. */
export const UNHEALTHY_ENDPOINT_MS = 30_000;

/**
 * The model used when the user names none. Qwen2.5-0.5B-Instruct (Apache-2.0) at Q4_K_M is a
 * ~400 MB download that runs at usable speed on a laptop CPU, is instruction-tuned (OPRO's scorer
 * and optimizer prompts are instructions), follows answer formats reasonably for its size, and has
 * a 32k context, enough for long meta-prompts. It is a smoke-test default, not a paper-grade model.
 */
export const DEFAULT_EMBEDDED_MODEL = 'llamacpp:hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf';
