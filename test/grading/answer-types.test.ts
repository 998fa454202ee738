import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { answerTypeFor } from '../../src/problems/instructions/grading/index.js';
import {
  MULTILINGUAL_DELIMITERS,
  NEXT_QUESTION_DELIMITERS,
  STEP_BY_STEP_ANSWER_DELIMITERS,
} from '../../src/problems/instructions/grading/reference-delimiters.js';

const BBH_DIR = new URL('../../../shared/datasets/bbh/', import.meta.url);

describe('answer types per dataset (spec 6.4)', () => {
  test('GSM8K and MultiArith are numeric, AQuA and MMLU multiple choice', () => {
    assert.equal(answerTypeFor('gsm8k'), 'number');
    assert.equal(answerTypeFor('MultiArith'), 'number');
    assert.equal(answerTypeFor('aqua'), 'choice');
    assert.equal(answerTypeFor('mmlu'), 'choice');
  });
  test('BBH tasks follow the spec table', () => {
    assert.equal(answerTypeFor('bbh', 'object_counting'), 'number');
    assert.equal(answerTypeFor('bbh', 'multistep_arithmetic_two'), 'number');
    assert.equal(answerTypeFor('bbh', 'formal_fallacies'), 'boolean');
    assert.equal(answerTypeFor('bbh', 'web_of_lies'), 'boolean');
    assert.equal(answerTypeFor('bbh', 'ruin_names'), 'choice');
    assert.equal(answerTypeFor('bbh', 'dyck_languages'), 'text');
    assert.equal(answerTypeFor('bbh', 'word_sorting'), 'text');
  });
  test('every BBH task file shipped in the shared datasets has a type', () => {
    const tasks = readdirSync(BBH_DIR).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5));
    assert.equal(tasks.length, 27);
    for (const task of tasks) assert.doesNotThrow(() => answerTypeFor('bbh', task), task);
  });
  test('unknown datasets and tasks are errors, not a silent default', () => {
    assert.throws(() => answerTypeFor('squad'), RangeError);
    assert.throws(() => answerTypeFor('bbh'), RangeError);
    assert.throws(() => answerTypeFor('bbh', 'made_up_task'), RangeError);
  });
});

describe('reference delimiter tables', () => {
  test('eleven languages, then an English copy for each of the ten others, in order', () => {
    const names = MULTILINGUAL_DELIMITERS.map(([language]) => language);
    assert.deepEqual(names.slice(0, 11), ['bn', 'de', 'en', 'es', 'fr', 'ja', 'ru', 'sw', 'te', 'th', 'zh']);
    assert.deepEqual(names.slice(11), ['bn-en', 'de-en', 'es-en', 'fr-en', 'ja-en', 'ru-en', 'sw-en', 'te-en', 'th-en', 'zh-en']);
  });
  test('the next-question list ends with "Q:" and the step-by-step list repeats the English marker', () => {
    assert.equal(NEXT_QUESTION_DELIMITERS.length, 22);
    assert.equal(NEXT_QUESTION_DELIMITERS[NEXT_QUESTION_DELIMITERS.length - 1], 'Q:');
    assert.equal(STEP_BY_STEP_ANSWER_DELIMITERS.filter((marker) => marker === 'Step-by-Step Answer: ').length, 11);
    assert.equal(STEP_BY_STEP_ANSWER_DELIMITERS[1], 'Schritt-f\u00fcr-Schritt-Antwort: ');
  });
});
