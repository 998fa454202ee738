/**
 * The EXACT optimum by Held-Karp dynamic programming over subsets (bitmask), O(2^n · n^2) time and
 * O(2^n · n) memory. The paper took optimal tours from an exact solver; this is ours.
 *
 * Limit: n <= 20, i.e. a 2^19 × 19 table of doubles (80 MB) filled in about half a second; n = 21 would
 * double both, so larger instances get the (labelled) local-search heuristic instead.
 */
import { distance, type TspInstance } from './instance.js';

export const HELD_KARP_MAX_N = 20;

export interface ExactTour {
  tour: number[];
  length: number;
}

export function heldKarp(instance: TspInstance): ExactTour {
  const n = instance.n;
  if (n > HELD_KARP_MAX_N) throw new Error(`Held-Karp is limited to n <= ${HELD_KARP_MAX_N} points (memory and time), got ${n}`);
  if (n <= 3) {
    // Every tour of three or fewer points is optimal; the DP below needs at least one free node anyway.
    const tour = Array.from({ length: n }, (_, i) => i);
    let length = 0;
    for (let i = 0; i < n; i++) length += distance(instance, tour[i] as number, tour[(i + 1) % n] as number);
    return { tour, length };
  }

  // Node 0 is fixed as the start; bit j of a mask stands for node j + 1. Distances between the free
  // nodes are copied into a local m×m table because this loop runs ~2^m·m² times.
  const m = n - 1;
  const full = (1 << m) - 1;
  const d = (a: number, b: number): number => distance(instance, a, b);
  const free = new Float64Array(m * m);
  for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) free[j * m + k] = d(j + 1, k + 1);
  const cost = new Float64Array((full + 1) * m).fill(Infinity);
  for (let j = 0; j < m; j++) cost[(1 << j) * m + j] = d(0, j + 1);

  for (let mask = 1; mask <= full; mask++) {
    const base = mask * m;
    for (let j = 0; j < m; j++) {
      if (!(mask & (1 << j))) continue;
      const here = cost[base + j] as number;
      if (here === Infinity) continue;
      const row = j * m;
      for (let k = 0; k < m; k++) {
        const bit = 1 << k;
        if (mask & bit) continue;
        const at = (mask | bit) * m + k;
        const candidate = here + (free[row + k] as number);
        if (candidate < (cost[at] as number)) cost[at] = candidate;
      }
    }
  }

  let last = 0;
  let length = Infinity;
  for (let j = 0; j < m; j++) {
    const total = (cost[full * m + j] as number) + d(j + 1, 0);
    if (total < length) {
      length = total;
      last = j;
    }
  }

  // Walk back without a parent table: the predecessor is the node whose stored cost plus the edge
  // reproduces this cost exactly (the same double sum the forward pass computed).
  const reversed = [last + 1];
  let mask = full;
  let j = last;
  while (mask !== 1 << j) {
    const previousMask = mask ^ (1 << j);
    const target = cost[mask * m + j] as number;
    let previous = -1;
    for (let i = 0; i < m; i++) {
      if (previousMask & (1 << i) && (cost[previousMask * m + i] as number) + (free[i * m + j] as number) === target) {
        previous = i;
        break;
      }
    }
    if (previous < 0) throw new Error('Held-Karp backtracking failed (internal error)');
    reversed.push(previous + 1);
    mask = previousMask;
    j = previous;
  }
  return { tour: [0, ...reversed.reverse()], length };
}
