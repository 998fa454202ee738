import { SHARED_DATASETS } from '../helpers/shared.js';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  BBH_TASKS,
  BUILTIN_FILES,
  DatasetError,
  PAPER_GSM8K_TRAIN_INDICES,
  listBuiltinDatasets,
  loadDataset,
  makeSplit,
} from '../../src/datasets/index.js';

// The shared folder holds the upstream files; nothing is downloaded as long as their hashes match.
const SHARED = SHARED_DATASETS;
const options = { env: { OPRO_DATA_DIR: SHARED } };
// A fetch that fails the test if any load tries the network.
const noNetwork = (() => {
  throw new Error('network used');
}) as unknown as typeof fetch;

const BBH_SIZES: Record<string, number> = { causal_judgement: 187, penguins_in_a_table: 146, snarks: 178 };
const NUMBER_TASKS = ['object_counting', 'multistep_arithmetic_two'];
const BOOLEAN_TASKS = ['boolean_expressions', 'causal_judgement', 'formal_fallacies', 'navigate', 'sports_understanding', 'web_of_lies'];
const TEXT_TASKS = ['dyck_languages', 'word_sorting'];

describe('built-in datasets from the shared folder', () => {
  test('GSM8K: 7,473 train / 1,319 test, gold = text after ####, commas removed', async () => {
    const gsm8k = await loadDataset('gsm8k', { ...options, fetch: noNetwork });
    assert.equal(gsm8k.pool.length, 7473);
    assert.equal(gsm8k.heldOut?.length, 1319);
    assert.equal(gsm8k.answerType, 'number');
    assert.equal(gsm8k.multipleChoice, false);
    assert.equal(gsm8k.forbidDigitsInInstructions, true);
    assert.equal(gsm8k.taskDescription, 'grade school math');

    const raw = JSON.parse(readFileSync(join(SHARED, 'gsm8k/train.jsonl'), 'utf8').split('\n')[0] ?? '');
    assert.equal(gsm8k.pool[0]?.question, raw.question);
    assert.equal(gsm8k.pool[0]?.target, '72');
    assert.equal(gsm8k.pool[0]?.index, 0);
    assert.equal(gsm8k.pool[7472]?.index, 7472);
    // Thousands separators disappear from targets.
    const withComma = readFileSync(join(SHARED, 'gsm8k/train.jsonl'), 'utf8')
      .split('\n')
      .findIndex((line) => /####\s*-?\d{1,3},\d{3}/.test(line));
    assert.ok(withComma >= 0);
    assert.match(gsm8k.pool[withComma]?.target ?? '', /^-?\d{4,}$/);
    const testRaw = JSON.parse(readFileSync(join(SHARED, 'gsm8k/test.jsonl'), 'utf8').split('\n')[0] ?? '');
    assert.equal(gsm8k.heldOut?.[0]?.question, testRaw.question);
    assert.equal(gsm8k.heldOut?.[0]?.target, '18');
    assert.match(gsm8k.contentHash, /^[0-9a-f]{64}$/);
    assert.match(gsm8k.source, /grade-school-math.*train\.jsonl/);

    const split = makeSplit(gsm8k);
    assert.deepEqual(split.train.map((e) => e.index), PAPER_GSM8K_TRAIN_INDICES);
    // The held-out file, not the rest of the pool.
    assert.equal(split.test[0]?.question, gsm8k.heldOut?.[0]?.question);
    assert.equal(split.test.length, 1319);
  });

  test('all 27 BBH tasks load with their counts and answer types', async () => {
    assert.equal(BBH_TASKS.length, 27);
    for (const task of BBH_TASKS) {
      const dataset = await loadDataset(`bbh/${task}`, { dataDir: SHARED, fetch: noNetwork });
      const raw = JSON.parse(readFileSync(join(SHARED, 'bbh', `${task}.json`), 'utf8')) as {
        examples: Array<{ input: string; target: string }>;
      };
      assert.equal(dataset.id, `bbh/${task}`);
      assert.equal(dataset.pool.length, BBH_SIZES[task] ?? 250, task);
      assert.equal(dataset.heldOut, null);
      const last = dataset.pool.length - 1;
      assert.equal(dataset.pool[last]?.question, raw.examples[last]?.input, task);
      assert.equal(dataset.pool[last]?.target, raw.examples[last]?.target, task);
      assert.equal(dataset.taskDescription, task.replaceAll('_', ' '));
      const expected = NUMBER_TASKS.includes(task)
        ? 'number'
        : BOOLEAN_TASKS.includes(task)
          ? 'boolean'
          : TEXT_TASKS.includes(task)
            ? 'text'
            : 'choice';
      assert.equal(dataset.answerType, expected, task);
      assert.equal(dataset.multipleChoice, expected === 'choice', task);
      assert.equal(dataset.forbidDigitsInInstructions, false);
      if (expected === 'choice') assert.match(dataset.pool[0]?.target ?? '', /^\([A-R]\)$/, task);
      assert.equal(makeSplit(dataset).train.length, Math.trunc(0.2 * dataset.pool.length));
    }
  });

  test('BBH spot check: navigate and sports_understanding', async () => {
    const navigate = await loadDataset('bbh/navigate', options);
    assert.equal(navigate.taskDescription, 'navigate');
    assert.ok(['Yes', 'No'].includes(navigate.pool[0]?.target ?? ''));
    const sports = await loadDataset('bbh/sports_understanding', options);
    assert.equal(sports.taskDescription, 'sports understanding');
  });

  test('MultiArith: 600 problems, trimmed question, integer gold', async () => {
    const multiarith = await loadDataset('multiarith', { ...options, fetch: noNetwork });
    const raw = JSON.parse(readFileSync(join(SHARED, 'multiarith/MultiArith.json'), 'utf8')) as Array<{
      sQuestion: string;
      lSolutions: number[];
    }>;
    assert.equal(multiarith.pool.length, 600);
    assert.equal(multiarith.heldOut, null);
    assert.equal(multiarith.answerType, 'number');
    assert.ok(raw[0]?.sQuestion.startsWith(' '));
    assert.equal(multiarith.pool[0]?.question, raw[0]?.sQuestion.trim());
    assert.equal(multiarith.pool[0]?.target, '39');
    assert.ok(multiarith.pool.every((e) => /^-?\d+$/.test(e.target)));
  });

  test('AQuA: 254 questions with options appended and a letter as gold', async () => {
    const aqua = await loadDataset('aqua', { ...options, fetch: noNetwork });
    assert.equal(aqua.pool.length, 254);
    assert.equal(aqua.answerType, 'choice');
    assert.equal(aqua.multipleChoice, true);
    const raw = JSON.parse(readFileSync(join(SHARED, 'aqua/test.json'), 'utf8').split('\n')[0] ?? '') as {
      question: string;
      correct: string;
    };
    const first = aqua.pool[0];
    assert.equal(first?.target, raw.correct);
    assert.equal(first?.target, 'A');
    assert.ok(first?.question.startsWith(`${raw.question}\n(A)5(√3 + 1)\n(B)`));
    assert.ok(first?.question.endsWith("\n(E)None of these\nWhat's the answer in (A) (B) (C) (D) (E)?"));
  });

  test('listBuiltinDatasets names 30 datasets, each with registered files', () => {
    const list = listBuiltinDatasets();
    assert.equal(list.length, 30);
    assert.deepEqual(list.slice(0, 3).map((d) => d.id), ['gsm8k', 'multiarith', 'aqua']);
    for (const info of list) {
      assert.ok(BUILTIN_FILES.has(info.poolFile), info.id);
      if (info.heldOutFile) assert.ok(BUILTIN_FILES.has(info.heldOutFile), info.id);
    }
    assert.equal(BUILTIN_FILES.size, 31);
  });

  test('names are matched case-insensitively for built-ins', async () => {
    const aqua = await loadDataset('AQuA', options);
    assert.equal(aqua.id, 'aqua');
  });

  test('unknown names and tasks list the valid ones', async () => {
    await assert.rejects(loadDataset('bbh/navigation', options), (error: Error) => {
      assert.ok(error instanceof DatasetError);
      for (const task of BBH_TASKS) assert.ok(error.message.includes(task), task);
      return true;
    });
    await assert.rejects(loadDataset('mmlu', options), (error: Error) => {
      assert.match(error.message, /Unknown dataset 'mmlu'/);
      assert.match(error.message, /gsm8k, multiarith, aqua/);
      assert.ok(error.message.includes('word_sorting'));
      assert.match(error.message, /\.jsonl, \.ndjson, \.csv, \.json/);
      return true;
    });
  });
});
