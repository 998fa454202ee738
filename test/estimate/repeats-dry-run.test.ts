/** `--repeats k --dry-run`: the k seeds' runs, each sized on its own split, bound the k real runs together. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dryRun, repeatedDryRun } from '../../src/optimize/dry-run.js';
import { optimizeRepeated } from '../../src/optimize/repeats.js';
import { formatRepeatedDryRun } from '../../src/cli/views/dry-run.js';
import { UsageMeter } from '../../src/models/wrappers/meter.js';
import { answerFor, counted, countedOptimizer, sumsDataset } from './helpers.js';

test('three seeds: the sum of each seed\'s bounds, and the real repeats stay under it', async () => {
  const meter = new UsageMeter();
  const priceFor = meter.priceFor.bind(meter);
  const scorer = counted('scripted:scorer', answerFor);
  const optimizer = countedOptimizer(4);
  // trainRatio 0.3 of 15 examples: the seeds draw different training and held-out examples.
  const options = { dataset: sumsDataset(15), scorer: scorer.model, optimizer: optimizer.model, trainRatio: 0.3, seed: 5, steps: 2, candidatesPerStep: 3, maxExtraDraws: 1, compareBaselines: true };
  const report = await repeatedDryRun(options, priceFor, 3);
  assert.deepEqual(report.seeds, [5, 6, 7]);
  const single = await Promise.all([5, 6, 7].map((seed) => dryRun({ ...options, seed }, priceFor)));
  assert.equal(report.totalCalls, single.reduce((sum, run) => sum + run.totalCalls, 0));
  assert.deepEqual(report.runs.map((run) => run.calls), single.map((run) => run.calls));

  const result = await optimizeRepeated(options, 3);
  assert.equal(result.runs.length, 3);
  const made = scorer.calls() + optimizer.calls();
  assert.ok(made <= report.totalCalls, `${made} calls made, at most ${report.totalCalls}`);
  assert.ok(scorer.calls() <= report.runs.reduce((sum, run) => sum + run.calls.scorer, 0));
  assert.ok(optimizer.calls() <= report.runs.reduce((sum, run) => sum + run.calls.optimizer, 0));
  assert.match(formatRepeatedDryRun(report, { scorer: 's', optimizer: 'o' }), /--repeats 3 \(seeds 5\.\.7\), all runs together: at most [\d,]+ calls, free/);
});
