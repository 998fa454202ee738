/**
 * Hash routes, so the server only ever serves index.html: `#/` is the runs list, `#/run/<id>` a run,
 * with the run page's own state (tab, step, instruction) in the query part: `#/run/<id>?tab=steps&step=3`.
 */

export type Route = { page: 'runs'; params: URLSearchParams } | { page: 'run'; runId: string; params: URLSearchParams };

export function parseRoute(hash: string = location.hash): Route {
  const text = hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = text.split('?', 2);
  const params = new URLSearchParams(query);
  const run = /^\/run\/([^/]+)\/?$/.exec(path);
  if (run) {
    try {
      return { page: 'run', runId: decodeURIComponent(run[1] as string), params };
    } catch {
      return { page: 'runs', params };
    }
  }
  return { page: 'runs', params };
}

export const runHref = (runId: string, params: Record<string, string> = {}): string => {
  const query = new URLSearchParams(params).toString();
  return `#/run/${encodeURIComponent(runId)}${query ? `?${query}` : ''}`;
};

/**
 * Records the page's state in the URL without a navigation (no hashchange, no re-render), so a
 * reload or a shared link comes back to the same tab and selection.
 */
export function updateParams(changes: Record<string, string | null>): void {
  const route = parseRoute();
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) route.params.delete(name);
    else route.params.set(name, value);
  }
  const query = route.params.toString();
  const path = route.page === 'run' ? `/run/${encodeURIComponent(route.runId)}` : '/';
  history.replaceState(null, '', `#${path}${query ? `?${query}` : ''}`);
}
