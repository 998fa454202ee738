/**
 * Exemplar selection step by step: the frequency criteria's Counter order (CPython set order) and
 * current_most_frequent's draws from numpy's unseeded global stream.
 *
 * Expected values were computed by CPython 3.11 + numpy 1.24 running the reference's selection lines
 * (opt_utils.run_evolution: Counter over `set(list(df.index))`, `sorted(..., key=-count)`,
 * `np.random.choice` without reseeding) after `main()`'s split draws. A stream state is numpy's
 * `get_state()`: [pos, key[0], key[623], sum(key) mod 2**32].
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LegacyRandomState } from '../../src/datasets/numpy-random.js';
import { trainIndices } from '../../src/datasets/splits.js';
import type { Dataset } from '../../src/datasets/types.js';
import { prepareSplit } from '../../src/optimize/optimize.js';
import { globalRandomAfterSplit } from '../../src/problems/instructions/exemplars-global-random.js';
import { selectExemplars, WrongAnswerCounter, wrongSetOrder, type ExemplarSelectionInput } from '../../src/problems/instructions/exemplars.js';

type StreamState = [number, number, number, number];

function streamState(random: LegacyRandomState): StreamState {
  const { key, pos } = random.getState();
  const sum = key.reduce((total, word) => (total + word) % 2 ** 32, 0);
  return [pos, key[0] as number, key[623] as number, sum];
}

/** [pool, training subset size, numpy state after main()'s train draw and size-0 evaluation draw] */
const AFTER_SPLIT: [number, number, StreamState][] = [
  [7473, 261, [228, 3414263779, 792157112, 3355981882]],
  [250, 50, [620, 2443250962, 1678096082, 3748913386]],
  [187, 37, [488, 2443250962, 1678096082, 3748913386]],
  [300, 30, [148, 1499117434, 3277342478, 2643230745]],
];

const TRAIN = [12, 15, 22, 52, 74, 90, 103, 108, 116, 124, 129, 136, 164, 184, 188, 190, 194, 206, 208, 221, 222, 229, 230, 234, 239, 248, 270, 286, 290, 295];

/** Wrong training questions of instructions 0..7 (ascending): (i * 37 + k * 101) % 17 < 6 + k % 4. */
const WRONG: number[][] = Array.from({ length: 8 }, (_, k) => TRAIN.filter((i) => (i * 37 + k * 101) % 17 < 6 + (k % 4)));

/** Per step: [instructions shown, exemplars, drew from the stream, how many tie at the top, state after] */
const CURRENT_STEPS: [number[], number[], boolean, number, StreamState][] = [
  [[0], [108, 136, 194], true, 14, [164, 1499117434, 3277342478, 2643230745]],
  [[0, 1], [12, 74, 290], true, 12, [176, 1499117434, 3277342478, 2643230745]],
  [[1, 0, 2], [12, 52, 222], true, 9, [185, 1499117434, 3277342478, 2643230745]],
  [[2, 1, 0, 3], [222, 239, 290], true, 8, [192, 1499117434, 3277342478, 2643230745]],
  [[3, 2, 4], [184, 190, 229], true, 8, [200, 1499117434, 3277342478, 2643230745]],
  [[5, 5], [229, 230, 234], true, 10, [212, 1499117434, 3277342478, 2643230745]],
  [[6, 7], [15, 270, 286], true, 11, [228, 1499117434, 3277342478, 2643230745]],
  [[0, 1, 2, 3, 4, 5, 6, 7], [229, 234, 206], false, 1, [228, 1499117434, 3277342478, 2643230745]],
];

/** After instruction k is counted (step k): [k, first 12 of the ranking, exemplars drawn with seed k] */
const ACCUMULATIVE: [number, number[], number[]][] = [
  [0, [194, 290, 103, 136, 295, 74, 234, 108, 12, 239, 52, 188], [12, 234, 295]],
  [1, [194, 290, 103, 295, 74, 234, 108, 12, 239, 52, 188, 222], [12, 221, 295]],
  [2, [194, 290, 103, 234, 12, 239, 52, 188, 222, 295, 74, 108], [12, 190, 229]],
  [3, [194, 290, 103, 234, 239, 52, 188, 222, 12, 229, 206, 295], [15, 74, 286]],
  [4, [194, 234, 290, 103, 239, 52, 188, 222, 229, 206, 12, 116], [15, 194, 230]],
  [5, [234, 194, 229, 206, 290, 103, 239, 52, 188, 222, 116, 184], [15, 229, 230]],
  [6, [234, 229, 206, 194, 116, 184, 190, 286, 290, 103, 239, 52], [12, 234, 286]],
  [7, [229, 234, 206, 116, 184, 190, 286, 194, 290, 103, 239, 52], [12, 206, 234]],
];

