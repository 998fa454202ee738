/** `google:<model>` through `@ai-sdk/google` (Gemini generateContent). */
import type { LanguageModel } from '../types.js';
import { createAiSdkLanguageModel } from './ai-sdk.js';
import { cloudIdentity, resolveCloudConfig, type CloudProviderOptions } from './cloud-config.js';
import { KEYLESS_PLACEHOLDER } from './openai.js';

export type GoogleModelOptions = CloudProviderOptions;

export const GOOGLE_DEFAULTS = {
  provider: 'google',
  keyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY',
  baseUrlEnv: 'GOOGLE_GENERATIVE_AI_BASE_URL',
  defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
} as const;

export function createGoogleModel(modelId: string, options: GoogleModelOptions = {}, spec = `google:${modelId}`): LanguageModel {
  const config = resolveCloudConfig(spec, GOOGLE_DEFAULTS, options);
  return createAiSdkLanguageModel({
    spec,
    provider: 'google',
    modelId,
    isLocal: config.isLocal,
    ...cloudIdentity(config),
    loadModel: async () => {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      const provider = createGoogleGenerativeAI({ apiKey: config.apiKey ?? KEYLESS_PLACEHOLDER, baseURL: config.baseURL });
      return provider(modelId);
    },
    secrets: [config.apiKey],
    keyEnv: config.keyEnv,
    supportsSeed: true,
  });
}
