import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateData, leastSquares, NUM_POINTS, squaredLoss, startingPairs } from '../../src/problems/linear-regression/data.js';

describe('linear regression data and objective', () => {
  test('x = 1..50 and y scatters around the generating line with unit-variance noise', () => {
    const data = generateData(15, 14, 1);
    assert.deepEqual(data.xs, Array.from({ length: NUM_POINTS }, (_, i) => i + 1));
    const residuals = data.ys.map((y, i) => y - (15 * (data.xs[i] as number) + 14));
    assert.ok(residuals.every((r) => Math.abs(r) < 5));
    assert.ok(residuals.some((r) => r !== 0));
    assert.deepEqual(generateData(15, 14, 1), data, 'seeded');
    assert.notDeepEqual(generateData(15, 14, 2).ys, data.ys);
  });

  test('the loss is the sum of squared residuals (brute force on a hand-made set)', () => {
    const data = { xs: [1, 2, 3], ys: [3, 5, 10] };
    // w = 2, b = 1: predictions 3, 5, 7 -> residuals 0, 0, 3
    assert.equal(squaredLoss(data, { w: 2, b: 1 }), 9);
    // w = 0, b = 0: 9 + 25 + 100
    assert.equal(squaredLoss(data, { w: 0, b: 0 }), 134);
  });

  test('least squares recovers an exact line and beats every nearby pair on noisy data', () => {
    const exact = leastSquares({ xs: [1, 2, 3, 4], ys: [5, 7, 9, 11] });
    assert.ok(Math.abs(exact.w - 2) < 1e-12 && Math.abs(exact.b - 3) < 1e-12 && exact.loss < 1e-20);

    const data = generateData(36, -1, 3);
    const fit = leastSquares(data);
    for (const dw of [-0.01, 0, 0.01]) {
      for (const db of [-0.1, 0, 0.1]) {
        assert.ok(fit.loss <= squaredLoss(data, { w: fit.w + dw, b: fit.b + db }) + 1e-9);
      }
    }
    let bestGrid = Infinity;
    for (let w = 30; w <= 42; w++) for (let b = -10; b <= 8; b++) bestGrid = Math.min(bestGrid, squaredLoss(data, { w, b }));
    assert.ok(fit.loss <= bestGrid);
    assert.ok(Math.abs(fit.w - 36) < 0.1 && Math.abs(fit.b + 1) < 2);
  });

  test('starting pairs: at most 5 distinct integer pairs in [10, 20], sorted, seeded', () => {
    for (let seed = 0; seed < 50; seed++) {
      const pairs = startingPairs(seed);
      assert.ok(pairs.length >= 1 && pairs.length <= 5);
      const keys = pairs.map(({ w, b }) => `${w},${b}`);
      assert.equal(new Set(keys).size, keys.length);
      for (const { w, b } of pairs) {
        assert.ok(Number.isInteger(w) && Number.isInteger(b));
        assert.ok(w >= 10 && w <= 20 && b >= 10 && b <= 20);
      }
      const sorted = [...pairs].sort((p, q) => p.w - q.w || p.b - q.b);
      assert.deepEqual(pairs, sorted);
      assert.deepEqual(startingPairs(seed), pairs);
    }
    assert.notDeepEqual(startingPairs(1), startingPairs(2));
  });
});
