/**
 * A run's own view: an instruction run scored by a task's metric reads as a score named after the
 * metric; a paper run, a task graded by the answer metric and a kind without viewFor keep their view.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinKinds } from '../../src/kinds/builtin.js';
import { measureLabel, recordedTaskMetric, scoreMeasure } from '../../src/problems/instructions/measure.js';

describe("a run's view follows its task's metric", () => {
  const kinds = builtinKinds();

  test('a task scored by its own metric: a score named after the metric, still with Wilson intervals (on the mean)', () => {
    const view = kinds.view('instructions', { command: 'optimize', task: { name: 't', metric: 'judge' } });
    assert.equal(view.scoreLabel, 'training score (judge)');
    assert.equal(view.measure, 'score (judge)');
    assert.notEqual(view.wilsonIntervals, false, 'Wilson on the mean applies to a mean score in [0, 1] (stats/wilson.ts)');
    assert.equal(view.scoreFormat, 'percent');
  });

  test('a paper run and a task graded by the answer metric keep the accuracy view', () => {
    const paper = kinds.view('instructions');
    assert.equal(paper.scoreLabel, 'training accuracy');
    assert.deepEqual(kinds.view('instructions', { command: 'optimize', flags: {} }), paper);
    // A task graded by answer keeps the accuracy wording; its examples show the raw output (a task's
    // metric reads it, no parsed prediction is recorded) and the data's expected output.
    const answerTask = kinds.view('instructions', { task: { metric: 'answer' } });
    assert.deepEqual({ ...answerTask, exampleLabels: paper.exampleLabels, exampleFields: paper.exampleFields }, paper);
    assert.deepEqual(answerTask.exampleFields, []);
    assert.deepEqual(answerTask.exampleLabels, { input: 'Prompt', output: 'Output', expected: 'Expected' });
    assert.deepEqual(kinds.view('instructions', null), paper);
  });

  test('a metric name too long for a label is left out; other kinds ignore the config', () => {
    const long = 'weighted(judge, contains, regex, max-length)';
    assert.equal(measureLabel(scoreMeasure(long)), 'score');
    assert.equal(kinds.view('instructions', { task: { metric: long } }).scoreLabel, 'training score');
    assert.equal(kinds.view('tsp', { task: { metric: 'judge' } }).scoreLabel, kinds.view('tsp').scoreLabel);
    assert.equal(recordedTaskMetric({ task: { metric: 7 } }), null);
    assert.equal(recordedTaskMetric('not an object'), null);
  });
});
