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
  test('partial scores: normal approximation on the sample standard deviation, clamped to [0, 1]', () => {
    // mean 0.5, sample sd 0.5 * sqrt(4/3) -> margin 1.96 * sd / 2
    const result = meanScoreInterval([0.25, 0.75, 0.25, 0.75])!;
    assert.equal(result.method, 'normal');
    const sd = Math.sqrt((4 * 0.0625) / 3);
    assert.ok(Math.abs(result.low - (0.5 - 1.959963984540054 * sd / 2)) < 1e-12);
    assert.equal(formatMeanScore(result), `50.0% [${(result.low * 100).toFixed(1)}, ${(result.high * 100).toFixed(1)}] n=4`);
    const clamped = meanScoreInterval([0.9, 1, 0.95])!;
    assert.equal(clamped.high, 1);
    assert.equal(meanScoreInterval([]), null);
  });
});
