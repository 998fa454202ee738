/**
 * A TSP instance (spec section 9): n points with integer coordinates in [-100, 100]^2, closed tours,
 * Euclidean length. Unlike the reference (which sets no seed) instances are seeded and reproducible.
 */
import { createRng, deriveSeed } from '../../util/random.js';

export const COORDINATE_RANGE: readonly [number, number] = [-100, 100];

export interface Point {
  x: number;
  y: number;
}

/** A tour lists every node once and starts at node 0; the return edge to node 0 is implied. */
export type Tour = readonly number[];

export interface TspInstance {
  readonly points: readonly Point[];
  readonly n: number;
  /** Row-major n×n Euclidean distances. */
  readonly distances: Float64Array;
}

export function makeInstance(points: readonly Point[]): TspInstance {
  const n = points.length;
  if (n < 1) throw new Error('a TSP instance needs at least one point');
  const distances = new Float64Array(n * n);
  points.forEach((p, i) => {
    points.forEach((q, j) => {
      distances[i * n + j] = Math.sqrt((p.x - q.x) ** 2 + (p.y - q.y) ** 2);
    });
  });
  return { points, n, distances };
}

/**
 * The reference draws all x then all y uniformly in [-100, 100) and truncates them toward zero with
 * `int()` (so 0 is twice as likely as any other value). Same recipe, our seeded stream.
 */
export function randomPoints(n: number, seed: number): Point[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`the number of points must be a positive integer, got ${n}`);
  const rng = createRng(deriveSeed(seed, 'points'));
  const [low, high] = COORDINATE_RANGE;
  const xs = Array.from({ length: n }, () => Math.trunc(rng.uniform(low, high)));
  const ys = Array.from({ length: n }, () => Math.trunc(rng.uniform(low, high)));
  return xs.map((x, i) => ({ x: x === 0 ? 0 : x, y: (ys[i] as number) === 0 ? 0 : (ys[i] as number) }));
}

export function distance(instance: TspInstance, i: number, j: number): number {
  return instance.distances[i * instance.n + j] as number;
}

/** Closed-tour length, summed edge by edge in tour order and then the return edge (the reference's order). */
export function tourLength(instance: TspInstance, tour: Tour): number {
  let total = 0;
  for (let i = 0; i + 1 < tour.length; i++) total += distance(instance, tour[i] as number, tour[i + 1] as number);
  if (tour.length > 1) total += distance(instance, tour[tour.length - 1] as number, tour[0] as number);
  return total;
}

export function tourKey(tour: Tour): string {
  return tour.join(',');
}
