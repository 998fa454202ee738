import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import {
  BBH_TASKS,
  PAPER_GSM8K_EXEMPLAR_INDICES_BY_STEP,
  exemplarIndices,
  makeSplit,
  paperTrainIndices,
  trainIndices,
  type Dataset,
  type DatasetExample,
} from '../../src/datasets/index.js';
import {
  PAPER_BBH_250_TRAIN_INDICES,
  PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES,
  PAPER_BBH_PENGUINS_TRAIN_INDICES,
  PAPER_BBH_SNARKS_TRAIN_INDICES,
  PAPER_GSM8K_TRAIN_INDICES,
} from '../../src/datasets/paper-indices.js';

function fakeDataset(id: string, poolSize: number, heldOutSize?: number): Dataset {
  const examples = (n: number, tag: string): DatasetExample[] =>
    Array.from({ length: n }, (_, index) => ({ index, question: `${tag}${index}`, target: String(index) }));
  return {
    id,
    answerType: 'text',
    multipleChoice: false,
    forbidDigitsInInstructions: false,
    taskDescription: id,
    pool: examples(poolSize, 'q'),
    heldOut: heldOutSize === undefined ? null : examples(heldOutSize, 'test'),
    contentHash: 'x',
    source: 'memory',
  };
}

describe('Appendix A vectors', () => {
  test('shipped lists have the published sizes', () => {
    assert.equal(PAPER_GSM8K_TRAIN_INDICES.length, 261);
    assert.equal(PAPER_BBH_250_TRAIN_INDICES.length, 50);
    assert.equal(PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES.length, 37);
    assert.equal(PAPER_BBH_PENGUINS_TRAIN_INDICES.length, 29);
    assert.equal(PAPER_BBH_SNARKS_TRAIN_INDICES.length, 35);
    assert.deepEqual(PAPER_GSM8K_TRAIN_INDICES.slice(0, 5), [29, 33, 38, 39, 42]);
    assert.equal(PAPER_GSM8K_TRAIN_INDICES.at(-1), 7443);
  });

  test('the numpy port reproduces every published training subset', () => {
    assert.deepEqual(trainIndices(7473, 0.035), PAPER_GSM8K_TRAIN_INDICES);
    assert.deepEqual(trainIndices(250, 0.2), PAPER_BBH_250_TRAIN_INDICES);
    assert.deepEqual(trainIndices(187, 0.2), PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES);
    assert.deepEqual(trainIndices(146, 0.2), PAPER_BBH_PENGUINS_TRAIN_INDICES);
    assert.deepEqual(trainIndices(178, 0.2), PAPER_BBH_SNARKS_TRAIN_INDICES);
  });

  test('the numpy port reproduces the GSM8K exemplars of steps 0-4', () => {
    const train = trainIndices(7473, 0.035);
    const steps = [0, 1, 2, 3, 4].map((step) => exemplarIndices(train, 3, step, 'random'));
    assert.deepEqual(steps, PAPER_GSM8K_EXEMPLAR_INDICES_BY_STEP);
    assert.deepEqual(steps[0], [3013, 4732, 6575]);
    assert.deepEqual(steps[1], [3140, 3213, 5379]);
  });

  test("'constant' exemplars reseed with 0 at every step", () => {
    const train = trainIndices(7473, 0.035);
    const first = exemplarIndices(train, 3, 0, 'constant');
    assert.deepEqual(exemplarIndices(train, 3, 7, 'constant'), first);
    assert.deepEqual(first, PAPER_GSM8K_EXEMPLAR_INDICES_BY_STEP[0]);
    assert.notDeepEqual(exemplarIndices(train, 3, 7, 'random'), first);
  });

  test('a training subset smaller than the exemplar count yields all of it', () => {
    assert.deepEqual(exemplarIndices([9, 4], 3, 5), [4, 9]);
  });

  test('paperTrainIndices covers GSM8K and every BBH task, and nothing else', () => {
    assert.deepEqual(paperTrainIndices('gsm8k'), PAPER_GSM8K_TRAIN_INDICES);
    assert.deepEqual(paperTrainIndices('bbh/navigate'), PAPER_BBH_250_TRAIN_INDICES);
    assert.deepEqual(paperTrainIndices('bbh/causal_judgement'), PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES);
    assert.deepEqual(paperTrainIndices('bbh/penguins_in_a_table'), PAPER_BBH_PENGUINS_TRAIN_INDICES);
    assert.deepEqual(paperTrainIndices('bbh/snarks'), PAPER_BBH_SNARKS_TRAIN_INDICES);
    for (const task of BBH_TASKS) assert.ok(paperTrainIndices(`bbh/${task}`), task);
    assert.equal(paperTrainIndices('multiarith'), null);
    assert.equal(paperTrainIndices('aqua'), null);
    assert.equal(paperTrainIndices('bbh/not_a_task'), null);
    assert.equal(paperTrainIndices('file:mine.csv'), null);
  });
});

