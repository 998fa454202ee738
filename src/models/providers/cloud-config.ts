/**
 * Key and base-URL resolution shared by the cloud providers. Keys are read from the environment
 * only (never from specs or config files, which end up in run records).
 */
import { createHash } from 'node:crypto';
import { ModelUnavailableError } from '../outcome.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Options every AI-SDK-backed provider accepts. */
export interface CloudProviderOptions {
  /** Overrides the provider's base URL (and its `*_BASE_URL` env var). */
  baseURL?: string;
  /** Name of the env var holding the key, e.g. `OPENROUTER_API_KEY`; defaults per provider. */
  apiKeyEnv?: string;
  /** Where env vars are read from; defaults to `process.env`. Tests inject their own. */
  env?: Env;
  /** Forces `isLocal`; by default a loopback base URL counts as local (it costs nothing). */
  isLocal?: boolean;
}

export interface ProviderDefaults {
  provider: string;
  keyEnv: string;
  baseUrlEnv: string;
  defaultBaseURL: string;
  /** Shown in the missing-key message, e.g. "or point --base-url at a local server". */
  keylessHint?: string;
}

export interface ResolvedCloudConfig {
  apiKey: string | undefined;
  keyEnv: string;
  baseURL: string;
  /** True when the user chose the base URL (option or env var); a keyless call is then allowed. */
  customBaseURL: boolean;
  isLocal: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

export function resolveCloudConfig(spec: string, defaults: ProviderDefaults, options: CloudProviderOptions): ResolvedCloudConfig {
  const env = options.env ?? process.env;
  const keyEnv = options.apiKeyEnv ?? defaults.keyEnv;
  const apiKey = nonEmpty(env[keyEnv]);
  const chosenBaseURL = nonEmpty(options.baseURL) ?? nonEmpty(env[defaults.baseUrlEnv]);
  const baseURL = withoutTrailingSlash(chosenBaseURL ?? defaults.defaultBaseURL);
  if (apiKey === undefined && chosenBaseURL === undefined) {
    throw new ModelUnavailableError(
      `${spec} needs an API key: set the ${keyEnv} environment variable${defaults.keylessHint ? ` ${defaults.keylessHint}` : ''}.`,
    );
  }
  return {
    apiKey,
    keyEnv,
    baseURL,
    customBaseURL: chosenBaseURL !== undefined,
    isLocal: options.isLocal ?? isLoopbackURL(baseURL),
  };
}

/**
 * A short one-way fingerprint of an API key: enough to tell two keys apart in the rate-limit
 * registry, useless for calling the API. Kept in memory only; never displayed or stored.
 */
export function credentialFingerprint(apiKey: string | undefined): string | undefined {
  return apiKey === undefined ? undefined : createHash('sha256').update(`opro-rate-limit:${apiKey}`).digest('hex').slice(0, 16);
}

/** The identity fields a cloud model exposes: the base URL only when the user chose one. */
export function cloudIdentity(config: ResolvedCloudConfig): { baseURL?: string; credentialId?: string } {
  const credentialId = credentialFingerprint(config.apiKey);
  return { ...(config.customBaseURL ? { baseURL: config.baseURL } : {}), ...(credentialId ? { credentialId } : {}) };
}

export function isLoopbackURL(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
