/**
 * The model options of every command that calls models. Apart from model-setup.ts so that a
 * command's `--help` registers them without loading providers, the cache or the wrapper stack.
 */
import type { Command } from 'commander';
import { CLOUD_DEFAULTS, DEFAULT_EMBEDDED_MODEL, LOCAL_DEFAULTS, MAX_RATE_LIMIT_WAIT_MS } from '../models/defaults.js';
import { integer, number } from './parsers.js';

export interface RoleSelection {
  scorer?: boolean;
  optimizer?: boolean;
}

export function addModelOptions(command: Command, roles: RoleSelection = {}): Command {
  if (roles.scorer !== false) command.option('-s, --scorer <model>', `scorer model, provider:model or a config alias (default ${DEFAULT_EMBEDDED_MODEL})`);
  if (roles.optimizer !== false) command.option('-o, --optimizer <model>', 'optimizer model, provider:model or a config alias (default: the scorer, or the embedded model)');
  return command
    .option('--config <path>', 'config file (default: opro.config.json/.yaml in this folder)')
    .option('--concurrency <n>', `most calls in flight per model endpoint, lowered to what the endpoint accepts (default ${CLOUD_DEFAULTS.concurrency} cloud, ${LOCAL_DEFAULTS.concurrency} local)`, integer(1))
    .option('--max-retries <n>', `retries per call on 5xx/timeouts/network errors; a 429 waits instead, up to ${MAX_RATE_LIMIT_WAIT_MS / 60_000} min per call (0 = no retries at all) (default ${CLOUD_DEFAULTS.maxRetries} cloud, ${LOCAL_DEFAULTS.maxRetries} local)`, integer(0))
    .option('--timeout <seconds>', `per-call timeout (default ${CLOUD_DEFAULTS.timeoutMs / 1000} cloud, ${LOCAL_DEFAULTS.timeoutMs / 1000} local)`, number(1))
    .option('--budget <usd>', 'hard cap on spend for the whole run (resumes included): it stops cleanly before crossing it; needs known prices', number(0))
    .option('--max-calls <n>', 'hard cap on model requests for the whole run (cache hits are free)', integer(0))
    .option('--max-tokens <n>', 'hard cap on tokens (input + output) for the whole run', integer(0))
    .option('--cache <path>', 'model-call cache file (default .opro/cache.sqlite)')
    .option('--no-cache', 'do not read or write the model-call cache');
}

/** The model options every command that calls models has (see addModelOptions), as commander parses them. */
export interface ModelFlags {
  scorer?: string;
  optimizer?: string;
  /** The LLM judge of a task's metric (a third model role). */
  judge?: string;
  config?: string;
  concurrency?: number;
  maxRetries?: number;
  timeout?: number;
  budget?: number;
  maxCalls?: number;
  maxTokens?: number;
  /** A cache path, or false for --no-cache (commander's default is true). */
  cache?: string | boolean;
  quiet?: boolean;
}

