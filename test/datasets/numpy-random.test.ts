import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { LegacyRandomState } from '../../src/datasets/numpy-random.js';

// Expected values were produced with numpy 2.4.6's legacy RandomState (np.random.RandomState(seed)).
describe('LegacyRandomState (numpy legacy RNG)', () => {
  test('raw 32-bit outputs match MT19937 seeded by init_genrand', () => {
    const draw = (seed: number, n: number): number[] => {
      const rng = new LegacyRandomState(seed);
      return Array.from({ length: n }, () => rng.nextUint32());
    };
    // randint(0, 2**32, dtype=np.uint32) returns raw outputs.
    assert.deepEqual(draw(0, 5), [2357136044, 2546248239, 3071714933, 3626093760, 2588848963]);
    assert.deepEqual(draw(5489, 3), [3499211612, 581869302, 3890346734]);
    assert.deepEqual(draw(4294967295, 3), [419326371, 479346978, 3918654476]);
  });

  test('the state regenerates correctly past 624 outputs', () => {
    const rng = new LegacyRandomState(0);
    for (let i = 0; i < 624; i++) rng.nextUint32();
    const next = rng.nextUint32();
    assert.ok(Number.isInteger(next) && next >= 0 && next <= 0xffffffff);
    // Reseeding restarts the sequence.
    rng.seed(0);
    assert.equal(rng.nextUint32(), 2357136044);
  });

  test('randomInterval is mask-and-reject like randint(0, max + 1)', () => {
    const rng = new LegacyRandomState(3);
    const maxima = [1, 2, 3, 1000, 2 ** 31 - 1, 2 ** 32 - 2];
    assert.deepEqual(
      maxima.map((max) => rng.randomInterval(max)),
      [0, 0, 1, 643, 1249426360, 521102280],
    );
    assert.equal(new LegacyRandomState(0).randomInterval(0), 0);
    assert.throws(() => rng.randomInterval(2 ** 32), RangeError);
  });

  test('permutation, shuffle and choice match numpy', () => {
    assert.deepEqual(new LegacyRandomState(42).permutation(10), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
    const letters = [...'abcdefg'];
    new LegacyRandomState(1).shuffle(letters);
    assert.deepEqual(letters, ['g', 'c', 'b', 'a', 'e', 'd', 'f']);
    assert.deepEqual(new LegacyRandomState(7).choice(['a', 'b', 'c', 'd', 'e'], 3), ['a', 'd', 'c']);
    assert.deepEqual(new LegacyRandomState(7).choice(100, 10, true), [47, 68, 25, 67, 83, 23, 92, 57, 14, 23]);
  });

  test('consecutive calls continue one stream, down to the last swap of each shuffle', () => {
    const rng = new LegacyRandomState(0);
    assert.deepEqual(
      [1, 2, 3, 4].map(() => rng.permutation(5)),
      [[2, 0, 1, 3, 4], [0, 2, 1, 4, 3], [1, 3, 4, 0, 2], [3, 1, 2, 4, 0]],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((seed) => new LegacyRandomState(seed).permutation(2)),
      [[1, 0], [0, 1], [1, 0], [1, 0], [1, 0], [0, 1]],
    );
  });

  test('invalid seeds and samples are refused', () => {
    assert.throws(() => new LegacyRandomState(-1), /between 0 and 2\*\*32 - 1/);
    assert.throws(() => new LegacyRandomState(2 ** 32), RangeError);
    assert.throws(() => new LegacyRandomState(1.5), RangeError);
    assert.throws(() => new LegacyRandomState(0).choice(3, 4), /sample of 4 from a population of 3/);
    assert.throws(() => new LegacyRandomState(0).choice([], 1), /empty population/);
    assert.deepEqual(new LegacyRandomState(0).choice(0, 0), []);
  });
});
