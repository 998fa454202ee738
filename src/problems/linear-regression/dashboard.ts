import { instanceOf, isNumber, isObject, MAX_FIGURE_POINTS, numbers } from '../../kinds/manifest-data.js';
import type { KindEndpoint } from '../../kinds/types.js';
import type { LinregInstanceData, LinregPair, LinregResponse } from './dashboard-types.js';

/** Only the solution is needed here; the text column is cut to nothing. */
const NO_TEXT = 0;

/** The data a linear-regression run recorded, checked field by field; null when absent or malformed. */
export function linregInstance(manifest: unknown): LinregInstanceData | null {
  const instance = instanceOf(manifest);
  if (!instance || !isNumber(instance.wTrue) || !isNumber(instance.bTrue) || !numbers(instance.x) || !numbers(instance.y)) return null;
  if (instance.x.length !== instance.y.length || instance.x.length === 0) return null;
  return { wTrue: instance.wTrue, bTrue: instance.bTrue, x: instance.x, y: instance.y };
}

/** A linear-regression candidate's solution: `{ w, b }`. */
export function asPair(solution: unknown): { w: number; b: number } | null {
  return isObject(solution) && isNumber(solution.w) && isNumber(solution.b) ? { w: solution.w, b: solution.b } : null;
}

/** GET /api/runs/:id/linreg — the instance (when recorded), every explored pair and the running-best path. */
export const linregEndpoint: KindEndpoint = {
  name: 'linreg',
  read(reader, run): LinregResponse {
    const rows = reader.scoredCandidates(run.id, MAX_FIGURE_POINTS + 1, NO_TEXT);
    const pairs: LinregPair[] = [];
    const bestPath: LinregPair[] = [];
    for (const row of rows.slice(0, MAX_FIGURE_POINTS)) {
      const pair = asPair(row.solution);
      if (pair === null) continue;
      const entry = { step: row.step, w: pair.w, b: pair.b, loss: row.score };
      pairs.push(entry);
      const last = bestPath[bestPath.length - 1];
      if (last === undefined || entry.loss < last.loss) bestPath.push(entry);
    }
    return { instance: linregInstance(run.manifest), pairs, bestPath, truncated: rows.length > MAX_FIGURE_POINTS };
  },
};
