import type { ApiHandler } from './api-context.js';
import { getCandidates, getCurve } from './api-candidates.js';
import { getCompare, getExamples } from './api-examples.js';
import { getLinreg, getTsp } from './api-problems.js';
import { getRun, listRuns } from './api-runs.js';
import { getStep, getSteps } from './api-steps.js';

/** The JSON API: a path pattern per endpoint; captures are single path segments. */
const SEGMENT = '([^/]+)';
const RUN = `^/api/runs/${SEGMENT}`;

export const API_ROUTES: readonly { pattern: RegExp; handler: ApiHandler }[] = [
  { pattern: /^\/api\/runs\/?$/, handler: listRuns },
  { pattern: new RegExp(`${RUN}$`), handler: getRun },
  { pattern: new RegExp(`${RUN}/curve$`), handler: getCurve },
  { pattern: new RegExp(`${RUN}/candidates$`), handler: getCandidates },
  { pattern: new RegExp(`${RUN}/steps$`), handler: getSteps },
  { pattern: new RegExp(`${RUN}/steps/${SEGMENT}$`), handler: getStep },
  { pattern: new RegExp(`${RUN}/examples$`), handler: getExamples },
  { pattern: new RegExp(`${RUN}/compare$`), handler: getCompare },
  { pattern: new RegExp(`${RUN}/tsp$`), handler: getTsp },
  { pattern: new RegExp(`${RUN}/linreg$`), handler: getLinreg },
];

/** The handler for `path` and its decoded captures, or null (404). */
export function matchRoute(path: string): { handler: ApiHandler; captures: string[] } | null {
  for (const route of API_ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    let captures: string[];
    try {
      captures = match.slice(1).map((segment) => decodeURIComponent(segment));
    } catch {
      return null;
    }
    return { handler: route.handler, captures };
  }
  return null;
}
