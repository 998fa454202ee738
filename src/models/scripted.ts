/**
 * `scripted:<name>`: deterministic models for tests and dry runs. No network, no cost, no randomness:
 * the reply is whatever the script returns. Usage counts whitespace-separated tokens so meters and
 * budgets see plausible, reproducible numbers.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { failure, ModelUnavailableError } from './outcome.js';
import { type CallOutcome, type GenerateRequest, type LanguageModel } from './types.js';

export type ScriptedReply = string | CallOutcome;
export type ScriptedRespond = (request: GenerateRequest) => ScriptedReply | Promise<ScriptedReply>;

export interface ScriptedModelOptions {
  respond: ScriptedRespond;
  /** Defaults to `scripted:custom`. */
  spec?: string;
}

export const SCRIPTED_PROVIDER = 'scripted';
const DEFAULT_SCRIPTED_SPEC = 'scripted:custom';

export function createScriptedModel(options: ScriptedModelOptions): LanguageModel {
  const spec = options.spec ?? DEFAULT_SCRIPTED_SPEC;
  const colon = spec.indexOf(':');
  const modelId = colon >= 0 ? spec.slice(colon + 1) : spec;
  return {
    spec,
    provider: SCRIPTED_PROVIDER,
    modelId,
    isLocal: true,
    async generate(request: GenerateRequest): Promise<CallOutcome> {
      const started = performance.now();
      if (request.signal?.aborted) return failure('aborted', `${spec} was aborted by the caller.`);
      try {
        const reply = await options.respond(request);
        if (typeof reply !== 'string') return reply;
        return {
          ok: true,
          text: reply,
          usage: {
            inputTokens: countWhitespaceTokens(request.prompt),
            outputTokens: countWhitespaceTokens(reply),
            cachedInputTokens: 0,
            reasoningTokens: 0,
          },
          cached: false,
          latencyMs: performance.now() - started,
          finishReason: 'stop',
        };
      } catch (error) {
        // A throwing script is a broken "response", never an exception through the port.
        const detail = error instanceof Error ? error.message : String(error);
        return failure('bad-response', `${spec} script threw: ${detail}`, {}, performance.now() - started);
      }
    },
  };
}

/**
 * `scripted:./model.mjs`: replies come from the module's default export `(request) => string`
 * (sync or async; it sees `prompt` and, for chat prompts, `messages`). The worked examples ship one
 * so they run offline and deterministically; the path is relative to the working folder.
 */
export function createModuleScriptedModel(modulePath: string, spec = `scripted:${modulePath}`): LanguageModel {
  const absolute = resolve(modulePath);
  if (!existsSync(absolute)) throw new ModelUnavailableError(`${spec}: the script module ${absolute} does not exist.`);
  let loaded: Promise<ScriptedRespond> | undefined;
  const load = (): Promise<ScriptedRespond> => {
    loaded ??= import(pathToFileURL(absolute).href).then((module: { default?: unknown }) => {
      if (typeof module.default !== 'function') throw new Error(`${absolute} must export a function (request) => reply as its default export`);
      return module.default as ScriptedRespond;
    });
    return loaded;
  };
  return createScriptedModel({ spec, respond: async (request) => (await load())(request) });
}

/** `scripted:echo`: answers with the prompt's last non-empty line (dry runs show the plumbing). */
export function createEchoModel(): LanguageModel {
  return createScriptedModel({ spec: 'scripted:echo', respond: (request) => lastLine(request.prompt) });
}

export function countWhitespaceTokens(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.at(-1) ?? '';
}
