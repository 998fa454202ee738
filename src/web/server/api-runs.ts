import { RUN_SORT_KEYS, type RunListItem, type RunResponse, type RunSortKey, type RunsResponse, type SortDir } from '../shared/api-types.js';
import type { ApiContext } from './api-context.js';
import * as p from './params.js';
import { toRunListItem, toRunResponse } from './views.js';

/** Longest filter text accepted: a run id or a model name is far shorter. */
const MAX_FILTER_CHARS = 200;

type Getter = (run: RunListItem) => string | number | null;

const SORT_VALUE: Record<RunSortKey, Getter> = {
  started: (r) => r.startedAt ?? r.createdAt,
  task: (r) => [r.runName, r.dataset ? `${r.kind}/${r.dataset}` : r.kind].filter(Boolean).join(' '),
  scorer: (r) => r.scorer,
  optimizer: (r) => r.optimizer,
  status: (r) => r.status,
  best: (r) => r.bestScore,
  steps: (r) => r.steps,
  calls: (r) => r.calls,
  cost: (r) => r.costUsd,
};

/** Nulls last in either direction; numbers numerically, text case-insensitively. */
function compareRuns(sort: RunSortKey, dir: SortDir): (a: RunListItem, b: RunListItem) => number {
  const get = SORT_VALUE[sort];
  const sign = dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { sensitivity: 'base' });
    return sign * order || a.id.localeCompare(b.id);
  };
}

function matches(run: RunListItem, text: string): boolean {
  const needle = text.toLowerCase();
  return [run.id, run.runName, run.kind, run.dataset, run.scorer, run.optimizer, run.status].some((field) => field?.toLowerCase().includes(needle));
}

/** GET /api/runs?q=&sort=&dir=&limit=&offset= */
export function listRuns({ source, kinds, params }: ApiContext): RunsResponse {
  const { limit, offset } = p.page(params, p.MAX_LIMIT);
  const sort = p.oneOf(params, 'sort', RUN_SORT_KEYS, 'started');
  const dir = p.oneOf<SortDir>(params, 'dir', ['asc', 'desc'], 'desc');
  const text = p.optionalText(params, 'q', MAX_FILTER_CHARS).trim();
  const store = source.get();
  if (!store) return { storeReady: false, message: source.problem, total: 0, offset, limit, rows: [] };
  const all = store.listRuns().map((row) => toRunListItem(row, kinds.view(row.kind, row.config))).filter((run) => !text || matches(run, text));
  all.sort(compareRuns(sort, dir));
  return { storeReady: true, message: null, total: all.length, offset, limit, rows: all.slice(offset, offset + limit) };
}

/** GET /api/runs/:id — header figures, summary (recomputed now), best candidate, manifest. */
export function getRun({ source, kinds, captures }: ApiContext): RunResponse {
  const store = source.require();
  const id = p.runId(captures[0] ?? '');
  return store.read.snapshot(() => {
    const run = store.getRun(id);
    const best = store.getCandidates(id, { orderBy: 'score', limit: 1 })[0] ?? null;
    return toRunResponse(run, best?.score === null ? null : best, kinds);
  });
}
