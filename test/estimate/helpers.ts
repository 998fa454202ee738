/** Shared by the estimate tests: a small sums dataset and scripted models that count their calls. */
import type { Dataset } from '../../src/datasets/types.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { GenerateRequest, LanguageModel } from '../../src/models/types.js';

export function sumsDataset(size = 16): Dataset {
  const pool = Array.from({ length: size }, (_, index) => ({
    index,
    question: `What is ${index} plus ${index + 1}?`,
    target: String(2 * index + 1),
    fields: { question: `What is ${index} plus ${index + 1}?`, target: String(2 * index + 1), topic: index % 2 ? 'odd' : 'even' },
  }));
  return { id: 'file:sums', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'sums', pool, heldOut: null, contentHash: 'sums', source: 'memory' };
}

/** The right sum when the prompt carries a generated instruction ("Plan ..."), a wrong one otherwise. */
export function answerFor(request: GenerateRequest): string {
  const text = request.messages ? request.messages.map((message) => message.content).join('\n') : request.prompt;
  const match = /What is (\d+) plus (\d+)\?/.exec(text);
  if (!match) return 'The answer is 0.';
  return text.includes('Plan') ? `The answer is ${Number(match[1]) + Number(match[2])}.` : 'The answer is -1.';
}

export interface CountedModel {
  model: LanguageModel;
  calls: () => number;
}

export function counted(spec: string, respond: (request: GenerateRequest, call: number) => string): CountedModel {
  let calls = 0;
  const model = createScriptedModel({ spec, respond: (request) => respond(request, ++calls) });
  return { model, calls: () => calls };
}

/**
 * An optimizer whose every `junkEvery`-th reply is empty (no candidate) (0: never, 1: always); the others
 * propose a new instruction each ("Plan <n> ...").
 */
export function countedOptimizer(junkEvery: number): CountedModel {
  return counted('scripted:optimizer', (_request, call) => (junkEvery > 0 && call % junkEvery === 0 ? '' : `<INS>Plan number ${call}, add carefully.</INS>`));
}
