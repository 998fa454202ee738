import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMeanScore, meanScoreInterval } from '../../src/stats/mean-interval.js';
import { wilsonInterval } from '../../src/stats/wilson.js';

describe('mean score intervals', () => {
  test('0/1 scores are a proportion: the Wilson interval', () => {
    const result = meanScoreInterval([1, 0, 1, 1, 0, 1, 1, 1, 1, 0])!;
    const wilson = wilsonInterval(7, 10);
    assert.equal(result.method, 'wilson');
    assert.equal(result.mean, 0.7);
    assert.deepEqual([result.low, result.high], [wilson.lower, wilson.upper]);
  });
  test('partial scores: Wilson applied to the mean (the same interval the store-based views compute from mean and n)', () => {
    const result = meanScoreInterval([0.25, 0.75, 0.25, 0.75])!;
    assert.equal(result.method, 'wilson');
    // p = 0.5, n = 4, z² = 3.8415: centre 0.5, half 1.96·sqrt(0.0625 + 3.8415/64) / (1 + 3.8415/4) = 1.96·0.35003 / 1.96037 = 0.34996.
    assert.equal(result.low.toFixed(4), '0.1500');
    assert.equal(result.high.toFixed(4), '0.8500');
    assert.equal(formatMeanScore(result), '50.0% [15.0, 85.0] n=4');
    assert.equal(meanScoreInterval([]), null);
  });
});
