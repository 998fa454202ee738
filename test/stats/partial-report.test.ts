/**
 * Reports of a task run whose metric gives partial scores: the header names the metric, columns say
 * "score", every mean carries the Wilson-on-the-mean interval, and comparisons use the paired
 * permutation test with the interval of the mean difference. Expected figures are derived in the
 * test from the scripted outcomes (hand arithmetic, printed t table), not copied from a run.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimize } from '../../src/optimize/optimize.js';
import { evaluate } from '../../src/optimize/evaluate.js';
import { formatEvaluateReport, formatOptimizeReport } from '../../src/cli/report.js';
import type { Metric } from '../../src/metrics/types.js';
import type { TaskScoring } from '../../src/problems/instructions/scoring.js';
import { wilsonInterval } from '../../src/stats/wilson.js';
import { INITIAL, runOptions, scorer, sumsDataset } from './helpers.js';

/** Full credit for the right sum; half credit for a wrong one under "Delta plan"; else nothing. */
const halfCredit: Metric = {
  name: 'half-credit',
  async score(output, example) {
    if (output.includes(`is ${example.target}.`)) return { ok: true, score: 1 };
    return { ok: true, score: example.prompt.startsWith('Delta plan') ? 0.5 : 0, feedback: 'wrong sum' };
  },
};
const task: TaskScoring = {
  template: { kind: 'text', text: '{{instruction}}\n{{question}}' },
  metric: halfCredit,
  label: { description: 'half credit (test metric)', accuracy: false },
};
const interval = (k: number, n: number): string => {
  const { lower, upper } = wilsonInterval(k, n);
  return `\\[${(lower * 100).toFixed(1)}, ${(upper * 100).toFixed(1)}\\]`;
};

describe('reports with partial scores', () => {
  test('optimize: metric in the header, "score" columns, Wilson on the mean, permutation comparison with the interval of the difference', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { [INITIAL]: { train: 6, test: 18 }, 'Delta plan': { train: 18, test: 54 } });
    const result = await optimize({ ...runOptions(dataset, s.model, ['Delta plan']), task });
    const report = formatOptimizeReport(result);
    assert.match(report, /training examples, metric: half credit \(test metric\)\n/);
    assert.doesNotMatch(report, /grading: fixed|accuracy/);
    assert.match(report, /best instructions \(train score \| held-out score \| step, init = initial; mean score \[95% Wilson interval on the mean\] n=answered\):/);
    // Delta plan: 18 right + 2 half on train = 19/20; 54 right + 6 half held out = 57/60. Wilson on a
    // mean of k/n is the Wilson interval of k of n.
    assert.match(report, new RegExp(`1\\. 95\\.0% ${interval(19, 20)} n=20 \\| 95\\.0% ${interval(57, 60)} n=60 \\| step 1`));
    assert.match(report, new RegExp(`its held-out score 30\\.0% ${interval(18, 60)} n=60`));
    // Differences: 36 of 1, 6 of 0.5, 18 of 0 -> mean 0.65, sample variance (37.5 - 60 * 0.65²) / 59,
    // t(0.975, 59) = 2.001 -> half-width 0.1172: [+53.3, +76.7]. 42 differ: 20,000 random sign patterns.
    assert.match(report, /winner 95\.0% vs 30\.0% \(\+65\.0 points, 95% CI \[\+53\.3, \+76\.7\]\): significant \(p < 0\.001, paired permutation, 20,000 random sign patterns, n = 60\)/);
    const [c] = result.comparisons;
    assert.equal(c?.method, 'permutation-monte-carlo');
    assert.equal(c?.scores?.nonzero, 42);
  });

  test('evaluate: the header names the metric and the legend says mean score; comparisons by the permutation test', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { A: { train: 0, test: 30 }, 'Delta plan': { train: 0, test: 30 } });
    const result = await evaluate({ dataset, scorer: s.model, instructions: ['A', 'Delta plan'], task, limit: 12 });
    const report = formatEvaluateReport(result);
    assert.match(report, /^dataset file:sums, test split, 12 examples, metric: half credit \(test metric\)\n\(mean score \[95% Wilson interval on the mean\] n=answered\)\n/);
    // Both right on the first 12 held-out sums: nothing differs.
    assert.match(report, /Delta plan: 100\.0% vs 100\.0% \(\+0\.0 points\): not significant: the difference is within noise \(p = 1, McNemar exact, n = 12\)/);
  });

  test('a paper run (no task) keeps "accuracy", "grading: fixed" and McNemar', async () => {
    const dataset = sumsDataset();
    const s = scorer(dataset, { [INITIAL]: { train: 6, test: 18 }, 'Delta plan': { train: 18, test: 54 } });
    const report = formatOptimizeReport(await optimize(runOptions(dataset, s.model, ['Delta plan'])));
    assert.match(report, /training examples, grading: fixed\n/);
    assert.match(report, /best instructions \(train accuracy \| held-out accuracy \| step, init = initial; accuracy \[95% Wilson interval\] n=answered\):/);
    assert.match(report, /McNemar chi-square/);
  });
});
