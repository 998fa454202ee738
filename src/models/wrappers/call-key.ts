/**
 * The call-cache key: sha256 of a canonical JSON of everything that can change a model's answer.
 * `sampleIndex` keeps the eight optimizer samples of one meta-prompt eight different answers, while
 * a deterministic scorer call (temperature 0, no sampleIndex) is paid for only once, ever.
 */
import { createHash } from 'node:crypto';
import type { GenerateRequest } from '../types.js';

/** Bump when the key's inputs or meaning change, so old entries are simply never hit again. */
export const CALL_KEY_VERSION = 1;

export interface CallKeyModel {
  provider: string;
  modelId: string;
  /** The endpoint, when the provider has one: the same model id on two servers may differ. */
  baseURL?: string | undefined;
}

/** JSON with object keys sorted at every level, so equal values always give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form.`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Normalises what does not change the answer: stop sequences are a set (sorted, deduplicated,
 * empty = none), a missing sampleIndex is sample 0, a trailing slash on the base URL is dropped.
 */
export function callKey(model: CallKeyModel, request: GenerateRequest): string {
  const stop = request.stop && request.stop.length > 0 ? [...new Set(request.stop)].sort() : null;
  const material = {
    v: CALL_KEY_VERSION,
    provider: model.provider,
    model: model.modelId,
    baseURL: model.baseURL ? model.baseURL.replace(/\/+$/, '') : null,
    prompt: request.prompt,
    // Absent for plain prompts (canonicalJson drops undefined), so keys made before chat turns existed still hit.
    messages: request.messages && request.messages.length > 0 ? request.messages.map(({ role, content }) => ({ role, content })) : undefined,
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    stop,
    seed: request.seed ?? null,
    sampleIndex: request.sampleIndex ?? 0,
  };
  return createHash('sha256').update(canonicalJson(material)).digest('hex');
}
