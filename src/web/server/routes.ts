import type { KindRegistry } from '../../kinds/registry.js';
import type { KindEndpoint } from '../../kinds/types.js';
import type { ApiContext, ApiHandler } from './api-context.js';
import { getCandidates, getCurve } from './api-candidates.js';
import { getCompare, getExamples } from './api-examples.js';
import { getRun, listRuns } from './api-runs.js';
import { getStep, getSteps } from './api-steps.js';
import { HttpError } from './http-util.js';
import * as p from './params.js';

/** The JSON API: a path pattern per endpoint; captures are single path segments. */
const SEGMENT = '([^/]+)';
const RUN = `^/api/runs/${SEGMENT}`;

interface Route {
  pattern: RegExp;
  handler: ApiHandler;
}

const GENERIC_ROUTES: readonly (Route & { name?: string })[] = [
  { pattern: /^\/api\/runs\/?$/, handler: listRuns },
  { pattern: new RegExp(`${RUN}$`), handler: getRun },
  { name: 'curve', pattern: new RegExp(`${RUN}/curve$`), handler: getCurve },
  { name: 'candidates', pattern: new RegExp(`${RUN}/candidates$`), handler: getCandidates },
  { name: 'steps', pattern: new RegExp(`${RUN}/steps$`), handler: getSteps },
  { pattern: new RegExp(`${RUN}/steps/${SEGMENT}$`), handler: getStep },
  { name: 'examples', pattern: new RegExp(`${RUN}/examples$`), handler: getExamples },
  { name: 'compare', pattern: new RegExp(`${RUN}/compare$`), handler: getCompare },
];

/** A kind's figure data, read inside one snapshot; a run of another kind is a 404. */
function kindEndpoint(kindName: string, endpoint: KindEndpoint): ApiHandler {
  return ({ source, captures }: ApiContext) => {
    const store = source.require();
    const id = p.runId(captures[0] ?? '');
    return store.read.snapshot(() => {
      const run = store.read.runBasics(id);
      if (run.kind !== kindName) throw new HttpError(404, `run ${id} is a ${run.kind} run: it has no ${endpoint.name} data`);
      return endpoint.read(store.read, run);
    });
  };
}

/** The generic endpoints, then every registered kind's figure data at /api/runs/:id/<endpoint name>. */
export function createRoutes(kinds: KindRegistry): readonly Route[] {
  const taken = new Set(GENERIC_ROUTES.flatMap((route) => (route.name ? [route.name] : [])));
  const own = kinds.endpoints().map(({ kind, endpoint }) => {
    if (taken.has(endpoint.name)) throw new Error(`kind '${kind.view.name}': the endpoint name '${endpoint.name}' is already taken`);
    taken.add(endpoint.name);
    return { pattern: new RegExp(`${RUN}/${endpoint.name}$`), handler: kindEndpoint(kind.view.name, endpoint) };
  });
  return [...GENERIC_ROUTES, ...own];
}

/** The handler for `path` and its decoded captures, or null (404). */
export function matchRoute(routes: readonly Route[], path: string): { handler: ApiHandler; captures: string[] } | null {
  for (const route of routes) {
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
