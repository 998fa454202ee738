/**
 * A strong HEURISTIC reference for instances too large for Held-Karp: 2-opt and Or-opt local search
 * to a common local optimum, from several starts (NN, FI and seeded random tours), keeping the best.
 * Not a proof of optimality: gaps measured against it are gaps to the best tour we know.
 */
import { createRng } from '../../util/random.js';
import { farthestInsertionTour, nearestNeighbourTour } from './baselines.js';
import { distance, type Tour, tourLength, type TspInstance } from './instance.js';

/** An improvement must beat rounding noise, or the search could cycle on equal-length moves. */
const IMPROVEMENT_EPSILON = 1e-10;
/** Or-opt moves segments of 1 to 3 consecutive nodes. */
const OR_OPT_MAX_SEGMENT = 3;
export const DEFAULT_RANDOM_STARTS = 8;

/**
 * 2-opt: replace edges (a, a+1) and (b, b+1) by (a, b) and (a+1, b+1), reversing the path between.
 * Position 0 (node 0) never moves. Returns true if the tour changed.
 */
export function twoOptPass(instance: TspInstance, tour: number[]): boolean {
  const n = tour.length;
  let improved = false;
  for (let i = 0; i < n - 2; i++) {
    for (let k = i + 2; k < n; k++) {
      if (i === 0 && k === n - 1) continue; // both edges touch node 0's neighbours: a no-op reversal
      const a = tour[i] as number;
      const b = tour[i + 1] as number;
      const c = tour[k] as number;
      const e = tour[(k + 1) % n] as number;
      const delta = distance(instance, a, c) + distance(instance, b, e) - distance(instance, a, b) - distance(instance, c, e);
      if (delta < -IMPROVEMENT_EPSILON) {
        reverse(tour, i + 1, k);
        improved = true;
      }
    }
  }
  return improved;
}

function reverse(tour: number[], from: number, to: number): void {
  for (let lo = from, hi = to; lo < hi; lo++, hi--) [tour[lo], tour[hi]] = [tour[hi] as number, tour[lo] as number];
}

/**
 * Or-opt: move a segment of 1..3 nodes (never node 0) between two other consecutive nodes, forwards
 * or reversed. Applies the first improving move found and returns true, or false at a local optimum.
 */
export function orOptMove(instance: TspInstance, tour: number[]): boolean {
  const n = tour.length;
  const d = (p: number, q: number): number => distance(instance, p, q);
  for (let length = 1; length <= OR_OPT_MAX_SEGMENT; length++) {
    for (let start = 1; start + length - 1 < n; start++) {
      const end = start + length - 1;
      const before = tour[start - 1] as number;
      const after = tour[(end + 1) % n] as number;
      const first = tour[start] as number;
      const last = tour[end] as number;
      if (after === before) continue; // the segment is everything but one node
      const removalGain = d(before, first) + d(last, after) - d(before, after);
      const rest = [...tour.slice(0, start), ...tour.slice(end + 1)];
      for (let p = 0; p < rest.length; p++) {
        const u = rest[p] as number;
        const v = rest[(p + 1) % rest.length] as number;
        if (u === before && v === after) continue; // the place it came from
        const forward = d(u, first) + d(last, v);
        const backward = d(u, last) + d(first, v);
        const insertCost = Math.min(forward, backward) - d(u, v);
        if (insertCost - removalGain < -IMPROVEMENT_EPSILON) {
          const segment = tour.slice(start, end + 1);
          if (backward < forward) segment.reverse();
          tour.splice(0, n, ...rest.slice(0, p + 1), ...segment, ...rest.slice(p + 1));
          return true;
        }
      }
    }
  }
  return false;
}

/** 2-opt and Or-opt until neither improves. Never lengthens the tour; node 0 stays first. */
export function localSearch(instance: TspInstance, start: Tour): number[] {
  const tour = start.slice();
  if (tour.length < 4) return tour;
  for (;;) {
    const twoOpt = twoOptPass(instance, tour);
    const orOpt = orOptMove(instance, tour);
    if (!twoOpt && !orOpt) return tour;
  }
}

export interface HeuristicTour {
  tour: number[];
  length: number;
  starts: number;
}

/** Local search from NN, FI and `randomStarts` seeded random tours; the shortest result. */
export function bestLocalSearchTour(instance: TspInstance, seed: number, randomStarts = DEFAULT_RANDOM_STARTS): HeuristicTour {
  const rng = createRng(seed);
  const others = Array.from({ length: instance.n - 1 }, (_, i) => i + 1);
  const starts: Tour[] = [
    nearestNeighbourTour(instance),
    farthestInsertionTour(instance),
    ...Array.from({ length: randomStarts }, () => [0, ...rng.shuffle(others)]),
  ];
  let best: { tour: number[]; length: number } | null = null;
  for (const start of starts) {
    const tour = localSearch(instance, start);
    const length = tourLength(instance, tour);
    if (best === null || length < best.length) best = { tour, length };
  }
  const { tour, length } = best as { tour: number[]; length: number };
  return { tour, length, starts: starts.length };
}
