import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineEvent } from '../../src/engine/events.js';
import type { HistoryEntry } from '../../src/engine/problem.js';
import { toExampleEvaluated } from '../../src/problems/instructions/example-result.js';
import { linearRegressionProblem } from '../../src/problems/linear-regression/problem.js';
import { tourLength } from '../../src/problems/tsp/instance.js';
import { tspProblem } from '../../src/problems/tsp/problem.js';
import { RunStore, type RunLock, type RunRecorder } from '../../src/store/index.js';

/**
 * Synthetic runs for the dashboard tests, written through RunStore and its recorder exactly as a
 * run's engine events would be: a finished instruction run, a running one (lock held, recorder
 * open so a test can add an evaluation), a TSP run and a linear-regression run with their instances.
 */

/** A secret-shaped value planted in a manifest: no API response may ever contain it. */
export const PLANTED_KEY = 'sk-proj-TESTONLYabcdefghijklmnopqrstuvwxyz0123456789';

export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** mulberry32: deterministic, so every test run sees the same scores. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function tempStorePath(): { file: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opro-dashboard-'));
  return { file: path.join(dir, 'runs.sqlite'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

type Emit = (event: EngineEvent<unknown>) => void;
const USAGE = { inputTokens: 150, outputTokens: 60, cachedInputTokens: 0, reasoningTokens: 0 };

const QUESTIONS = [
  'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether?',
  'Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?',
  'Betty is saving money for a new wallet which costs $100. Betty has only half of the money she needs. How much more money does Betty need?',
  'James writes a 3-page letter to 2 different friends twice a week. How many pages does he write a year?',
];

/** Grades one instruction on `examples` train examples with accuracy near `p`; returns the score. */
function gradeInstruction(emit: Emit, step: number, instruction: string, examples: number, p: number, random: () => number, split: 'train' | 'test' = 'train'): { correct: number; answered: number } {
  const key = md5(instruction);
  let correct = 0;
  let answered = 0;
  for (let i = 0; i < examples; i++) {
    const failed = random() < 0.03;
    const ok = !failed && random() < p;
    const target = String((i * 7) % 97);
    const question = QUESTIONS[i % QUESTIONS.length] as string;
    if (!failed) answered += 1;
    if (ok) correct += 1;
    emit({
      type: 'problem', step,
      event: toExampleEvaluated({
        type: 'example-graded', key, instruction, split, exampleIndex: i,
        prompt: `Q: ${question}\nA: ${instruction}`, target,
        rawAnswer: failed ? null : `Let's see. ... So the answer is ${ok ? target : Number(target) + 3}.`,
        prediction: failed ? null : ok ? target : String(Number(target) + 3),
        correct: failed ? null : ok, outcome: failed ? 'timeout' : 'answered', errorMessage: failed ? 'the request timed out after 60 s' : null,
        usage: USAGE, cached: false, latencyMs: 300 + (i % 17),
      }),
    });
  }
  return { correct, answered };
}

export interface InstructionRunOptions {
  steps: number;
  perStep: number;
  examples: number;
  seed: number;
  /** Leave the run running: no test evaluation, no run-finished. */
  running?: boolean;
}

export interface SeededRun {
  runId: string;
  /** Scored candidates recorded (the curve's dot count). */
  scored: number;
  history: HistoryEntry<string>[];
}

/** Emits an instruction run's events; returns how many candidates were scored. */
export function instructionEvents(emit: Emit, options: InstructionRunOptions): HistoryEntry<string>[] {
  const random = prng(options.seed);
  const history: HistoryEntry<string>[] = [];
  let optimizerCalls = 0;
  const best = (): HistoryEntry<string> | null => history.reduce<HistoryEntry<string> | null>((top, e) => (top === null || e.score > top.score ? e : top), null);
  const score = (step: number, instruction: string, p: number): void => {
    const { correct, answered } = gradeInstruction(emit, step, instruction, options.examples, p, random);
    const entry = { solution: instruction, key: md5(instruction), score: answered ? correct / answered : 0, step, stats: { answered, failed: options.examples - answered } };
    history.push(entry);
    emit({ type: 'candidate-scored', step, entry });
  };
  emit({ type: 'run-started', problem: 'instructions', steps: options.steps, candidatesPerStep: options.perStep });
  emit({ type: 'initial-started', count: 1 });
  emit({ type: 'evaluation-started', step: -1, candidates: 1 });
  score(-1, "Let's solve the problem.", 0.35);
  emit({ type: 'step-finished', step: -1, best: best(), scored: 1, optimizerCalls: 0 });
  for (let step = 0; step < options.steps; step++) {
    const shown = [...history].sort((a, b) => a.score - b.score).slice(-20);
    emit({
      type: 'step-started', step,
      metaPrompt: {
        text: `Your task is to generate the instruction <INS>. Below are some previous instructions with their scores. The score ranges from 0 to 100.\n\n${shown.map((h) => `text:\n${h.solution}\nscore:\n${Math.round(h.score * 100)}`).join('\n\n')}\n\nBelow are some problems.\n\ninput:\nQ: <INS>\n${QUESTIONS[step % QUESTIONS.length]}\nA:\nGround truth answer:\n72\n\nGenerate an instruction that is different from all the instructions <INS> above, and has a higher score than all the instructions <INS> above. The instruction should begin with <INS> and end with </INS>.`,
        details: { exemplarIndices: [step, step + 3, step + 9] },
      },
    });
    const accepted: string[] = [];
    for (let sample = 0; sample < options.perStep; sample++) {
      optimizerCalls += 1;
      if (sample === options.perStep - 1 && step % 2 === 1) {
        emit({ type: 'optimizer-reply', step, sampleIndex: sample, text: 'I would suggest thinking about it more.', error: null, disposition: 'unparsable', reason: 'no <INS> tags in the reply', candidate: null, key: null });
        continue;
      }
      const instruction = `Step ${step}.${sample}: Let's think step by step${sample % 2 ? ' and double-check the arithmetic' : ''}, then give the final number.`;
      accepted.push(instruction);
      emit({ type: 'optimizer-reply', step, sampleIndex: sample, text: `Here is a better one.\n<INS>${instruction}</INS>`, error: null, disposition: 'accepted', reason: null, candidate: instruction, key: md5(instruction) });
    }
    emit({ type: 'evaluation-started', step, candidates: accepted.length });
    const before = history.length;
    for (const instruction of accepted) score(step, instruction, Math.min(0.92, 0.45 + 0.06 * step + 0.1 * random()));
    emit({ type: 'step-finished', step, best: best(), scored: history.length - before, optimizerCalls });
  }
  if (!options.running) {
    const top = best() as HistoryEntry<string>;
    const { correct, answered } = gradeInstruction(emit, options.steps, top.solution, options.examples, 0.8, random, 'test');
    emit({ type: 'problem', step: options.steps, event: { type: 'test-evaluated', key: top.key, score: correct / answered, n: options.examples } });
    emit({ type: 'run-finished', status: 'completed', reason: `ran ${options.steps} steps`, best: top, stepsCompleted: options.steps });
  }
  return history;
}

const INSTRUCTION_INPUT = {
  kind: 'instructions', dataset: 'gsm8k', scorer: 'openai:gpt-4o-mini', optimizer: 'openai:gpt-4o',
  config: { command: 'optimize', flags: { steps: 6, candidates: 4, budget: 2 } },
  manifest: { seed: 0, oproVersion: '0.1.0', providers: { openai: { apiKeyEnv: 'OPENAI_API_KEY', apiKey: PLANTED_KEY } }, note: `copied from a shell: OPENAI_API_KEY=${PLANTED_KEY}` },
};

/** The per-endpoint figures a CLI run reports (models/rate-limits/endpoint-report.ts). */
export const PLANTED_ENDPOINT = {
  endpoint: 'openai https://api.example/v1', calls: 622, callsPerSecond: 12.5, rateLimited: 7, windowSpent: 2, concurrencyRefusals: 5,
  serverErrors: 3, timeouts: 0, networkErrors: 0, retries: 3, waitedMs: 4200, limit: 6, maxConcurrency: 16, limitLearned: true, requestsPerMinute: 1200,
};

export function seedFinishedInstructionRun(store: RunStore, options: Partial<InstructionRunOptions> = {}): SeededRun {
  const runId = store.createRun(INSTRUCTION_INPUT);
  store.setStatus(runId, 'running', null);
  const record = store.recorder(runId);
  const history = instructionEvents(record, { steps: 6, perStep: 4, examples: 24, seed: 7, ...options });
  record.close();
  const costs = { costUsd: 0.4213, usage: { byRole: { optimizer: { calls: 22, cachedCalls: 0, failed: 0, inputTokens: 9000, outputTokens: 1200, costUsd: 0.06 }, scorer: { calls: 600, cachedCalls: 20, failed: 11, inputTokens: 90000, outputTokens: 36000, costUsd: 0.3613 } }, byModel: {} }, endpoints: [PLANTED_ENDPOINT] };
  store.setStatus(runId, 'completed', 'ran 6 steps', costs as never);
  return { runId, scored: history.length, history };
}

export interface LiveRun extends SeededRun {
  record: RunRecorder;
  lock: RunLock;
  /** Records one more scored instruction at `step` (flushed at once); returns the new scored count. */
  addEvaluation(step: number, instruction: string): number;
  finish(): void;
}

/** A run still in progress: its lock is held (so it shows as running, not stalled) and its recorder stays open. */
export function seedRunningInstructionRun(store: RunStore): LiveRun {
  const runId = store.createRun({ ...INSTRUCTION_INPUT, dataset: 'bbh/navigate', optimizer: 'anthropic:claude-sonnet-4-5' });
  const lock = store.acquireRunLock(runId);
  store.setStatus(runId, 'running', null);
  const record = store.recorder(runId);
  const history = instructionEvents(record, { steps: 3, perStep: 3, examples: 12, seed: 11, running: true });
  record.flush();
  let scored = history.length;
  const random = prng(99);
  return {
    runId, record, lock, history, scored,
    addEvaluation(step, instruction) {
      const { correct, answered } = gradeInstruction(record, step, instruction, 12, 0.9, random);
      record({ type: 'candidate-scored', step, entry: { solution: instruction, key: md5(instruction), score: correct / answered, step } });
      record.flush();
      scored += 1;
      return scored;
    },
    finish() {
      record.close();
      lock.release();
    },
  };
}

/** A TSP run with its instance in the manifest: random tours improved by 2-opt moves, step by step. */
export function seedTspRun(store: RunStore, withInstance = true): SeededRun {
  const problem = tspProblem({ n: 12, seed: 3 });
  const { instance, baselines } = problem;
  const manifest = withInstance
    ? { seed: 3, instance: { points: instance.points.map((p) => [p.x, p.y]), baselines } }
    : { seed: 3 };
  const runId = store.createRun({ kind: 'tsp', dataset: null, scorer: null, optimizer: 'openai:gpt-4o', direction: 'minimize', config: { n: 12 }, manifest });
  store.setStatus(runId, 'running', null);
  const record = store.recorder(runId);
  const random = prng(5);
  const history: HistoryEntry<number[]>[] = [];
  const add = (step: number, tour: number[]): void => {
    const entry = { solution: tour, key: tour.join(','), score: tourLength(instance, tour), step };
    if (history.some((h) => h.key === entry.key)) return;
    history.push(entry);
    record({ type: 'candidate-scored', step, entry });
  };
  record({ type: 'run-started', problem: 'tsp', steps: 12, candidatesPerStep: 4 });
  for (const tour of problem.initialSolutions() as number[][]) add(-1, [...tour]);
  const twoOpt = (tour: number[]): number[] => {
    const i = 1 + Math.floor(random() * (tour.length - 2));
    const j = i + 1 + Math.floor(random() * (tour.length - i - 1));
    return [...tour.slice(0, i), ...tour.slice(i, j + 1).reverse(), ...tour.slice(j + 1)];
  };
  for (let step = 0; step < 12; step++) {
    record({ type: 'step-started', step, metaPrompt: { text: `You are given a list of points with coordinates below: ${instance.points.map((p, i) => `(${i}): (${p.x}, ${p.y})`).join(', ')}.\n\nBelow are some previous traces and their lengths...` } });
    const best = [...history].sort((a, b) => a.score - b.score)[0] as HistoryEntry<number[]>;
    for (let sample = 0; sample < 4; sample++) {
      let tour = twoOpt(best.solution);
      for (let k = 0; k < 3; k++) {
        const next = twoOpt(tour);
        if (tourLength(instance, next) < tourLength(instance, tour)) tour = next;
      }
      record({ type: 'optimizer-reply', step, sampleIndex: sample, text: `<trace>${tour.join(',')}</trace>`, error: null, disposition: 'accepted', reason: null, candidate: tour, key: tour.join(',') });
      add(step, tour);
    }
    record({ type: 'step-finished', step, best: [...history].sort((a, b) => a.score - b.score)[0] ?? null, scored: 4, optimizerCalls: (step + 1) * 4 });
  }
  record({ type: 'run-finished', status: 'completed', reason: 'ran 12 steps', best: null, stepsCompleted: 12 });
  record.close();
  return { runId, scored: history.length, history: [] };
}

/** A linear-regression run with its data in the manifest: pairs closing in on (w, b) = (15, 14). */
export function seedLinregRun(store: RunStore, withInstance = true): SeededRun {
  const problem = linearRegressionProblem({ wTrue: 15, bTrue: 14, seed: 2 });
  const manifest = withInstance ? { seed: 2, instance: { wTrue: 15, bTrue: 14, x: [...problem.data.xs], y: [...problem.data.ys] } } : { seed: 2 };
  const runId = store.createRun({ kind: 'linear-regression', dataset: null, scorer: null, optimizer: 'openai:gpt-4o-mini', direction: 'minimize', config: { w: 15, b: 14 }, manifest });
  store.setStatus(runId, 'running', null);
  const record = store.recorder(runId);
  const seen = new Set<string>();
  let scored = 0;
  const add = (step: number, w: number, b: number): void => {
    const key = `${w},${b}`;
    if (seen.has(key)) return;
    seen.add(key);
    const loss = problem.data.xs.reduce((s, x, i) => s + ((problem.data.ys[i] as number) - (w * x + b)) ** 2, 0);
    record({ type: 'candidate-scored', step, entry: { solution: { w, b }, key, score: loss, step } });
    scored += 1;
  };
  record({ type: 'run-started', problem: 'linear-regression', steps: 10, candidatesPerStep: 4 });
  for (const pair of problem.initialSolutions() as { w: number; b: number }[]) add(-1, pair.w, pair.b);
  const random = prng(8);
  let [w, b] = [12, 19];
  for (let step = 0; step < 10; step++) {
    record({ type: 'step-started', step, metaPrompt: { text: 'Now you will help me minimize a function with two input variables w, b...' } });
    w += Math.sign(15 - w) * Math.ceil(Math.abs(15 - w) / 3);
    b += Math.sign(14 - b) * Math.ceil(Math.abs(14 - b) / 3);
    for (let sample = 0; sample < 4; sample++) {
      add(step, w + Math.round((random() - 0.5) * 4), b + Math.round((random() - 0.5) * 6));
    }
    add(step, w, b);
    record({ type: 'step-finished', step, best: null, scored: 4, optimizerCalls: (step + 1) * 4 });
  }
  record({ type: 'run-finished', status: 'optimum-reached', reason: 'proposed the true (w, b)', best: null, stepsCompleted: 10 });
  record.close();
  return { runId, scored, history: [] };
}

/** Every kind of run the dashboard draws, in one store. */
export function seedAll(file: string): { store: RunStore; finished: SeededRun; running: LiveRun; tsp: SeededRun; linreg: SeededRun } {
  const store = RunStore.open(file);
  const finished = seedFinishedInstructionRun(store);
  const tsp = seedTspRun(store);
  const linreg = seedLinregRun(store);
  const running = seedRunningInstructionRun(store);
  return { store, finished, running, tsp, linreg };
}
