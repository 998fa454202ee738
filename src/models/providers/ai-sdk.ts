/**
 * One LanguageModel over any AI SDK model: a single generateText call, no retries (the retry
 * wrapper owns retrying), every failure returned as a typed outcome.
 */
import type { LanguageModel as AiSdkModel } from 'ai';
import { MODEL_SPECIFICATION_VERSION } from '../outcome.js';
import type { CallOutcome, GenerateRequest, LanguageModel } from '../types.js';
import { callFailureFromError, fail } from './errors.js';
import { rateLimitFromHeaders } from './rate-limit-headers.js';
import { usageFromAiSdk } from './usage.js';

export interface AiSdkModelConfig {
  spec: string;
  provider: string;
  modelId: string;
  isLocal: boolean;
  /** The endpoint the user chose (see ModelIdentity.baseURL); undefined for the provider's default. */
  baseURL?: string | undefined;
  /** One-way fingerprint of the key (cloud-config.ts credentialFingerprint), never the key. */
  credentialId?: string | undefined;
  /**
   * Builds the AI SDK model on the first call: the SDK packages take ~0.5 s to import, which every
   * `opro` command (even `--help`) would otherwise pay.
   */
  loadModel: () => Promise<AiSdkModel>;
  /** Values that must never appear in messages (the API key). */
  secrets: readonly (string | undefined)[];
  keyEnv?: string | undefined;
  /** Anthropic has no seed; sending one only produces an AI SDK warning on every call. */
  supportsSeed: boolean;
}

/** The AI SDK retries twice by default; the project's retry wrapper must be the only one. */
const NO_SDK_RETRIES = 0;

/** Imports once, on first use; a failed import is forgotten so a later call can retry it. */
export function memoizeAsync<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

const loadGenerateText = memoizeAsync(async () => (await import('ai')).generateText);

export function createAiSdkLanguageModel(config: AiSdkModelConfig): LanguageModel {
  const { spec, provider, modelId, isLocal, secrets, keyEnv, supportsSeed, baseURL, credentialId } = config;
  const loadModel = memoizeAsync(config.loadModel);

  async function generate(request: GenerateRequest): Promise<CallOutcome> {
    const started = performance.now();
    const context = { spec, signal: request.signal, secrets, keyEnv };
    if (request.signal?.aborted) return callFailureFromError(request.signal.reason, context, 0);
    try {
      const [generateText, model] = await Promise.all([loadGenerateText(), loadModel()]);
      const result = await generateText({
        model,
        ...(request.messages && request.messages.length > 0
          ? { messages: request.messages.map(({ role, content }) => ({ role, content })) }
          : { prompt: request.prompt }),
        temperature: request.temperature,
        maxOutputTokens: request.maxTokens,
        ...(request.stop && request.stop.length > 0 ? { stopSequences: request.stop } : {}),
        ...(supportsSeed && request.seed !== undefined ? { seed: request.seed } : {}),
        ...(request.signal ? { abortSignal: request.signal } : {}),
        maxRetries: NO_SDK_RETRIES,
      });
      const rateLimit = rateLimitFromHeaders(result.response.headers);
      return {
        ok: true,
        text: result.text,
        usage: usageFromAiSdk(result.usage),
        cached: false,
        latencyMs: performance.now() - started,
        finishReason: result.finishReason,
        ...(rateLimit ? { rateLimit } : {}),
      };
    } catch (error) {
      return callFailureFromError(error, context, performance.now() - started);
    }
  }

  return {
    specificationVersion: MODEL_SPECIFICATION_VERSION,
    spec,
    provider,
    modelId,
    isLocal,
    ...(baseURL ? { baseURL } : {}),
    ...(credentialId ? { credentialId } : {}),
    async generate(request) {
      try {
        return await generate(request);
      } catch (error) {
        // generate() already catches; this guards the port's "never throws" promise against bugs.
        return fail('bad-response', { spec, secrets }, 0, `failed unexpectedly: ${String(error)}`);
      }
    },
  };
}
