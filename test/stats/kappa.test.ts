import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agreement, cohensKappa, type AgreementPair } from '../../src/stats/kappa.js';

function pairs(table: Array<[string, string, number]>): AgreementPair[] {
  return table.flatMap(([first, second, count]) => Array.from({ length: count }, () => ({ first, second })));
}

describe("Cohen's kappa", () => {
  test('the textbook 2x2 example: 20/5/10/15 gives 0.4', () => {
    // Wikipedia's example: po = 0.7, pe = 0.5 -> kappa 0.4.
    const data = pairs([['yes', 'yes', 20], ['yes', 'no', 5], ['no', 'yes', 10], ['no', 'no', 15]]);
    assert.ok(Math.abs((cohensKappa(data) ?? NaN) - 0.4) < 1e-12);
  });
  test('three categories: a hand-computed value', () => {
    // po = (5+4+3)/16 = 0.75; row totals 6,5,5; column totals 6,6,4; pe = (36+30+20)/256.
    const data = pairs([['a', 'a', 5], ['a', 'b', 1], ['b', 'b', 4], ['b', 'c', 1], ['c', 'c', 3], ['c', 'b', 1], ['c', 'a', 1]]);
    const pe = (6 * 6 + 5 * 6 + 5 * 4) / 256;
    assert.ok(Math.abs((cohensKappa(data) ?? NaN) - (0.75 - pe) / (1 - pe)) < 1e-12);
  });
  test('perfect agreement is 1, systematic disagreement is negative, one shared label is undefined', () => {
    assert.equal(cohensKappa(pairs([['p', 'p', 3], ['f', 'f', 2]])), 1);
    assert.ok((cohensKappa(pairs([['p', 'f', 3], ['f', 'p', 3]])) ?? 0) < 0);
    assert.equal(cohensKappa(pairs([['p', 'p', 4]])), null);
    assert.equal(cohensKappa([]), null);
  });
});

describe('agreement with a bootstrap interval', () => {
  const data = pairs([['yes', 'yes', 20], ['yes', 'no', 5], ['no', 'yes', 10], ['no', 'no', 15]]);
  test('the interval holds the estimate, lies in [-1, 1], and is reproducible for a seed', () => {
    const result = agreement(data, { seed: 7 });
    assert.equal(result.n, 50);
    assert.equal(result.accuracy, 0.7);
    assert.ok(result.interval);
    const { low, high } = result.interval!;
    assert.ok(low < 0.4 && 0.4 < high, `${low} ${high}`);
    assert.ok(low >= -1 && high <= 1);
    assert.deepEqual(agreement(data, { seed: 7 }), result);
  });
  test('more items give a narrower interval', () => {
    const small = agreement(pairs([['yes', 'yes', 4], ['yes', 'no', 1], ['no', 'yes', 2], ['no', 'no', 3]]), { seed: 1 });
    const large = agreement(data.concat(data, data, data), { seed: 1 });
    const width = (a: typeof small): number => (a.interval ? a.interval.high - a.interval.low : Infinity);
    assert.ok(width(large) < width(small));
  });
  test('no interval when kappa is undefined', () => {
    assert.equal(agreement(pairs([['p', 'p', 5]])).interval, null);
  });
});
