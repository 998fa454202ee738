/** `anthropic:<model>` through `@ai-sdk/anthropic` (Messages API). */
import type { LanguageModel } from '../types.js';
import { createAiSdkLanguageModel } from './ai-sdk.js';
import { cloudIdentity, resolveCloudConfig, type CloudProviderOptions } from './cloud-config.js';
import { KEYLESS_PLACEHOLDER } from './openai.js';

export type AnthropicModelOptions = CloudProviderOptions;

export const ANTHROPIC_DEFAULTS = {
  provider: 'anthropic',
  keyEnv: 'ANTHROPIC_API_KEY',
  baseUrlEnv: 'ANTHROPIC_BASE_URL',
  defaultBaseURL: 'https://api.anthropic.com/v1',
} as const;

export function createAnthropicModel(modelId: string, options: AnthropicModelOptions = {}, spec = `anthropic:${modelId}`): LanguageModel {
  const config = resolveCloudConfig(spec, ANTHROPIC_DEFAULTS, options);
  return createAiSdkLanguageModel({
    spec,
    provider: 'anthropic',
    modelId,
    isLocal: config.isLocal,
    ...cloudIdentity(config),
    loadModel: async () => {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      const provider = createAnthropic({ apiKey: config.apiKey ?? KEYLESS_PLACEHOLDER, baseURL: config.baseURL });
      return provider(modelId);
    },
    secrets: [config.apiKey],
    keyEnv: config.keyEnv,
    // The Messages API has no seed parameter.
    supportsSeed: false,
  });
}
