import type { LinregInstanceData, TspInstanceData } from '../shared/api-types.js';

/**
 * Problem instances recorded in a run's manifest (`manifest.instance`). They are checked field by
 * field: a malformed or absent instance gives null and the page draws what the rows alone allow.
 */

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const numbers = (value: unknown): value is number[] => Array.isArray(value) && value.every(isNumber);

function instanceOf(manifest: unknown): Record<string, unknown> | null {
  return isObject(manifest) && isObject(manifest.instance) ? manifest.instance : null;
}

function tourOf(value: unknown, n: number): { tour: number[]; length: number } | null {
  if (!isObject(value) || !isNumber(value.length) || !numbers(value.tour)) return null;
  if (!value.tour.every((node) => Number.isInteger(node) && node >= 0 && node < n)) return null;
  return { tour: value.tour, length: value.length };
}

export function tspInstance(manifest: unknown): TspInstanceData | null {
  const instance = instanceOf(manifest);
  if (!instance || !Array.isArray(instance.points) || !isObject(instance.baselines)) return null;
  const points = instance.points;
  if (!points.every((p): p is [number, number] => Array.isArray(p) && p.length === 2 && numbers(p))) return null;
  const n = points.length;
  const b = instance.baselines;
  const nearestNeighbour = tourOf(b.nearestNeighbour, n);
  const farthestInsertion = tourOf(b.farthestInsertion, n);
  const reference = tourOf(b.reference, n);
  if (!nearestNeighbour || !farthestInsertion || !reference) return null;
  const kind = isObject(b.reference) && typeof b.reference.kind === 'string' ? b.reference.kind : 'reference';
  return { points, baselines: { nearestNeighbour, farthestInsertion, reference: { ...reference, kind } } };
}

export function linregInstance(manifest: unknown): LinregInstanceData | null {
  const instance = instanceOf(manifest);
  if (!instance || !isNumber(instance.wTrue) || !isNumber(instance.bTrue) || !numbers(instance.x) || !numbers(instance.y)) return null;
  if (instance.x.length !== instance.y.length || instance.x.length === 0) return null;
  return { wTrue: instance.wTrue, bTrue: instance.bTrue, x: instance.x, y: instance.y };
}

/** A TSP candidate's solution: a tour of node indices. */
export function asTour(solution: unknown): number[] | null {
  return Array.isArray(solution) && solution.every((node) => Number.isInteger(node)) ? (solution as number[]) : null;
}

/** A linear-regression candidate's solution: `{ w, b }`. */
export function asPair(solution: unknown): { w: number; b: number } | null {
  return isObject(solution) && isNumber(solution.w) && isNumber(solution.b) ? { w: solution.w, b: solution.b } : null;
}
