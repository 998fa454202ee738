/**
 * `provider:model` spec -> LanguageModel. User mistakes (no colon, unknown provider, missing key,
 * missing model file) throw ModelUnavailableError with a one-sentence fix, never a stack trace.
 */
import { createAnthropicModel } from './providers/anthropic.js';
import type { Env } from './providers/cloud-config.js';
import { createGoogleModel } from './providers/google.js';
import { createLlamaCppModel, DEFAULT_EMBEDDED_MODEL, type LlamaCppModelOptions } from './providers/llamacpp.js';
import { isRemoteModelSource, localModelFileExists, localModelPath } from './providers/model-file.js';
import { createOllamaModel } from './providers/ollama.js';
import { createOpenAIModel } from './providers/openai.js';
import { createEchoModel, createModuleScriptedModel, createScriptedModel, type ScriptedRespond } from './scripted.js';
import { ModelUnavailableError } from './outcome.js';
import { type LanguageModel } from './types.js';

export { DEFAULT_EMBEDDED_MODEL };

export const KNOWN_PROVIDERS = ['openai', 'anthropic', 'google', 'ollama', 'llamacpp', 'scripted'] as const;
export type KnownProvider = (typeof KNOWN_PROVIDERS)[number];

const EXAMPLE_SPECS = 'openai:gpt-4o-mini, anthropic:claude-3-5-haiku-latest, ollama:llama3.2, llamacpp:./model.gguf or scripted:echo';

export interface ResolveModelOptions extends Omit<LlamaCppModelOptions, 'env'> {
  /** Base URL for openai/anthropic/google (e.g. a local vLLM server); `host` for ollama. */
  baseURL?: string;
  /** Env var holding the API key, replacing the provider's default name. */
  apiKeyEnv?: string;
  /** Env to read keys, base URLs, OLLAMA_HOST and OPRO_MODELS_DIR from; defaults to process.env. */
  env?: Env;
  /** Forces isLocal for cloud specs (default: true for a loopback base URL). */
  isLocal?: boolean;
  /** Extra `scripted:<name>` models, besides the built-in `scripted:echo`. */
  scripts?: Readonly<Record<string, ScriptedRespond>>;
}

export interface ParsedModelSpec {
  provider: KnownProvider;
  modelId: string;
}

/** Splits at the first colon only: `llamacpp:hf:owner/repo/file.gguf` keeps its inner colon. */
export function parseModelSpec(spec: string): ParsedModelSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    throw new ModelUnavailableError(
      `"${trimmed}" is not a model spec: write provider:model, for example ${EXAMPLE_SPECS}.`,
    );
  }
  const provider = trimmed.slice(0, colon).trim().toLowerCase();
  const modelId = trimmed.slice(colon + 1).trim();
  if (!isKnownProvider(provider)) {
    throw new ModelUnavailableError(
      `Unknown model provider "${provider}" in "${trimmed}": use one of ${KNOWN_PROVIDERS.join(', ')}, for example ${EXAMPLE_SPECS}.`,
    );
  }
  if (modelId === '') {
    throw new ModelUnavailableError(`"${trimmed}" names no model after "${provider}:", for example ${EXAMPLE_SPECS}.`);
  }
  return { provider, modelId };
}

export function resolveModel(spec: string, options: ResolveModelOptions = {}): LanguageModel {
  const { provider, modelId } = parseModelSpec(spec);
  const canonical = `${provider}:${modelId}`;
  const cloud = {
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    ...(options.apiKeyEnv !== undefined ? { apiKeyEnv: options.apiKeyEnv } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.isLocal !== undefined ? { isLocal: options.isLocal } : {}),
  };
  switch (provider) {
    case 'openai':
      return createOpenAIModel(modelId, cloud, canonical);
    case 'anthropic':
      return createAnthropicModel(modelId, cloud, canonical);
    case 'google':
      return createGoogleModel(modelId, cloud, canonical);
    case 'ollama':
      return createOllamaModel(modelId, {
        ...(options.baseURL !== undefined ? { host: options.baseURL } : {}),
        ...(options.env !== undefined ? { env: options.env } : {}),
      }, canonical);
    case 'llamacpp':
      return resolveEmbedded(modelId, canonical, options);
    case 'scripted':
      return resolveScripted(modelId, canonical, options);
  }
}

function resolveEmbedded(source: string, spec: string, options: ResolveModelOptions): LanguageModel {
  // Fail before any work starts when a local file is plainly missing; downloads are checked lazily.
  if (!isRemoteModelSource(source) && !localModelFileExists(source)) {
    throw new ModelUnavailableError(
      `${spec}: the model file ${localModelPath(source)} does not exist (give a .gguf path or an hf:owner/repo/file.gguf URI, e.g. ${DEFAULT_EMBEDDED_MODEL}).`,
    );
  }
  const { baseURL: _baseURL, apiKeyEnv: _apiKeyEnv, isLocal: _isLocal, scripts: _scripts, ...embedded } = options;
  return createLlamaCppModel(source, embedded, spec);
}

function resolveScripted(name: string, spec: string, options: ResolveModelOptions): LanguageModel {
  const respond = options.scripts?.[name];
  if (respond) return createScriptedModel({ spec, respond });
  if (name === 'echo') return createEchoModel();
  if (/\.m?js$/.test(name)) return createModuleScriptedModel(name, spec);
  const known = ['echo', ...Object.keys(options.scripts ?? {})].map((n) => `scripted:${n}`).join(', ');
  throw new ModelUnavailableError(`${spec} is not a known scripted model: use one of ${known}, or scripted:<path to a .mjs module>.`);
}

function isKnownProvider(provider: string): provider is KnownProvider {
  return (KNOWN_PROVIDERS as readonly string[]).includes(provider);
}
