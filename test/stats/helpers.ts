/**
 * A whole optimize() run with scripted models whose held-out answers are fixed per instruction, so a
 * test knows every per-example outcome: 20 training sums (the pool, all used for training) and 60
 * held-out sums (a separate test file, as GSM8K has).
 */
import type { Dataset, DatasetExample } from '../../src/datasets/types.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { CallOutcome, GenerateRequest, LanguageModel } from '../../src/models/types.js';

export const TRAIN_SIZE = 20;
export const TEST_SIZE = 60;
export const INITIAL = "Let's solve the problem.";

const sum = (offset: number) => (index: number): DatasetExample => ({ index, question: `What is ${offset + index} plus ${index + 1}?`, target: String(offset + 2 * index + 1) });

export function sumsDataset(): Dataset {
  return {
    id: 'file:sums',
    answerType: 'number',
    multipleChoice: false,
    forbidDigitsInInstructions: false,
    taskDescription: 'sums',
    pool: Array.from({ length: TRAIN_SIZE }, (_, i) => sum(0)(i)),
    heldOut: Array.from({ length: TEST_SIZE }, (_, i) => sum(1000)(i)),
    contentHash: 'sums',
    source: 'memory',
  };
}

/** How one instruction fares: right on the first `train` training and `test` held-out examples (by index). */
export interface Behaviour {
  train: number;
  test: number;
  /** Held-out example indices whose call fails (never graded). */
  failTest?: (index: number) => boolean;
}

/** The scripted scorer; `calls` counts prompts per split. Unknown instructions answer nothing right. */
export function scorer(dataset: Dataset, behaviour: Record<string, Behaviour>): { model: LanguageModel; calls: { train: number; test: number } } {
  const train = new Map(dataset.pool.map((e) => [e.question, e]));
  const test = new Map((dataset.heldOut ?? []).map((e) => [e.question, e]));
  const calls = { train: 0, test: 0 };
  const model = createScriptedModel({
    spec: 'scripted:scorer',
    respond: (request: GenerateRequest): string | CallOutcome => {
      const cut = request.prompt.lastIndexOf('\n');
      const instruction = cut >= 0 ? request.prompt.slice(0, cut) : '';
      const question = cut >= 0 ? request.prompt.slice(cut + 1) : request.prompt;
      const b = behaviour[instruction] ?? { train: 0, test: 0 };
      const inTrain = train.get(question);
      const example = inTrain ?? test.get(question);
      if (!example) throw new Error(`unknown question: ${question}`);
      if (inTrain) calls.train += 1;
      else calls.test += 1;
      if (!inTrain && b.failTest?.(example.index)) return { ok: false, error: { kind: 'server-error', message: 'scripted 500' }, latencyMs: 0 };
      const right = example.index < (inTrain ? b.train : b.test);
      return `The answer is ${right ? example.target : '-1'}.`;
    },
  });
  return { model, calls };
}

/** Proposes `proposals` (one per sample, cycling) at every step. */
export function optimizer(proposals: string[]): LanguageModel {
  return createScriptedModel({ spec: 'scripted:optimizer', respond: (r) => `<INS>${proposals[(r.sampleIndex ?? 0) % proposals.length]}</INS>` });
}

/** Options for a one-step run: the initial instruction, then `proposals`, all measured on held-out data. */
export function runOptions(dataset: Dataset, model: LanguageModel, proposals: string[]) {
  return {
    dataset,
    scorer: model,
    optimizer: optimizer(proposals),
    steps: 1,
    candidatesPerStep: proposals.length,
    maxExtraDraws: 0,
    trainRatio: 1,
    evalTop: 1,
  };
}
