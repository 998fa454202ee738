/**
 * One LanguageModel over any AI SDK model: a single generateText call, no retries (the retry
 * wrapper owns retrying), every failure returned as a typed outcome.
 */
import { generateText, type LanguageModel as AiSdkModel } from 'ai';
import type { CallOutcome, GenerateRequest, LanguageModel } from '../types.js';
import { callFailureFromError, fail } from './errors.js';
import { usageFromAiSdk } from './usage.js';

export interface AiSdkModelConfig {
  spec: string;
  provider: string;
  modelId: string;
  isLocal: boolean;
  model: AiSdkModel;
  /** Values that must never appear in messages (the API key). */
  secrets: readonly (string | undefined)[];
  keyEnv?: string | undefined;
  /** Anthropic has no seed; sending one only produces an AI SDK warning on every call. */
  supportsSeed: boolean;
}

/** The AI SDK retries twice by default; the project's retry wrapper must be the only one. */
const NO_SDK_RETRIES = 0;

export function createAiSdkLanguageModel(config: AiSdkModelConfig): LanguageModel {
  const { spec, provider, modelId, isLocal, model, secrets, keyEnv, supportsSeed } = config;

  async function generate(request: GenerateRequest): Promise<CallOutcome> {
    const started = performance.now();
    const context = { spec, signal: request.signal, secrets, keyEnv };
    if (request.signal?.aborted) return callFailureFromError(request.signal.reason, context, 0);
    try {
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
      return {
        ok: true,
        text: result.text,
        usage: usageFromAiSdk(result.usage),
        cached: false,
        latencyMs: performance.now() - started,
        finishReason: result.finishReason,
      };
    } catch (error) {
      return callFailureFromError(error, context, performance.now() - started);
    }
  }

  return {
    spec,
    provider,
    modelId,
    isLocal,
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
