import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { farthestInsertionTour, nearestNeighbourTour } from '../../src/problems/tsp/baselines.js';
import { HELD_KARP_MAX_N, heldKarp } from '../../src/problems/tsp/held-karp.js';
import { makeInstance, type Point, randomPoints, type TspInstance, tourLength } from '../../src/problems/tsp/instance.js';
import { bestLocalSearchTour, localSearch, twoOptPass } from '../../src/problems/tsp/local-search.js';

const pts = (coords: [number, number][]): Point[] => coords.map(([x, y]) => ({ x, y }));

function isTourFromZero(tour: readonly number[], n: number): boolean {
  return tour.length === n && tour[0] === 0 && [...tour].sort((a, b) => a - b).every((v, i) => v === i);
}

/** Every tour from node 0, by brute force over all permutations of the other nodes. */
function bruteForceOptimum(instance: TspInstance): number {
  let best = Infinity;
  const rest = Array.from({ length: instance.n - 1 }, (_, i) => i + 1);
  const permute = (prefix: number[], left: number[]): void => {
    if (left.length === 0) {
      best = Math.min(best, tourLength(instance, [0, ...prefix]));
      return;
    }
    left.forEach((node, i) => permute([...prefix, node], [...left.slice(0, i), ...left.slice(i + 1)]));
  };
  permute([], rest);
  return best;
}

describe('tour length', () => {
  test('closed Euclidean length, brute force on a 3-4-5 rectangle', () => {
    const instance = makeInstance(pts([[0, 0], [3, 0], [3, 4], [0, 4]]));
    assert.equal(tourLength(instance, [0, 1, 2, 3]), 14);
    assert.equal(tourLength(instance, [0, 2, 1, 3]), 5 + 4 + 5 + 4);
  });

  test('random points are seeded integers in [-100, 100]', () => {
    const points = randomPoints(30, 4);
    assert.deepEqual(randomPoints(30, 4), points);
    assert.notDeepEqual(randomPoints(30, 5), points);
    for (const { x, y } of points) assert.ok(Number.isInteger(x) && Number.isInteger(y) && Math.abs(x) <= 100 && Math.abs(y) <= 100);
  });
});

describe('Held-Karp (exact)', () => {
  test('equals the best of ALL permutations for every n <= 8 on several seeded instances', () => {
    for (let n = 1; n <= 8; n++) {
      for (let seed = 0; seed < 4; seed++) {
        const instance = makeInstance(randomPoints(n, seed * 100 + n));
        const exact = heldKarp(instance);
        assert.ok(isTourFromZero(exact.tour, n), `n=${n} seed=${seed}: ${exact.tour}`);
        assert.ok(Math.abs(exact.length - bruteForceOptimum(instance)) < 1e-9, `n=${n} seed=${seed}`);
        assert.ok(Math.abs(tourLength(instance, exact.tour) - exact.length) < 1e-9);
      }
    }
  });

  test('handles duplicate points and refuses n above its limit', () => {
    const instance = makeInstance(pts([[0, 0], [5, 5], [0, 0], [5, 5], [0, 0]]));
    assert.ok(Math.abs(heldKarp(instance).length - bruteForceOptimum(instance)) < 1e-9);
    assert.throws(() => heldKarp(makeInstance(randomPoints(HELD_KARP_MAX_N + 1, 1))), /limited to n <= 20/);
  });
});

describe('construction heuristics', () => {
  test('nearest neighbour on a line, and ties go to the lowest index', () => {
    const line = makeInstance(pts([[0, 0], [10, 0], [1, 0], [5, 0], [2, 0]]));
    assert.deepEqual(nearestNeighbourTour(line), [0, 2, 4, 3, 1]);
    const cross = makeInstance(pts([[0, 0], [0, 3], [3, 0], [0, -3]]));
    assert.deepEqual(nearestNeighbourTour(cross), [0, 1, 2, 3]);
  });

  test('farthest insertion as the reference codes it, on a hand-worked instance', () => {
    // [0] -> node 1 (tour 20 > 14 > 2) -> [0,1]; node 3 (24 > 21) at index 1 -> [0,3,1];
    // node 2: 24 at index 1, 33 at 2, 25 at 3 -> [0,2,3,1].
    const instance = makeInstance(pts([[0, 0], [10, 0], [0, 1], [5, 5]]));
    assert.deepEqual(farthestInsertionTour(instance), [0, 2, 3, 1]);
  });

  test('farthest insertion compares TRUNCATED tour lengths, like the reference', () => {
    // Vector from the reference's own logic: comparing exact lengths would give [0,2,1,3,4] (30.05),
    // but the reference's integer lengths tie and keep the first candidate: [0,4,3,2,1] (30.95).
    const instance = makeInstance(pts([[2, -3], [-3, 6], [-1, 1], [-3, -2], [4, -6]]));
    const tour = farthestInsertionTour(instance);
    assert.deepEqual(tour, [0, 4, 3, 2, 1]);
    assert.ok(Math.abs(tourLength(instance, tour) - 30.954155247348034) < 1e-9);
  });

  test('both produce tours from node 0 that are never shorter than the optimum', () => {
    for (let seed = 0; seed < 10; seed++) {
      const instance = makeInstance(randomPoints(9, seed));
      const optimum = heldKarp(instance).length;
      for (const tour of [nearestNeighbourTour(instance), farthestInsertionTour(instance)]) {
        assert.ok(isTourFromZero(tour, 9));
        assert.ok(tourLength(instance, tour) >= optimum - 1e-9);
      }
    }
  });
});

describe('local search (heuristic)', () => {
  test('2-opt (and 2-opt + Or-opt) is never worse than nearest neighbour', () => {
    for (const n of [6, 12, 25, 40]) {
      for (let seed = 0; seed < 6; seed++) {
        const instance = makeInstance(randomPoints(n, seed));
        const nn = nearestNeighbourTour(instance);
        const twoOpt = nn.slice();
        while (twoOptPass(instance, twoOpt));
        const improved = localSearch(instance, nn);
        assert.ok(isTourFromZero(twoOpt, n) && isTourFromZero(improved, n));
        assert.ok(tourLength(instance, twoOpt) <= tourLength(instance, nn) + 1e-9);
        assert.ok(tourLength(instance, improved) <= tourLength(instance, nn) + 1e-9);
      }
    }
  });

  test('2-opt untangles a crossing', () => {
    const square = makeInstance(pts([[0, 0], [10, 10], [10, 0], [0, 10]]));
    const tour = [0, 1, 2, 3]; // the two diagonals cross
    assert.ok(twoOptPass(square, tour));
    assert.equal(tourLength(square, tour), 40);
  });

  test('multi-start local search is a valid tour, never below the exact optimum, usually on it', () => {
    let hits = 0;
    for (let seed = 0; seed < 8; seed++) {
      const instance = makeInstance(randomPoints(11, seed));
      const best = bestLocalSearchTour(instance, seed);
      const optimum = heldKarp(instance).length;
      assert.ok(isTourFromZero(best.tour, 11));
      assert.ok(Math.abs(tourLength(instance, best.tour) - best.length) < 1e-9);
      assert.ok(best.length >= optimum - 1e-9);
      if (best.length <= optimum + 1e-9) hits += 1;
    }
    assert.ok(hits >= 6, `local search matched the optimum on ${hits}/8 instances`);
  });
});
