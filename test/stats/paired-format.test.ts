import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePaired, formatAccuracy, formatComparison, formatPValue, formatSignificance, overfitGap } from '../../src/stats/index.js';

/** index -> correct for the given indices; `right` says which are correct. */
function outcomes(indices: number[], right: (i: number) => boolean): Map<number, boolean> {
  return new Map(indices.map((i) => [i, right(i)]));
}
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('paired comparison', () => {
  test('only examples answered under both instructions count', () => {
    // First answered 0..99 (right on 0..79); second answered 20..119 only (right on 20..49).
    const first = outcomes(range(0, 100), (i) => i < 80);
    const second = outcomes(range(20, 120), (i) => i < 50);
    const c = comparePaired(first, second);
    assert.deepEqual(c.first, { k: 60, n: 80 }, 'first over 20..99: right on 20..79');
    assert.deepEqual(c.second, { k: 30, n: 80 }, 'second over 20..99: right on 20..49');
    assert.deepEqual(c.discordant, { b: 30, c: 0 });
    assert.equal(c.method, 'chi-square-cc');
    assert.equal(c.significant, true);
  });

  test('an example answered wrong is still an answered example; a missing one is not', () => {
    const first = new Map([[1, true], [2, false], [3, true]]);
    const second = new Map([[1, false], [2, false]]);
    const c = comparePaired(first, second);
    assert.deepEqual(c.first, { k: 1, n: 2 });
    assert.deepEqual(c.second, { k: 0, n: 2 });
    assert.deepEqual(c.discordant, { b: 1, c: 0 });
    assert.equal(c.pValue, 1);
    assert.equal(c.significant, false);
  });
});

describe('formatting', () => {
  test('formatAccuracy: accuracy, Wilson interval, n', () => {
    assert.equal(formatAccuracy(947, 1319), '71.8% [69.3, 74.2] n=1319');
    assert.equal(formatAccuracy(0, 10), '0.0% [0.0, 27.8] n=10');
    assert.equal(formatAccuracy(0, 0), 'n/a n=0');
  });

  test('p-values: two significant digits, never rounded up across 0.05', () => {
    assert.equal(formatPValue(0.4123), 'p = 0.41');
    assert.equal(formatPValue(0.00312), 'p = 0.0031');
    assert.equal(formatPValue(0.0499), 'p = 0.0499');
    assert.equal(formatPValue(0.0004), 'p < 0.001');
    assert.equal(formatPValue(1), 'p = 1');
  });

  test('plain sentences: significant, within noise, significantly worse', () => {
    const strong = comparePaired(outcomes(range(0, 100), (i) => i < 80), outcomes(range(0, 100), (i) => i < 50));
    assert.equal(formatSignificance(strong), 'significant (p < 0.001, McNemar chi-square, n = 100)');
    assert.equal(formatComparison(strong), '80.0% vs 50.0% (+30.0 points): significant (p < 0.001, McNemar chi-square, n = 100)');
    const weak = comparePaired(outcomes(range(0, 150), (i) => i < 80), outcomes(range(0, 150), (i) => i < 77));
    assert.equal(formatSignificance(weak), 'not significant: the gain is within noise (p = 0.25, McNemar exact, n = 150)');
    const worse = comparePaired(outcomes(range(0, 100), (i) => i < 50), outcomes(range(0, 100), (i) => i < 80));
    assert.match(formatSignificance(worse), /^significantly worse \(p < 0\.001/);
    const none = comparePaired(new Map([[1, true]]), new Map([[2, true]]));
    assert.match(formatSignificance(none), /no example was answered under both/);
  });

  test('overfitting gap: train accuracy more than 10 points above the held-out upper bound', () => {
    // 21/60 held out: Wilson upper 0.4764.
    const check = overfitGap(1.0, 21, 60);
    assert.ok(check && Math.abs(check.testUpper - 0.4764) < 1e-4 && check.gap > 0.5);
    assert.equal(overfitGap(0.55, 21, 60), null, '7.4 points above the upper end: within the margin');
    assert.equal(overfitGap(0.9, 54, 60), null);
    assert.equal(overfitGap(1.0, 0, 0), null, 'nothing answered: nothing to say');
  });
});
