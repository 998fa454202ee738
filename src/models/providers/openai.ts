/**
 * `openai:<model>` through the AI SDK's chat-completions model, so the same provider also drives
 * any OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, OpenRouter) via a base URL.
 */
import type { LanguageModel } from '../types.js';
import { createAiSdkLanguageModel } from './ai-sdk.js';
import { cloudIdentity, resolveCloudConfig, type CloudProviderOptions } from './cloud-config.js';

export type OpenAIModelOptions = CloudProviderOptions;

export const OPENAI_DEFAULTS = {
  provider: 'openai',
  keyEnv: 'OPENAI_API_KEY',
  baseUrlEnv: 'OPENAI_BASE_URL',
  defaultBaseURL: 'https://api.openai.com/v1',
  keylessHint: '(or set OPENAI_BASE_URL / a base URL for a local OpenAI-compatible server, which needs no key)',
} as const;

/**
 * Local OpenAI-compatible servers usually need no key, but the SDK always sends an
 * Authorization header; this placeholder is what such servers conventionally receive.
 */
export const KEYLESS_PLACEHOLDER = 'not-needed';

export function createOpenAIModel(modelId: string, options: OpenAIModelOptions = {}, spec = `openai:${modelId}`): LanguageModel {
  const config = resolveCloudConfig(spec, OPENAI_DEFAULTS, options);
  return createAiSdkLanguageModel({
    spec,
    provider: 'openai',
    modelId,
    isLocal: config.isLocal,
    ...cloudIdentity(config),
    loadModel: async () => {
      const { createOpenAI } = await import('@ai-sdk/openai');
      const provider = createOpenAI({ apiKey: config.apiKey ?? KEYLESS_PLACEHOLDER, baseURL: config.baseURL });
      return provider.chat(modelId);
    },
    secrets: [config.apiKey],
    keyEnv: config.keyEnv,
    supportsSeed: true,
  });
}
