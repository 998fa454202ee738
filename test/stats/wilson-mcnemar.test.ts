import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquareSurvival1, exactBinomialTwoSided, mcnemarTest, wilsonInterval, EXACT_BELOW_DISCORDANT } from '../../src/stats/index.js';

const close = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

describe('Wilson 95% score interval', () => {
  test('81/263: Newcombe (1998) table I, method 3: 0.2553 to 0.3662', () => {
    const { lower, upper } = wilsonInterval(81, 263);
    close(lower, 0.2553, 5e-5, 'lower');
    close(upper, 0.3662, 5e-5, 'upper');
  });

  test('0/10 and 10/10: one end exactly 0 or 1, the other z²/(n+z²) from it (not Wald\'s zero width)', () => {
    const zero = wilsonInterval(0, 10);
    assert.equal(zero.lower, 0);
    close(zero.upper, 0.2775328, 1e-6, '0/10 upper');
    const all = wilsonInterval(10, 10);
    assert.equal(all.upper, 1);
    close(all.lower, 0.7224672, 1e-6, '10/10 lower');
  });

  test('more textbook cases: 15/148, 0/20, 1/29 (Newcombe 1998) and GSM8K-sized 947/1319', () => {
    const cases: [number, number, number, number][] = [
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
      [947, 1319, 0.6931, 0.7416],
    ];
    for (const [k, n, lower, upper] of cases) {
      const interval = wilsonInterval(k, n);
      close(interval.lower, lower, 5e-5, `${k}/${n} lower`);
      close(interval.upper, upper, 5e-5, `${k}/${n} upper`);
    }
  });

  test('n = 0 carries no information; impossible counts are refused', () => {
    assert.deepEqual(wilsonInterval(0, 0), { lower: 0, upper: 1 });
    assert.throws(() => wilsonInterval(5, 4), RangeError);
    assert.throws(() => wilsonInterval(-1, 4), RangeError);
    assert.throws(() => wilsonInterval(1.5, 4), RangeError);
  });
});

describe("McNemar's paired test", () => {
  test('exact two-sided binomial for few discordant examples', () => {
    // 2 * P(X <= 1 | n=10, 1/2) = 2 * 11/1024.
    const oneNine = mcnemarTest(1, 9);
    assert.equal(oneNine.method, 'exact-binomial');
    assert.equal(oneNine.statistic, null);
    assert.equal(oneNine.pValue, 22 / 1024);
    // Symmetric in b and c.
    assert.equal(mcnemarTest(9, 1).pValue, 22 / 1024);
    // 2 * P(X <= 3 | n=15) = 2 * (1 + 15 + 105 + 455) / 32768 = 0.03515625.
    assert.equal(mcnemarTest(3, 12).pValue, 0.03515625);
    assert.equal(mcnemarTest(5, 5).pValue, 1, 'a tie is capped at 1');
    assert.equal(mcnemarTest(0, 0).pValue, 1, 'no discordant example: no evidence');
    assert.equal(exactBinomialTwoSided(0, 24), 2 / 2 ** 24);
  });

  test('chi-square with continuity correction from 25 discordant examples on', () => {
    assert.equal(mcnemarTest(13, 12).method, 'chi-square-cc');
    assert.equal(mcnemarTest(13, 12).pValue, 1, '|b - c| - 1 = 0');
    assert.equal(mcnemarTest(15, 15).pValue, 1, 'a tie');
    assert.equal(mcnemarTest(24, 0).method, 'exact-binomial', `below ${EXACT_BELOW_DISCORDANT}`);
    assert.equal(mcnemarTest(25, 0).method, 'chi-square-cc');
    // Wikipedia's McNemar example (b = 121, c = 59): (|121 - 59| - 1)² / 180 = 20.672, p = 5.45e-6 (scipy chi2.sf).
    const large = mcnemarTest(121, 59);
    close(large.statistic ?? NaN, 3721 / 180, 1e-12, 'statistic');
    close(large.pValue, 5.450095e-6, 1e-10, 'p');
    // (|40 - 18| - 1)² / 58 = 7.6034, p = 0.0058257 (scipy chi2.sf(7.6034, 1)).
    close(mcnemarTest(40, 18).pValue, 0.0058257, 1e-6, 'p(40, 18)');
    close(mcnemarTest(30, 20).pValue, 0.2030918, 1e-6, 'p(30, 20)');
  });

  test('chi-square(1) tail matches the critical values 3.841 (0.05) and 10.828 (0.001)', () => {
    close(chiSquareSurvival1(3.841458820694124), 0.05, 1e-8, '0.05');
    close(chiSquareSurvival1(10.827566170662733), 0.001, 1e-9, '0.001');
    assert.equal(chiSquareSurvival1(0), 1);
  });

  test('refuses counts that are not counts', () => {
    assert.throws(() => mcnemarTest(-1, 3), RangeError);
    assert.throws(() => mcnemarTest(1.5, 3), RangeError);
  });
});
