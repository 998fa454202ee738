import type { LinregPair, LinregResponse, TspResponse } from '../shared/api-types.js';
import { runBasics, snapshot, type ApiContext } from './api-context.js';
import { MAX_CURVE_POINTS } from './api-candidates.js';
import * as p from './params.js';
import { asPair, asTour, linregInstance, tspInstance } from './instance-data.js';
import { scoredCandidates } from './queries.js';

/** Only the solution is needed here; the text column is cut to nothing. */
const NO_TEXT = 0;

/** GET /api/runs/:id/tsp — the instance (when recorded) and every new best tour, in step order. */
export function getTsp({ source, captures }: ApiContext): TspResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  return snapshot(store, () => {
    const run = runBasics(store, id);
    const improvements: TspResponse['improvements'] = [];
    let best = Infinity;
    for (const row of scoredCandidates(store.db, id, MAX_CURVE_POINTS, NO_TEXT)) {
      const tour = asTour(JSON.parse(row.solution_json));
      if (tour === null || !(row.score < best)) continue;
      best = row.score;
      improvements.push({ step: row.step, length: row.score, tour });
    }
    return { instance: tspInstance(run.manifest), improvements };
  });
}

/** GET /api/runs/:id/linreg — the instance (when recorded), every explored pair and the running-best path. */
export function getLinreg({ source, captures }: ApiContext): LinregResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  return snapshot(store, () => {
    const run = runBasics(store, id);
    const rows = scoredCandidates(store.db, id, MAX_CURVE_POINTS + 1, NO_TEXT);
    const pairs: LinregPair[] = [];
    const bestPath: LinregPair[] = [];
    for (const row of rows.slice(0, MAX_CURVE_POINTS)) {
      const pair = asPair(JSON.parse(row.solution_json));
      if (pair === null) continue;
      const entry = { step: row.step, w: pair.w, b: pair.b, loss: row.score };
      pairs.push(entry);
      const last = bestPath[bestPath.length - 1];
      if (last === undefined || entry.loss < last.loss) bestPath.push(entry);
    }
    return { instance: linregInstance(run.manifest), pairs, bestPath, truncated: rows.length > MAX_CURVE_POINTS };
  });
}
