/** A metric spec in a few words, as report headers, `opro runs show` and the export card print it. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMetric, metricLabel } from '../../src/metrics/describe.js';

describe('describeMetric', () => {
  test('a weighted judge and length check: each part with its share of the weight', () => {
    const spec = {
      type: 'weighted' as const,
      parts: [
        { weight: 0.7, metric: { type: 'judge' as const, rubricFile: './rubric.md', scale: [1, 5] as [number, number] } },
        { weight: 0.3, metric: { type: 'max-length' as const, max: 80, unit: 'words' as const } },
      ],
    };
    assert.equal(describeMetric(spec), 'judge (rubric.md, scale 1-5) 0.7 + max-length 80 words 0.3');
    assert.deepEqual(metricLabel(spec), { description: 'judge (rubric.md, scale 1-5) 0.7 + max-length 80 words 0.3', accuracy: false });
  });

  test('weights are shown as the shares they are (2 and 1 are 0.67 and 0.33); nested mixes in parentheses', () => {
    const spec = {
      type: 'weighted' as const,
      parts: [
        { weight: 2, metric: { type: 'token-f1' as const } },
        { weight: 1, metric: { type: 'weighted' as const, parts: [{ weight: 1, metric: { type: 'contains' as const, value: 'sorry' } }] } },
      ],
    };
    assert.equal(describeMetric(spec), 'token-f1 vs the target 0.67 + (contains "sorry" 1) 0.33');
  });

  test('the answer metric is an accuracy; every other metric is a score', () => {
    assert.deepEqual(metricLabel({ type: 'answer' }), { description: 'answer (fixed grading)', accuracy: true });
    assert.equal(metricLabel({ type: 'js', module: './lib/metric.mjs' }).description, 'js (metric.mjs)');
    assert.equal(metricLabel({ type: 'js', module: './metric.mjs' }).accuracy, false);
    assert.equal(describeMetric({ type: 'judge', rubric: 'Be kind.' }), 'judge (inline rubric)');
    assert.equal(describeMetric({ type: 'json-field', pointer: '/label', field: 'label' }), 'json-field /label = {{label}}');
  });
});
