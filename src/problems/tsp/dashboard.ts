import { instanceOf, isNumber, isObject, MAX_FIGURE_POINTS, numbers } from '../../kinds/manifest-data.js';
import type { KindEndpoint } from '../../kinds/types.js';
import type { TspInstanceData, TspResponse } from './dashboard-types.js';

/** Only the solution is needed here; the text column is cut to nothing. */
const NO_TEXT = 0;

function tourOf(value: unknown, n: number): { tour: number[]; length: number } | null {
  if (!isObject(value) || !isNumber(value.length) || !numbers(value.tour)) return null;
  if (!value.tour.every((node) => Number.isInteger(node) && node >= 0 && node < n)) return null;
  return { tour: value.tour, length: value.length };
}

/** The points and baselines a TSP run recorded, checked field by field; null when absent or malformed. */
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

/** A TSP candidate's solution: a tour of node indices. */
export function asTour(solution: unknown): number[] | null {
  return Array.isArray(solution) && solution.every((node) => Number.isInteger(node)) ? (solution as number[]) : null;
}

/** GET /api/runs/:id/tsp — the instance (when recorded) and every new best tour, in step order. */
export const tspEndpoint: KindEndpoint = {
  name: 'tsp',
  read(reader, run): TspResponse {
    const improvements: TspResponse['improvements'] = [];
    let best = Infinity;
    for (const row of reader.scoredCandidates(run.id, MAX_FIGURE_POINTS, NO_TEXT)) {
      const tour = asTour(row.solution);
      if (tour === null || !(row.score < best)) continue;
      best = row.score;
      improvements.push({ step: row.step, length: row.score, tour });
    }
    return { instance: tspInstance(run.manifest), improvements };
  },
};
