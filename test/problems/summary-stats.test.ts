import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatMeanSpread,
  mean,
  meanAndStandardError,
  meanAndStd,
  populationStd,
  standardError,
} from '../../src/util/summary-stats.js';

describe('summary statistics', () => {
  test('mean and population std (ddof = 0)', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(values), 5);
    assert.equal(populationStd(values), 2); // the sample std would be 2.138...
    assert.equal(populationStd([438]), 0);
    assert.ok(Number.isNaN(mean([])));
  });

  test('standard error is population std / sqrt(count), so one value gives ± 0 as in the paper', () => {
    assert.equal(standardError([2, 4, 4, 4, 5, 5, 7, 9]), 2 / Math.sqrt(8));
    assert.deepEqual(meanAndStandardError([438]), { mean: 438, spread: 0, count: 1 });
    assert.equal(formatMeanSpread(meanAndStandardError([438])), '438.0 ± 0.0');
  });

  test('summaries of nothing are null and print as N/A', () => {
    assert.equal(meanAndStd([]), null);
    assert.equal(meanAndStandardError([]), null);
    assert.equal(formatMeanSpread(null), 'N/A');
  });

  test('formatting rounds half to even on the exact value, like numpy', () => {
    assert.equal(formatMeanSpread({ mean: 0.25, spread: 0.35, count: 2 }), '0.2 ± 0.3'); // 0.35 is 0.34999... in binary
    assert.equal(formatMeanSpread({ mean: 5.8, spread: 2.6, count: 5 }), '5.8 ± 2.6');
    assert.equal(formatMeanSpread({ mean: 1 / 3, spread: 2 / 3, count: 3 }, 2), '0.33 ± 0.67');
  });

  test('steps of five runs: mean ± std as the paper computes them', () => {
    const summary = meanAndStd([3, 4, 4, 6, 3]);
    assert.ok(summary);
    assert.equal(summary.mean, 4);
    assert.ok(Math.abs(summary.spread - Math.sqrt(1.2)) < 1e-12);
    assert.equal(formatMeanSpread(summary), '4.0 ± 1.1');
  });
});
