/**
 * An instruction run whose two best instructions were both graded on the training split and on the
 * held-out split, on overlapping example indices (example 3 of train and example 3 of test are
 * different examples), written through the store's recorder as a run's events are. The grades are
 * chosen so that each split's tally differs from the other's and from their mix.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { EngineEvent } from '../../src/engine/events.js';
import { RunStore } from '../../src/store/index.js';
import { startDashboardServer, type DashboardServer } from '../../src/web/server/dashboard-server.js';
import { md5, tempStorePath } from './fixtures.js';

type Split = 'train' | 'test';
/** Score per example index: 1, 0, a partial score, or null for a failed call. */
type Grades = Record<number, number | null>;

export const SPLIT_A = 'Think it through, then answer with one number.';
export const SPLIT_B = 'Answer at once.';
/** Graded on the training split only: comparing it with A can only be of train. */
export const TRAIN_ONLY_C = 'Guess.';

/** Which examples each instruction got, per split. Train: both 1 (#0), only A 3 (#1-3), only B 1 (#4), neither 1 (#5). */
export const GRADES: Record<string, Record<Split, Grades>> = {
  // #6 of train is A's alone, #6 of test is B's alone: the same index, never a shared example.
  [SPLIT_A]: { train: { 0: 1, 1: 1, 2: 1, 3: 1, 4: 0, 5: 0, 6: 1 }, test: { 0: 1, 1: 0, 2: 0, 3: 0 } },
  // Test: both full on #0, B higher on #1-3 with half credit (a partial score: the paired test applies).
  [SPLIT_B]: { train: { 0: 1, 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 }, test: { 0: 1, 1: 0.5, 2: 0.5, 3: 0.5, 6: 1 } },
  [TRAIN_ONLY_C]: { train: { 0: 0, 1: 1, 2: 0, 3: 1, 4: 0, 5: 1 }, test: {} },
};

const USAGE = { inputTokens: 40, outputTokens: 8, cachedInputTokens: 0, reasoningTokens: 0 };

const mean = (grades: Grades): number => {
  const scores = Object.values(grades).filter((s): s is number => s !== null);
  return scores.reduce((sum, s) => sum + s, 0) / Math.max(1, scores.length);
};

export interface SplitRun {
  runId: string;
  a: string;
  b: string;
  c: string;
}

export function seedSplitCompareRun(store: RunStore): SplitRun {
  const runId = store.createRun({ kind: 'instructions', dataset: 'gsm8k', scorer: 'openai:gpt-4o-mini', optimizer: 'openai:gpt-4o', config: { command: 'optimize', flags: {} } });
  store.setStatus(runId, 'running', null);
  const record = store.recorder(runId);
  const emit = (event: EngineEvent<unknown>): void => record(event);
  emit({ type: 'run-started', problem: 'instructions', steps: 1, candidatesPerStep: 3 });
  emit({ type: 'evaluation-started', step: 0, candidates: 3 });
  for (const [instruction, splits] of Object.entries(GRADES)) {
    const key = md5(instruction);
    for (const split of ['train', 'test'] as const) {
      for (const [index, score] of Object.entries(splits[split])) {
        emit({
          type: 'problem', step: 0,
          event: {
            type: 'example-evaluated', key, split, exampleIndex: Number(index),
            input: `${split} question ${index}\n${instruction}`, expected: String(Number(index) * 11),
            output: score === null ? null : `answer ${index}`, score, feedback: null,
            outcome: score === null ? 'timeout' : 'answered', errorMessage: null, fields: { prediction: null },
            usage: USAGE, cached: false, latencyMs: 10,
          },
        });
      }
    }
    emit({ type: 'candidate-scored', step: 0, entry: { solution: instruction, key, score: mean(splits.train), step: 0 } });
    if (Object.keys(splits.test).length > 0) {
      emit({ type: 'problem', step: 1, event: { type: 'test-evaluated', key, score: mean(splits.test), n: Object.keys(splits.test).length } });
    }
  }
  emit({ type: 'run-finished', status: 'completed', reason: 'ran 1 step', best: null, stepsCompleted: 1 });
  record.close();
  store.setStatus(runId, 'completed', 'ran 1 step');
  return { runId, a: md5(SPLIT_A), b: md5(SPLIT_B), c: md5(TRAIN_ONLY_C) };
}

/** The split run in a fresh store, served by a dashboard on 127.0.0.1 (see splitDashboard). */
export interface SplitDashboard {
  readonly port: number;
  readonly store: RunStore;
  readonly run: SplitRun;
}

/**
 * Call inside a describe: before its tests, seeds the split run in a fresh store and starts a
 * dashboard on it; after them, stops both and removes the store. The split tests of the Examples
 * and Compare views (API and Chromium) share this setup.
 */
export function splitDashboard(): SplitDashboard {
  let state: { server: DashboardServer; store: RunStore; run: SplitRun; cleanup: () => void } | undefined;
  const ready = (): NonNullable<typeof state> => state ?? assert.fail('the split dashboard is not started yet');
  before(async () => {
    const tmp = tempStorePath();
    const store = RunStore.open(tmp.file);
    const run = seedSplitCompareRun(store);
    const server = await startDashboardServer({ storePath: tmp.file, host: '127.0.0.1', port: 0, pollIntervalMs: 100 });
    state = { server, store, run, cleanup: tmp.cleanup };
  });
  after(async () => {
    await state?.server.close();
    state?.store.close();
    state?.cleanup();
  });
  return {
    get port() { return ready().server.port; },
    get store() { return ready().store; },
    get run() { return ready().run; },
  };
}
