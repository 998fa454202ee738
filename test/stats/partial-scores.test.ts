/**
 * Statistics for partial scores (judge rubrics, token F1, weighted metrics): the paired permutation
 * test, the t interval of a mean difference, Wilson on a mean, and the reports that use them. Every
 * expected value is either computed here independently (brute force over all sign patterns, closed
 * forms) or a published/hand-checkable figure, never a number copied from the implementation.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { comparePaired, comparePairedScores, exactBinomialTwoSided, overfitGap, formatComparison, pairedPermutationTest, meanDifferenceInterval, wilsonInterval, wilsonIntervalOfMean, meanScoreInterval, EXACT_MAX_NONZERO } from '../../src/stats/index.js';
import { studentTCdf, studentTQuantile } from '../../src/stats/student-t.js';
import { createRng } from '../../src/util/random.js';

/** Two-sided sign-flip p by the definition: every mask, each sum computed from scratch. */
function bruteForceP(differences: readonly number[]): number {
  const values = differences.filter((d) => d !== 0);
  const observed = Math.abs(values.reduce((s, d) => s + d, 0));
  let atLeast = 0;
  const total = 2 ** values.length;
  for (let mask = 0; mask < total; mask++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += (mask >> i) & 1 ? -(values[i] as number) : (values[i] as number);
    if (Math.abs(sum) >= observed - 1e-9) atLeast += 1;
  }
  return atLeast / total;
}

/** Judge-like scores: multiples of 0.25 (a 1-5 scale) and a few odd F1 values. */
function randomScores(seed: number, n: number): [number, number][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => [rng.int(0, 4) / 4, rng.next() < 0.3 ? Math.round(rng.next() * 1000) / 1000 : rng.int(0, 4) / 4]);
}

describe('paired permutation test', () => {
  test('a hand-enumerated case: differences 0.5, 0.25, -0.25 give 6 of 8 patterns at |sum| >= 0.5', () => {
    const result = pairedPermutationTest([0.5, 0.25, -0.25]);
    assert.equal(result.pValue, 6 / 8);
    assert.equal(result.method, 'permutation-exact');
  });

  test("Darwin's Zea mays data (Fisher 1935, The Design of Experiments §21): 1,726 of 32,768 arrangements, p = 0.0527", () => {
    // Cross- minus self-fertilised heights in eighths of an inch; divided by 100 to look like score
    // differences (the test is scale-free).
    const eighths = [49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48];
    const result = pairedPermutationTest(eighths.map((d) => d / 100));
    assert.equal(result.pValue, 1726 / 32768);
    assert.equal(result.method, 'permutation-exact');
  });

  test('matches the brute-force definition on random judge-like scores, with zeros and ties', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const pairs = randomScores(seed, 4 + (seed % 14));
      const differences = pairs.map(([a, b]) => a - b);
      assert.equal(pairedPermutationTest(differences).pValue, bruteForceP(differences), `seed ${seed}`);
    }
  });

  test('on 0/1 scores it is exactly McNemar’s exact binomial test', () => {
    for (const [b, c] of [[7, 0], [9, 3], [5, 5], [1, 12], [0, 0], [13, 7]] as const) {
      const differences = [...Array(b).fill(1), ...Array(c).fill(-1), 0, 0, 0];
      assert.ok(Math.abs(pairedPermutationTest(differences).pValue - exactBinomialTwoSided(Math.min(b, c), b + c)) < 1e-12, `b=${b} c=${c}`);
    }
  });

  test('above the exact limit, seeded random patterns land within Monte Carlo error of the full enumeration', () => {
    const pairs = randomScores(99, EXACT_MAX_NONZERO + 2).map(([a]) => a);
    const differences = pairs.map((a, i) => (i % 3 === 0 ? a : a - 0.4) || 0.1);
    assert.equal(differences.filter((d) => d !== 0).length, EXACT_MAX_NONZERO + 2);
    const result = pairedPermutationTest(differences);
    assert.equal(result.method, 'permutation-monte-carlo');
    const exact = bruteForceP(differences);
    // 4 standard errors of 20,000 draws.
    assert.ok(Math.abs(result.pValue - exact) < 4 * Math.sqrt((exact * (1 - exact)) / 20000) + 1e-4, `${result.pValue} vs ${exact}`);
    assert.equal(pairedPermutationTest(differences).pValue, result.pValue, 'seeded: the same data give the same p');
  });

  test('no differing example: p = 1', () => {
    assert.equal(pairedPermutationTest([0, 0, 0]).pValue, 1);
    assert.equal(pairedPermutationTest([]).pValue, 1);
  });
});

describe("Student's t and the interval of a mean difference", () => {
  test('97.5% quantiles match the printed t table (any textbook: 12.706, 4.303, 2.571, 2.228, 2.042, 1.984)', () => {
    for (const [df, table] of [[1, 12.706], [2, 4.303], [5, 2.571], [10, 2.228], [30, 2.042], [100, 1.984]] as const) {
      assert.equal(studentTQuantile(0.975, df).toFixed(3), table.toFixed(3), `df ${df}`);
    }
  });

  test('closed forms: df 1 is Cauchy (tan), df 2 is (2p - 1) / sqrt(2p(1 - p))', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      assert.ok(Math.abs(studentTQuantile(p, 1) - Math.tan(Math.PI * (p - 0.5))) < 1e-8);
      assert.ok(Math.abs(studentTQuantile(p, 2) - (2 * p - 1) / Math.sqrt(2 * p * (1 - p))) < 1e-8);
      assert.ok(Math.abs(studentTCdf(Math.tan(Math.PI * (p - 0.5)), 1) - p) < 1e-10);
    }
  });

  test('differences 0.1, 0.2, 0.3: mean 0.2, sd 0.1, half-width 4.303 * 0.1 / sqrt(3)', () => {
    const { mean, interval } = meanDifferenceInterval([0.1, 0.2, 0.3]);
    assert.ok(Math.abs(mean - 0.2) < 1e-12);
    const half = 4.302652729749464 * 0.1 / Math.sqrt(3);
    assert.ok(interval && Math.abs(interval.low - (0.2 - half)) < 1e-9 && Math.abs(interval.high - (0.2 + half)) < 1e-9);
    assert.equal(meanDifferenceInterval([0.4]).interval, null, 'one pair: no spread to estimate');
  });
});

