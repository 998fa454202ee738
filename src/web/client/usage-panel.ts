import type { EndpointFigures, RunResponse, UsageFigures } from '../shared/api-types.js';
import { h, replace } from './dom.js';
import { formatCost, formatCount } from './format.js';
import type { Panel, RunContext } from './run-context.js';

const USAGE_COLUMNS: { label: string; value: (u: UsageFigures) => string }[] = [
  { label: 'Calls', value: (u) => formatCount(u.calls) },
  { label: 'Cached', value: (u) => formatCount(u.cachedCalls) },
  { label: 'Failed', value: (u) => formatCount(u.failed) },
  { label: 'Input tokens', value: (u) => formatCount(u.inputTokens) },
  { label: 'Output tokens', value: (u) => formatCount(u.outputTokens) },
  { label: 'Cost', value: (u) => (u.unpricedCalls ? `${formatCost(u.costUsd)} + ${u.unpricedCalls} unpriced` : formatCost(u.costUsd)) },
];

function usageTable(caption: string, entries: Record<string, UsageFigures>): HTMLElement {
  const rows = Object.entries(entries);
  if (rows.length === 0) return h('p', { class: 'muted' }, `${caption}: nothing recorded yet.`);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data usage-table' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), ...USAGE_COLUMNS.map((c) => h('th', { scope: 'col', class: 'num' }, c.label)))),
      h('tbody', {}, ...rows.map(([name, usage]) => h('tr', {}, h('th', { scope: 'row', class: 'mono small' }, name), ...USAGE_COLUMNS.map((c) => h('td', { class: 'num' }, c.value(usage)))))),
    ),
  );
}

const ENDPOINT_COLUMNS: { label: string; value: (e: EndpointFigures) => string }[] = [
  { label: 'Calls', value: (e) => formatCount(e.calls) },
  { label: 'Calls/s', value: (e) => e.callsPerSecond.toFixed(1) },
  { label: '429s', value: (e) => formatCount(e.rateLimited) },
  { label: '5xx', value: (e) => formatCount(e.serverErrors) },
  { label: 'Timeouts', value: (e) => formatCount(e.timeouts) },
  { label: 'Retries', value: (e) => formatCount(e.retries) },
  { label: 'Waited on limits', value: (e) => `${(e.waitedMs / 1000).toFixed(1)} s` },
  { label: 'Limit', value: (e) => (e.limitLearned ? `${e.limit} of ${e.maxConcurrency} (learned)` : String(e.limit)) },
  {
    label: 'Rate learned',
    value: (e) => [e.requestsPerMinute !== undefined ? `${formatCount(e.requestsPerMinute)} req/min` : '', e.tokensPerMinute !== undefined ? `${formatCount(e.tokensPerMinute)} tok/min` : ''].filter(Boolean).join(' · ') || '-',
  },
];

/**
 * One row per endpoint the run's models talked to (provider and base URL; never a key). A member run
 * of an experiment shows its share of the process's figures, and says which ones are not its own.
 */
function endpointTable(endpoints: readonly EndpointFigures[]): HTMLElement {
  if (endpoints.length === 0) return h('p', { class: 'muted small' }, 'By endpoint: no figures recorded for this run.');
  const member = endpoints.some((e) => e.share === 'member');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data usage-table endpoint-table' },
      h(
        'caption', {}, 'By endpoint',
        member
          ? h('span', { class: 'muted small endpoint-share' }, " · this run's share of its experiment: its own calls, 429s, errors, retries, waits and calls/s; the limit and rates learned are the experiment process's, at this run's end")
          : null,
      ),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), ...ENDPOINT_COLUMNS.map((c) => h('th', { scope: 'col', class: 'num' }, c.label)))),
      h('tbody', {}, ...endpoints.map((e) => h('tr', {}, h('th', { scope: 'row', class: 'mono small' }, e.endpoint), ...ENDPOINT_COLUMNS.map((c) => h('td', { class: 'num' }, c.value(e)))))),
    ),
  );
}

function countList(title: string, counts: Record<string, number>): HTMLElement {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return h(
    'div',
    { class: 'failure-group' },
    h('h3', {}, title),
    entries.length === 0 ? h('p', { class: 'muted small' }, 'none') : h('ul', { class: 'counts' }, ...entries.map(([kind, n]) => h('li', {}, h('span', { class: 'mono' }, kind), ` ${formatCount(n)}`))),
  );
}

/** The run's hard caps: spend as a meter (--budget), calls and tokens (--max-calls, --max-tokens). */
function caps(run: RunResponse): HTMLElement[] {
  const { maxCalls, maxTokens } = run.caps ?? { maxCalls: null, maxTokens: null };
  if (run.budgetUsd === null && maxCalls === null && maxTokens === null) {
    return [h('p', { class: 'muted small' }, 'No cap was set for this run (--budget, --max-calls, --max-tokens).')];
  }
  const roles = Object.values(run.summary.usage.byRole);
  const paidCalls = roles.reduce((sum, r) => sum + (r.calls ?? 0) - (r.cachedCalls ?? 0), 0);
  const tokens = roles.reduce((sum, r) => sum + (r.inputTokens ?? 0) + (r.outputTokens ?? 0), 0);
  return [
    ...(run.budgetUsd !== null ? [budget(run.summary.costUsd, run.budgetUsd)] : []),
    ...(maxCalls !== null ? [h('p', { class: 'cap', id: 'cap-calls' }, `Call cap (--max-calls): ${formatCount(paidCalls)} of ${formatCount(maxCalls)} model calls used (cache hits are free)`)] : []),
    ...(maxTokens !== null ? [h('p', { class: 'cap', id: 'cap-tokens' }, `Token cap (--max-tokens): ${formatCount(tokens)} of ${formatCount(maxTokens)} tokens used`)] : []),
  ];
}

/** Budget spent as a meter, when the run was started with --budget. */
function budget(spent: number | null, cap: number): HTMLElement {
  const used = spent ?? 0;
  return h(
    'div',
    { class: 'budget' },
    h('label', { for: 'budget-meter' }, `Budget: ${formatCost(used)} of ${formatCost(cap)}`),
    h('meter', { id: 'budget-meter', min: 0, max: cap, value: Math.min(used, cap), high: cap * 0.8, optimum: 0 }),
  );
}

/** Calls, tokens and cost by role and by model; failures by kind; the budget. */
export class UsagePanel implements Panel {
  private target: HTMLElement | null = null;

  constructor(private readonly context: RunContext) {}

  mount(target: HTMLElement): void {
    this.target = target;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.target) return;
    const { summary } = this.context.run;
    const f = summary.failures;
    replace(
      this.target,
      ...caps(this.context.run),
      usageTable('By role', summary.usage.byRole),
      usageTable('By model', summary.usage.byModel),
      endpointTable(summary.endpoints ?? []),
      h('h2', {}, 'Failures'),
      h(
        'div',
        { class: 'failures' },
        countList('Optimizer replies without a new candidate', f.replies),
        countList('Optimizer call errors', f.optimizerErrors),
        countList('Scorer call errors', f.scorerErrors),
        countList('Candidates', f.unscoredCandidates > 0 ? { unscored: f.unscoredCandidates } : {}),
      ),
      h('p', { class: 'muted small' }, 'Cost and per-model usage come from the meter of the process that ran the optimization; they update at step boundaries.'),
    );
  }
}
