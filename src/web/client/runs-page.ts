import type { RunListItem, RunSortKey, RunsResponse, SortDir } from '../shared/api-types.js';
import { getJson } from './api.js';
import { h, replace } from './dom.js';
import { formatCost, formatCount, formatScore, formatTime, statusClass, taskLabel } from './format.js';
import { coalesce, onChange } from './live.js';
import { renderPager } from './pager.js';
import { runHref, updateParams } from './router.js';
import { sortableHead, type Column } from './sortable-header.js';

/** Rows per page of the runs list. */
const PAGE_SIZE = 50;
/** Typing in the filter waits this long for the next key before asking the server. */
const FILTER_DEBOUNCE_MS = 200;

const COLUMNS: Column[] = [
  { sort: 'task', label: 'Task' },
  { sort: 'scorer', label: 'Scorer', className: 'hide-narrow' },
  { sort: 'optimizer', label: 'Optimizer', className: 'hide-narrow' },
  { sort: 'status', label: 'Status' },
  { sort: 'best', label: 'Best', className: 'num' },
  { sort: 'steps', label: 'Steps', className: 'num' },
  { sort: 'calls', label: 'Calls', className: 'num hide-narrow' },
  { sort: 'cost', label: 'Cost', className: 'num hide-narrow' },
  { sort: 'started', label: 'Started', className: 'hide-narrow' },
];

const TEXT_SORTS = new Set(['task', 'scorer', 'optimizer', 'status']);

function row(run: RunListItem): HTMLTableRowElement {
  const href = runHref(run.id);
  return h(
    'tr',
    { 'data-run-id': run.id },
    h('td', {}, h('a', { href, class: 'run-link' }, taskLabel(run.kind, run.dataset, run.runName)), h('div', { class: 'muted small mono' }, run.id)),
    h('td', { class: 'hide-narrow small model-cell' }, run.scorer ?? '–'),
    h('td', { class: 'hide-narrow small model-cell' }, run.optimizer ?? '–'),
    h('td', {}, h('span', { class: statusClass(run.status), title: run.statusReason ?? '' }, run.status)),
    h('td', { class: 'num' }, formatScore(run.bestScore, run.scoreFormat)),
    h('td', { class: 'num' }, formatCount(run.steps)),
    h('td', { class: 'num hide-narrow' }, formatCount(run.calls)),
    h('td', { class: 'num hide-narrow' }, formatCost(run.costUsd)),
    h('td', { class: 'hide-narrow small', title: run.startedAt ?? run.createdAt }, formatTime(run.startedAt ?? run.createdAt)),
  );
}

/** The runs list: filter, sort by any column, paginated, refreshed live. Returns its cleanup. */
export function renderRunsPage(root: HTMLElement, params: URLSearchParams): () => void {
  const state = {
    q: params.get('q') ?? '',
    sort: (params.get('sort') ?? 'started') as RunSortKey,
    dir: (params.get('dir') ?? 'desc') as SortDir,
    offset: 0,
  };
  const filter = h('input', { type: 'search', class: 'filter', placeholder: 'Filter by task, model, status or id', 'aria-label': 'filter runs', value: state.q });
  const table = h('table', { class: 'data runs-table', id: 'runs-table' });
  const pager = h('div', { class: 'pager' });
  const message = h('p', { class: 'muted', role: 'status' });
  replace(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Runs'), filter),
    message,
    h('div', { class: 'table-wrap' }, table),
    pager,
  );

  let controller: AbortController | null = null;
  const load = async (): Promise<void> => {
    controller?.abort();
    controller = new AbortController();
    let data: RunsResponse;
    try {
      data = await getJson<RunsResponse>('runs', { q: state.q, sort: state.sort, dir: state.dir, limit: PAGE_SIZE, offset: state.offset }, controller.signal);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') message.textContent = `Could not load the runs: ${(error as Error).message}`;
      return;
    }
    message.textContent = data.message ?? (data.total === 0 ? (state.q ? 'No run matches the filter.' : 'No runs yet. Start one with `opro optimize`.') : '');
    table.dataset.total = String(data.total);
    replace(
      table,
      sortableHead(COLUMNS, state, (sort, dir) => {
        Object.assign(state, { sort, dir, offset: 0 });
        updateParams({ sort, dir });
        void load();
      }, (sort) => (TEXT_SORTS.has(sort) ? 'asc' : 'desc')),
      h('tbody', {}, ...data.rows.map(row)),
    );
    renderPager(pager, { total: data.total, offset: data.offset, limit: data.limit, shown: data.rows.length }, (offset) => {
      state.offset = offset;
      void load();
    });
  };

  let debounce: number | undefined;
  filter.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = window.setTimeout(() => {
      state.q = filter.value.trim();
      state.offset = 0;
      updateParams({ q: state.q || null });
      void load();
    }, FILTER_DEBOUNCE_MS);
  });

  const refresh = coalesce(load);
  const unsubscribe = onChange(() => refresh());
  void load();
  return () => {
    unsubscribe();
    controller?.abort();
    clearTimeout(debounce);
  };
}
