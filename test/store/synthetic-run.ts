import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineEvent } from '../../src/engine/events.js';
import type { HistoryEntry } from '../../src/engine/problem.js';
import type { ExampleEvaluatedEvent } from '../../src/engine/problem-events.js';
import { toExampleEvaluated } from '../../src/problems/instructions/example-result.js';

/**
 * A generator of realistic event sequences of an instruction-optimization run (what the engine and
 * the instruction problem emit), deterministic for a seed, plus the counts a test should find.
 */

export interface SyntheticOptions {
  steps?: number;
  candidatesPerStep?: number;
  examples?: number;
  testExamples?: number;
  seed?: number;
  /** Mark every example as answered from the call cache (what a resume replays). */
  cached?: boolean;
}

export interface SyntheticRun {
  events: EngineEvent<string>[];
  expected: {
    steps: number;
    replies: number;
    candidates: number;
    scored: number;
    unscored: number;
    examples: number;
    trainExamples: number;
    failedExamples: number;
    replyDispositions: Record<string, number>;
    best: HistoryEntry<string>;
    testScore: number;
    testN: number;
  };
}

/** mulberry32: a tiny seeded PRNG, so a sequence is identical when generated twice. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

const USAGE = { inputTokens: 120, outputTokens: 40, cachedInputTokens: 0, reasoningTokens: 0 };

export function exampleEvent(key: string, instruction: string, split: 'train' | 'test', index: number, correct: boolean | null, cached = false): ExampleEvaluatedEvent {
  const failed = correct === null;
  return toExampleEvaluated({
    type: 'example-graded', key, instruction, split, exampleIndex: index,
    prompt: `Q: question ${index}?\nA: ${instruction}`, target: String(index % 97),
    rawAnswer: failed ? null : `The answer is ${correct ? index % 97 : -1}.`,
    prediction: failed ? null : String(correct ? index % 97 : -1),
    correct, outcome: failed ? 'timeout' : 'answered', errorMessage: failed ? 'the request timed out after 60 s' : null,
    usage: failed ? { ...USAGE, outputTokens: 0 } : USAGE, cached, latencyMs: cached ? 0 : 250 + (index % 13),
  });
}

export function syntheticRun(options: SyntheticOptions = {}): SyntheticRun {
  const steps = options.steps ?? 4;
  const perStep = options.candidatesPerStep ?? 4;
  const examples = options.examples ?? 10;
  const testExamples = options.testExamples ?? 6;
  const random = prng(options.seed ?? 1);
  const cached = options.cached ?? false;
  const events: EngineEvent<string>[] = [];
  const history: HistoryEntry<string>[] = [];
  const dispositions: Record<string, number> = {};
  let optimizerCalls = 0;
  let unscored = 0;
  let failedExamples = 0;
  let trainExamples = 0;

  const evaluate = (step: number, instructions: string[]): void => {
    events.push({ type: 'evaluation-started', step, candidates: instructions.length });
    const results = instructions.map((instruction) => {
      const key = md5(instruction);
      // Every fifth step's last candidate fails on every example: it must end up unscored.
      const allFail = step >= 0 && step % 5 === 4 && instruction === instructions[instructions.length - 1];
      let correct = 0;
      let answered = 0;
      for (let i = 0; i < examples; i++) {
        const outcome = allFail || random() < 0.05 ? null : random() < 0.3 + 0.1 * Math.max(step, 0);
        if (outcome === null) failedExamples += 1;
        else answered += 1;
        if (outcome) correct += 1;
        trainExamples += 1;
        events.push({ type: 'problem', step, event: { ...exampleEvent(key, instruction, 'train', i, outcome, cached && outcome !== null) } });
      }
      return { instruction, key, answered, correct };
    });
    for (const result of results) {
      if (result.answered === 0) {
        unscored += 1;
        events.push({ type: 'candidate-unscored', step, solution: result.instruction, key: result.key, reason: 'no evaluation succeeded' });
        continue;
      }
      const entry: HistoryEntry<string> = {
        solution: result.instruction, key: result.key, score: result.correct / result.answered, step,
        stats: { answered: result.answered, failed: examples - result.answered },
      };
      history.push(entry);
      events.push({ type: 'candidate-scored', step, entry });
    }
  };
  const best = (): HistoryEntry<string> | null =>
    history.reduce<HistoryEntry<string> | null>((top, entry) => (top === null || entry.score > top.score ? entry : top), null);

  events.push({ type: 'run-started', problem: 'instructions', steps, candidatesPerStep: perStep });
  events.push({ type: 'initial-started', count: 1 });
  evaluate(-1, ["Let's solve the problem."]);

  for (let step = 0; step < steps; step++) {
    events.push({
      type: 'step-started', step,
      metaPrompt: { text: `Your task is to generate the instruction <INS>. Step ${step}.\n${history.map((h) => `text: ${h.solution}\nscore: ${Math.round(h.score * 100)}`).join('\n')}`, details: { exemplarIndices: [step, step + 7, step + 11] } },
    });
    const accepted: string[] = [];
    for (let sampleIndex = 0; sampleIndex < perStep; sampleIndex++) {
      optimizerCalls += 1;
      const roll = sampleIndex === 0 ? 0 : random();
      let event: Extract<EngineEvent<string>, { type: 'optimizer-reply' }>;
      if (roll > 0.9) {
        event = { type: 'optimizer-reply', step, sampleIndex, text: null, error: { kind: 'rate-limited', message: 'HTTP 429 after 5 retries', status: 429 }, disposition: 'failed', reason: 'HTTP 429 after 5 retries', candidate: null, key: null };
      } else if (roll > 0.82) {
        event = { type: 'optimizer-reply', step, sampleIndex, text: 'I think you should', error: null, disposition: 'unparsable', reason: 'no <INS> tags in the reply', candidate: null, key: null };
      } else if (roll > 0.75 && history.length > 0) {
        const old = (history[0] as HistoryEntry<string>).solution;
        event = { type: 'optimizer-reply', step, sampleIndex, text: `<INS>${old}</INS>`, error: null, disposition: 'duplicate', reason: 'already proposed earlier', candidate: old, key: md5(old) };
      } else {
        const instruction = `Think step ${step}.${sampleIndex}, then answer carefully, "quoted", with commas.`;
        accepted.push(instruction);
        event = { type: 'optimizer-reply', step, sampleIndex, text: `<INS>${instruction}</INS>`, error: null, disposition: 'accepted', reason: null, candidate: instruction, key: md5(instruction) };
      }
      dispositions[event.disposition] = (dispositions[event.disposition] ?? 0) + 1;
      events.push(event);
    }
    const before = history.length;
    evaluate(step, accepted);
    events.push({ type: 'step-finished', step, best: best(), scored: history.length - before, optimizerCalls });
  }

  const top = best() as HistoryEntry<string>;
  let testCorrect = 0;
  for (let i = 0; i < testExamples; i++) {
    const correct = i % 3 !== 0;
    if (correct) testCorrect += 1;
    events.push({ type: 'problem', step: steps, event: { ...exampleEvent(top.key, top.solution, 'test', i, correct, cached) } });
  }
  const testScore = testCorrect / testExamples;
  events.push({ type: 'problem', step: steps, event: { type: 'test-evaluated', key: top.key, score: testScore, n: testExamples } });
  events.push({ type: 'run-finished', status: 'completed', reason: `ran ${steps} steps`, best: top, stepsCompleted: steps });

  return {
    events,
    expected: {
      steps, replies: optimizerCalls, candidates: history.length + unscored, scored: history.length, unscored,
      examples: trainExamples + testExamples, trainExamples, failedExamples, replyDispositions: dispositions, best: top,
      testScore, testN: testExamples,
    },
  };
}

/** A fresh folder under the OS temp dir, removed by the returned cleanup. */
export function tempDir(): { dir: string; file(name?: string): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opro-store-'));
  return {
    dir,
    file: (name = 'runs.sqlite') => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export const RUN_INPUT = {
  kind: 'instructions',
  dataset: 'gsm8k',
  scorer: 'openai:gpt-4o-mini',
  optimizer: 'openai:gpt-4o',
  config: { steps: 4, candidatesPerStep: 4, metaPromptStyle: 'tagged', position: 'Q_begin' },
  manifest: { seed: 0, opro: '0.1.0', dataset: { name: 'gsm8k', hash: 'sha256:abc123' }, cacheNamespace: 'default' },
} as const;
