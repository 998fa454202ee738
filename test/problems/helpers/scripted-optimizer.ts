/**
 * A tiny scripted LanguageModel for these tests (independent of src/models/scripted.ts): each call
 * gets its 0-based call number and the prompt, and the script returns the reply text.
 */
import type { CallOutcome, GenerateRequest, LanguageModel } from '../../../src/models/types.js';

export interface ScriptedCall {
  call: number;
  prompt: string;
  sampleIndex: number;
}

export interface ScriptedOptimizer extends LanguageModel {
  readonly prompts: string[];
}

export function scriptedOptimizer(script: (call: ScriptedCall) => string): ScriptedOptimizer {
  const prompts: string[] = [];
  return {
    spec: 'test:scripted',
    provider: 'test',
    modelId: 'scripted',
    isLocal: true,
    prompts,
    async generate(request: GenerateRequest): Promise<CallOutcome> {
      const call = prompts.length;
      prompts.push(request.prompt);
      const text = script({ call, prompt: request.prompt, sampleIndex: request.sampleIndex ?? 0 });
      return {
        ok: true,
        text,
        usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
        cached: false,
        latencyMs: 0,
      };
    },
  };
}