describe('makeSplit', () => {
  test('GSM8K: 3.5% of the pool for training, the separate test file held out', () => {
    const dataset = fakeDataset('gsm8k', 7473, 1319);
    const split = makeSplit(dataset);
    assert.deepEqual(split.trainIndices, PAPER_GSM8K_TRAIN_INDICES);
    assert.deepEqual(split.train.map((e) => e.index), PAPER_GSM8K_TRAIN_INDICES);
    assert.equal(split.test.length, 1319);
    assert.equal(split.test[0]?.question, 'test0');
  });

  test('BBH: 20% for training, the rest of the pool (in file order) held out', () => {
    const split = makeSplit(fakeDataset('bbh/snarks', 178));
    assert.deepEqual(split.trainIndices, PAPER_BBH_SNARKS_TRAIN_INDICES);
    assert.equal(split.test.length, 178 - 35);
    const testIndices = split.test.map((e) => e.index);
    assert.deepEqual(testIndices, [...testIndices].sort((a, b) => a - b));
    const all = new Set([...split.trainIndices, ...testIndices]);
    assert.equal(all.size, 178);
  });

  test('datasets without a reference fraction use 0.2', () => {
    assert.equal(makeSplit(fakeDataset('multiarith', 600)).train.length, 120);
    assert.equal(makeSplit(fakeDataset('file:mine.jsonl', 10)).train.length, 2);
  });

  test('an explicit ratio and seed change the draw', () => {
    const dataset = fakeDataset('bbh/navigate', 250);
    const half = makeSplit(dataset, { trainRatio: 0.5 });
    assert.equal(half.train.length, 125);
    assert.equal(half.test.length, 125);
    const reseeded = makeSplit(dataset, { seed: 123 });
    assert.deepEqual(reseeded.trainIndices.slice(0, 8), [4, 5, 19, 20, 21, 24, 31, 33]); // numpy, seed 123
    const everything = makeSplit(dataset, { trainRatio: 1 });
    assert.equal(everything.train.length, 250);
    assert.equal(everything.test.length, 0);
  });

  test('the paper preset uses the published lists and falls back to the reference draw', () => {
    assert.deepEqual(makeSplit(fakeDataset('bbh/causal_judgement', 187), { preset: 'paper' }).trainIndices,
      PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES);
    assert.deepEqual(makeSplit(fakeDataset('aqua', 254), { preset: 'paper' }).trainIndices,
      trainIndices(254, 0.2, 0));
  });

  test('the paper preset refuses a ratio or seed, and a pool that does not fit its list', () => {
    const dataset = fakeDataset('bbh/navigate', 250);
    assert.throws(() => makeSplit(dataset, { preset: 'paper', trainRatio: 0.3 }), /paper preset fixes/);
    assert.throws(() => makeSplit(dataset, { preset: 'paper', seed: 1 }), /paper preset fixes/);
    assert.throws(() => makeSplit(fakeDataset('bbh/navigate', 100), { preset: 'paper' }), /only 100 examples/);
  });

  test('a ratio outside (0, 1] or one that selects nothing is an error', () => {
    const dataset = fakeDataset('bbh/navigate', 250);
    for (const bad of [0, -0.1, 1.5, Number.NaN]) {
      assert.throws(() => makeSplit(dataset, { trainRatio: bad }), /greater than 0 and at most 1/, String(bad));
    }
    assert.throws(() => makeSplit(dataset, { trainRatio: 0.001 }), /selects no training example; use a ratio of at least 0.004/);
  });
});