describe('Wilson on a mean score', () => {
  test('0/1 scores: exactly the Wilson interval of k of n', () => {
    for (const [k, n] of [[0, 10], [7, 10], [10, 10], [947, 1319]] as const) {
      assert.deepEqual(wilsonIntervalOfMean(k / n, n), wilsonInterval(k, n));
    }
  });

  test('a hand-computed value: mean 0.6 over 10 gives [0.3127, 0.8318]', () => {
    // center (0.6 + 1.96²/20) / (1 + 1.96²/10) = 0.79207 / 1.38415 = 0.57224;
    // half 1.96·sqrt(0.024 + 1.96²/400) / 1.38415 = 1.96·0.18330 / 1.38415 = 0.25957.
    const { lower, upper } = wilsonIntervalOfMean(0.6, 10);
    assert.equal(lower.toFixed(4), '0.3127');
    assert.equal(upper.toFixed(4), '0.8318');
  });

  test('constant partial scores never give a zero-width interval; it is at least as wide as the normal one', () => {
    const constant = meanScoreInterval(Array(10).fill(0.6))!;
    assert.ok(constant.high - constant.low > 0.4);
    const scores = [0.25, 0.75, 0.5, 1, 0.75, 0.5, 0.25, 0.75, 1, 0.5];
    const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (scores.length - 1));
    const wilson = meanScoreInterval(scores)!;
    assert.ok(wilson.high - wilson.low >= 2 * 1.96 * sd / Math.sqrt(scores.length) - 1e-9);
  });
});

describe('comparePairedScores', () => {
  const map = (values: readonly number[], from = 0): Map<number, number> => new Map(values.map((v, i) => [from + i, v]));

  test('0/1 scores: the McNemar comparison, field for field, with no score part', () => {
    const a = [1, 1, 0, 1, 0, 1, 1, 1, 0, 1];
    const b = [0, 1, 0, 0, 0, 1, 0, 1, 1, 0];
    const expected = comparePaired(new Map(a.map((v, i) => [i, v === 1])), new Map(b.map((v, i) => [i, v === 1])));
    assert.deepEqual(comparePairedScores(map(a), map(b)), expected);
  });

  test('partial scores: permutation p and t interval over the examples both answered', () => {
    const first = map([1, 0.75, 0.5, 1, 0.75, 1, 0.5, 1]);
    const second = map([0.5, 0.5, 0.25, 0.75, 0.5, 0.25, 0.5], 1); // indices 1..7; index 0 unanswered
    const c = comparePairedScores(first, second);
    const paired = [[0.75, 0.5], [0.5, 0.5], [1, 0.25], [0.75, 0.75], [1, 0.5], [0.5, 0.25], [1, 0.5]];
    const differences = paired.map(([x, y]) => (x as number) - (y as number));
    assert.equal(c.first.n, 7);
    assert.equal(c.pValue, bruteForceP(differences));
    assert.equal(c.method, 'permutation-exact');
    assert.ok(c.scores);
    assert.ok(Math.abs(c.scores.difference - differences.reduce((s, d) => s + d, 0) / 7) < 1e-12);
    assert.ok(Math.abs(c.scores.firstMean - 5.5 / 7) < 1e-12 && Math.abs(c.scores.secondMean - 3.25 / 7) < 1e-12);
    assert.deepEqual(c.scores.interval, meanDifferenceInterval(differences).interval);
    // Five examples differ, all in favour of the first: p = 2 / 2^5, which no exact test can push below 0.05.
    assert.equal(c.pValue, 2 / 32);
    const text = formatComparison(c);
    assert.match(text, /^78\.6% vs 46\.4% \(\+32\.1 points, 95% CI \[\+\d+\.\d, \+\d+\.\d\]\): not significant: only 5 examples differ, too few for p < 0\.05 \(p = 0\.063, paired permutation exact, n = 7\)$/);
    // Two more examples in its favour: 7 of 7 differing, p = 2 / 2^7.
    const stronger = comparePairedScores(map([1, 1, 0.75, 0.5, 1, 0.75, 1, 0.5, 1], 1), map([0.5, 0.5, 0.5, 0.25, 0.75, 0.5, 0.25, 0.5, 0.75], 1));
    assert.equal(stronger.pValue, bruteForceP([0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.75, 0, 0.25]));
    assert.match(formatComparison(stronger), /: significant \(p = 0\.0078, paired permutation exact, n = 9\)$/);
  });
});

describe('overfitting check on a mean score', () => {
  test('the held-out upper end is Wilson on the mean: 10 scores of 0.6 reach 0.8318, a train score of 1 is 16.8 points above', () => {
    const check = overfitGap(1, 6, 10);
    assert.ok(check);
    assert.equal(check.testUpper.toFixed(4), '0.8318');
    assert.equal((check.gap * 100).toFixed(1), '16.8');
    // A sum of partial scores (5.5 of 10) is accepted; 0/1 counts give what they always gave.
    assert.ok(overfitGap(1, 5.5, 10));
    assert.deepEqual(overfitGap(1, 7, 10), { gap: 1 - wilsonInterval(7, 10).upper, testUpper: wilsonInterval(7, 10).upper });
  });
});