/** Wrong sets [200, 8] then [8, 40, 72]: fewer questions than exemplars, listed most-often-wrong first. */
const ACCUMULATIVE_SMALL = [8, 200, 40, 72];

function input(overrides: Partial<ExemplarSelectionInput>): ExemplarSelectionInput {
  return {
    selection: 'current_most_frequent', step: 0, count: 3, trainIndices: TRAIN, wrongSinceStart: new Map(),
    wrongByShownInstruction: [], globalRandom: new LegacyRandomState(0), ...overrides,
  };
}

describe('numpy global stream after the split', () => {
  test('equals numpy after the train draw and the size-0 evaluation draw (GSM8K, BBH, BBH causal_judgement, a user pool)', () => {
    for (const [poolSize, trainSize, state] of AFTER_SPLIT) {
      assert.deepEqual(streamState(globalRandomAfterSplit({ seed: 0, poolSize, trainSize })), state, `${poolSize}/${trainSize}`);
    }
  });

  test('the size-0 evaluation draw is not skipped: it moves the stream', () => {
    const onlyTrain = new LegacyRandomState(0);
    onlyTrain.choice(300, 30, false);
    assert.notDeepEqual(streamState(onlyTrain), AFTER_SPLIT[3]?.[2]);
  });

  test('the training subset is that same draw', () => {
    assert.deepEqual(trainIndices(300, 0.1, 0), TRAIN);
  });

  test('a run starts the stream from its own split: the paper indices are a seed-0 draw whatever --seed says', async () => {
    const pool = Array.from({ length: 7473 }, (_, index) => ({ index, question: `q${index}`, target: '1' }));
    const gsm8k = { id: 'gsm8k', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: true, taskDescription: 'math', pool, heldOut: null, contentHash: 'x', source: 'memory' } as Dataset;
    const paper = await prepareSplit({ dataset: gsm8k }, { trainRatio: null, seed: 5, paperTrainIndices: true });
    assert.deepEqual(paper.splitDraws, { seed: 0, poolSize: 7473, trainSize: 261 });
    const drawn = await prepareSplit({ dataset: gsm8k }, { trainRatio: 0.01, seed: 5, paperTrainIndices: false });
    assert.deepEqual(drawn.splitDraws, { seed: 5, poolSize: 7473, trainSize: 74 });
  });
});

describe('current_most_frequent', () => {
  test('draws without reseeding: exemplars and the stream position at every step', () => {
    const globalRandom = globalRandomAfterSplit({ seed: 0, poolSize: 300, trainSize: 30 });
    const bySetOrder = WRONG.map((wrong) => wrongSetOrder(wrong));
    CURRENT_STEPS.forEach(([shown, exemplars, drew, , state], step) => {
      const before = streamState(globalRandom);
      const picked = selectExemplars(input({ step, globalRandom, wrongByShownInstruction: shown.map((k) => bySetOrder[k] as number[]) }));
      assert.deepEqual(picked, exemplars, `step ${step} exemplars`);
      assert.deepEqual(streamState(globalRandom), state, `step ${step} stream`);
      assert.equal(before[0] !== state[0], drew, `step ${step}: a draw moves the stream, taking the ranking does not`);
    });
  });

  test('with no wrong answers at all nothing is shown and nothing is drawn', () => {
    const globalRandom = new LegacyRandomState(0);
    assert.deepEqual(selectExemplars(input({ globalRandom, wrongByShownInstruction: [[], []] })), []);
    assert.deepEqual(streamState(globalRandom), streamState(new LegacyRandomState(0)));
  });
});

describe('accumulative_most_frequent', () => {
  test('the Counter keeps first-counted order with each instruction counted in set order; seeded draws from that ranking', () => {
    const counter = new WrongAnswerCounter();
    for (const [k, rankedHead, exemplars] of ACCUMULATIVE) {
      counter.countInstruction(wrongSetOrder(WRONG[k] as number[]));
      const picked = selectExemplars(input({ selection: 'accumulative_most_frequent', step: k, wrongSinceStart: counter.counts }));
      assert.deepEqual(picked, exemplars, `step ${k}`);
      const ranked = [...counter.counts.entries()].map(([index, n], order) => ({ index, n, order }))
        .sort((a, b) => b.n - a.n || a.order - b.order).map((e) => e.index);
      assert.deepEqual(ranked.slice(0, 12), rankedHead, `ranking after instruction ${k}`);
    }
  });

  test('fewer wrong questions than exemplars: all of them, most often wrong first, unsorted', () => {
    const counter = new WrongAnswerCounter();
    counter.countInstruction(wrongSetOrder([200, 8]));
    counter.countInstruction(wrongSetOrder([8, 40, 72]));
    const picked = selectExemplars(input({ selection: 'accumulative_most_frequent', count: 5, wrongSinceStart: counter.counts }));
    assert.deepEqual(picked, ACCUMULATIVE_SMALL);
  });
});
