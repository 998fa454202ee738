import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, deriveSeed } from '../../src/util/random.js';

describe('seeded PRNG', () => {
  test('the same seed gives the same stream; different seeds differ', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const streamA = Array.from({ length: 20 }, () => a.next());
    assert.deepEqual(streamA, Array.from({ length: 20 }, () => b.next()));
    assert.notDeepEqual(streamA, Array.from({ length: 20 }, () => c.next()));
  });

  test('uniforms stay in [0, 1) and integers in their inclusive range, covering it', () => {
    const rng = createRng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const u = rng.next();
      assert.ok(u >= 0 && u < 1);
      const k = rng.int(-2, 3);
      assert.ok(Number.isInteger(k) && k >= -2 && k <= 3);
      seen.add(k);
    }
    assert.deepEqual([...seen].sort((x, y) => x - y), [-2, -1, 0, 1, 2, 3]);
  });

  test('normal draws have mean ~0 and variance ~1 (fixed seed, so deterministic)', () => {
    const rng = createRng(1);
    const draws = Array.from({ length: 20000 }, () => rng.normal());
    const m = draws.reduce((s, v) => s + v, 0) / draws.length;
    const v = draws.reduce((s, x) => s + (x - m) ** 2, 0) / draws.length;
    assert.ok(Math.abs(m) < 0.03, `mean ${m}`);
    assert.ok(Math.abs(v - 1) < 0.05, `variance ${v}`);
  });

  test('shuffle returns a permutation and leaves its input alone', () => {
    const input = [1, 2, 3, 4, 5, 6, 7];
    const out = createRng(3).shuffle(input);
    assert.deepEqual(input, [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual([...out].sort((x, y) => x - y), input);
  });

  test('derived seeds depend on seed and labels', () => {
    assert.equal(deriveSeed(5, 'noise'), deriveSeed(5, 'noise'));
    assert.notEqual(deriveSeed(5, 'noise'), deriveSeed(5, 'init-w'));
    assert.notEqual(deriveSeed(5, 'noise'), deriveSeed(6, 'noise'));
    assert.notEqual(deriveSeed(5, 1, 2), deriveSeed(5, 12));
    assert.notEqual(deriveSeed(5, 1), deriveSeed(5, '1'));
  });

  test('refuses seeds that are not safe integers', () => {
    assert.throws(() => createRng(1.5), /safe integer/);
    assert.throws(() => createRng(Number.NaN), /safe integer/);
  });
});
