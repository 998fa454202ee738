/**
 * `ollama:<model>` through Ollama's OpenAI-compatible endpoint (`<host>/v1`), reusing the OpenAI
 * chat provider: no key, always local.
 */
import type { LanguageModel } from '../types.js';
import { createAiSdkLanguageModel } from './ai-sdk.js';
import { withoutTrailingSlash, type Env } from './cloud-config.js';

export interface OllamaModelOptions {
  /** Ollama's address, e.g. `http://gpu-box:11434`; defaults to `OLLAMA_HOST`, then the local default. */
  host?: string;
  env?: Env;
}

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
/** Ollama ignores the key, but the OpenAI SDK sends one; Ollama's own docs use this value. */
const OLLAMA_PLACEHOLDER_KEY = 'ollama';
const OLLAMA_DEFAULT_PORT = '11434';

export function createOllamaModel(modelId: string, options: OllamaModelOptions = {}, spec = `ollama:${modelId}`): LanguageModel {
  const env = options.env ?? process.env;
  const host = normalizeOllamaHost(options.host ?? env.OLLAMA_HOST);
  const baseURL = `${host}/v1`;
  return createAiSdkLanguageModel({
    spec,
    provider: 'ollama',
    modelId,
    isLocal: true,
    // The host (not its /v1 path) is the endpoint's identity, as in the call-cache keys so far.
    baseURL: host,
    loadModel: async () => {
      const { createOpenAI } = await import('@ai-sdk/openai');
      const provider = createOpenAI({ apiKey: OLLAMA_PLACEHOLDER_KEY, baseURL });
      return provider.chat(modelId);
    },
    secrets: [],
    supportsSeed: true,
  });
}

/**
 * OLLAMA_HOST is often written the way the server binds it ("0.0.0.0:11434", "localhost"),
 * so add a scheme and port when missing and turn the wildcard bind address into loopback.
 */
export function normalizeOllamaHost(host: string | undefined): string {
  const raw = host?.trim();
  if (!raw) return DEFAULT_OLLAMA_HOST;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
    const explicitPort = /:\d+(?:\/|$)/.test(withScheme.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
    if (!explicitPort && url.protocol === 'http:') url.port = OLLAMA_DEFAULT_PORT;
    return withoutTrailingSlash(url.origin + url.pathname);
  } catch {
    return withoutTrailingSlash(withScheme);
  }
}
