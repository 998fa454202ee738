/**
 * Finding, parsing and validating the config file, and reading model settings out of it.
 * See schema.ts for the file's shape.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ModelPrice } from '../models/pricing.js';
import { ConfigError, formatIssues } from './errors.js';
import { configSchema, SPEC_PATTERN, type ModelSettings, type OproConfig } from './schema.js';

/** Looked for in this order in the working folder; more than one present is an error. */
export const CONFIG_FILE_NAMES = ['opro.config.json', 'opro.config.yaml', 'opro.config.yml'] as const;

export interface LoadedConfig {
  config: OproConfig;
  /** The file read, or undefined when there is none (then config is `{}`). */
  path: string | undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parses and validates config text; `path` is only used in messages and to pick the parser. */
export function parseConfig(text: string, path: string): OproConfig {
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ConfigError(`Cannot parse the config file ${path}: ${errorMessage(err)}`);
  }
  if (raw === null || raw === undefined) raw = {}; // an empty file is an empty config
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new ConfigError(`Invalid config file ${path}:\n  ${problems.join('\n  ')}`, problems);
  }
  return result.data;
}

/**
 * Loads the config from `explicitPath` (relative to `cwd`; must exist) or from the first of
 * CONFIG_FILE_NAMES in `cwd`. No file is fine: the result is an empty config.
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  let path: string;
  if (explicitPath !== undefined) {
    path = resolve(cwd, explicitPath);
    if (!existsSync(path)) throw new ConfigError(`Config file not found: ${path}`);
  } else {
    const found = CONFIG_FILE_NAMES.map((name) => join(resolve(cwd), name)).filter((candidate) => existsSync(candidate));
    if (found.length > 1) throw new ConfigError(`Found several config files (${found.join(', ')}); keep only one.`);
    const first = found[0];
    if (first === undefined) return { config: {}, path: undefined };
    path = first;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read the config file ${path}: ${errorMessage(err)}`);
  }
  return { config: parseConfig(text, path), path };
}

export interface ResolvedModelRef {
  /** The alias used, if the reference was one. */
  alias?: string;
  settings: ModelSettings;
}

/** Resolves an alias (from `models`) or a plain spec to model settings. */
export function resolveModelRef(config: OproConfig, ref: string): ResolvedModelRef {
  const aliased = config.models?.[ref];
  if (aliased) return { alias: ref, settings: aliased };
  if (!SPEC_PATTERN.test(ref)) {
    throw new ConfigError(`Unknown model '${ref}': not an alias in the config and not a spec like openai:gpt-4o-mini.`);
  }
  return { settings: { spec: ref } };
}

/** Prices set in the config, keyed by spec (as the meter and budget look them up). */
export function configuredPrices(config: OproConfig): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const settings of Object.values(config.models ?? {})) {
    if (settings.price) prices[settings.spec] = { ...settings.price };
  }
  return prices;
}
