/**
 * A small world for racing tests: a dataset of numbered questions, a scorer whose accuracy per
 * instruction is exact on the whole training subset (example i is right iff i < accuracy * size), and
 * an optimizer that proposes a fixed list per step.
 */
import type { Dataset } from '../../src/datasets/types.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { CallOutcome, GenerateRequest, LanguageModel } from '../../src/models/types.js';

export const WORLD_SIZE = 200;

export function numberedDataset(size = WORLD_SIZE): Dataset {
  const pool = Array.from({ length: size }, (_, index) => ({ index, question: `What is ${index} plus one?`, target: String(index + 1) }));
  return { id: 'file:numbered', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'adding one', pool, heldOut: null, contentHash: 'racing-test', source: 'memory' };
}

export interface CountingScorer {
  model: LanguageModel;
  /** Every prompt, in the order the calls were made. */
  prompts: string[];
}

/**
 * `accuracy(instruction)` in [0, 1]; `fail(index)` makes the call for that example fail (never graded).
 * Q_begin without Q:/A: markers, so a prompt is "<instruction>\n<question>".
 */
export function countingScorer(dataset: Dataset, accuracy: (instruction: string) => number, fail?: (index: number) => boolean): CountingScorer {
  const byQuestion = new Map(dataset.pool.map((example) => [example.question, example]));
  const prompts: string[] = [];
  const model = createScriptedModel({
    spec: 'scripted:racing-scorer',
    respond: (request: GenerateRequest): string | CallOutcome => {
      prompts.push(request.prompt);
      const cut = request.prompt.lastIndexOf('\n');
      const instruction = cut >= 0 ? request.prompt.slice(0, cut) : '';
      const example = byQuestion.get(request.prompt.slice(cut + 1));
      if (!example) throw new Error(`unknown question: ${request.prompt}`);
      if (fail?.(example.index)) return { ok: false, error: { kind: 'server-error', message: 'injected' }, latencyMs: 0 };
      const right = example.index < Math.round(accuracy(instruction) * dataset.pool.length);
      return `The answer is ${right ? example.target : '-1'}.`;
    },
  });
  return { model, prompts };
}

/** Proposes `plan[step][sample]`; the engine makes exactly `perStep` calls a step (no extra draws). */
export function plannedOptimizer(plan: readonly (readonly string[])[], perStep: number): { model: LanguageModel; prompts: string[] } {
  const prompts: string[] = [];
  const model = createScriptedModel({
    spec: 'scripted:racing-optimizer',
    respond: (request: GenerateRequest) => {
      const step = Math.floor(prompts.length / perStep);
      prompts.push(request.prompt);
      const text = plan[step]?.[request.sampleIndex ?? 0];
      return text === undefined ? 'nothing to add' : `<INS>${text}</INS>`;
    },
  });
  return { model, prompts };
}

/** Accuracy table lookup with a default for anything unlisted. */
export function accuracyTable(table: Record<string, number>, otherwise = 0.5): (instruction: string) => number {
  return (instruction) => table[instruction] ?? otherwise;
}
