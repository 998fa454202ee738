/** The runtime helpers of the model port (types.ts holds only types). */
import type { CallError, CallErrorKind, CallFailure, ChatRole, ModelSpecificationVersion, TokenUsage } from './types.js';

export const CHAT_ROLES: readonly ChatRole[] = ['system', 'user', 'assistant'];

export const MODEL_SPECIFICATION_VERSION: ModelSpecificationVersion = 'opro-model-v1';

export const ZERO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  reasoningTokens: 0,
});

export function failure(kind: CallErrorKind, message: string, extra: Partial<CallError> = {}, latencyMs = 0): CallFailure {
  return { ok: false, error: { kind, message, ...extra }, latencyMs };
}

/** Thrown (not returned) only when a model cannot be constructed at all, e.g. an unknown provider. */
export class ModelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
