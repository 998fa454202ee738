import type { RunResponse } from '../shared/api-types.js';
import { h, replace } from './dom.js';
import { formatCost, formatCount, formatDuration, formatScore, formatShortTime, statusClass, taskLabel } from './format.js';

function stat(label: string, value: string, title?: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'stat', title: title ?? null },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    note ? h('div', { class: 'stat-note' }, note) : null,
  );
}

/** The run's identity and headline figures, redrawn on every live update. */
export function renderRunHeader(target: HTMLElement, run: RunResponse): void {
  const s = run.summary;
  const kind = run.kind;
  const calls = s.optimizerCalls + s.examples.evaluated;
  const budget = run.budgetUsd !== null ? `budget ${formatCost(run.budgetUsd)}` : undefined;
  replace(
    target,
    h('nav', { class: 'crumbs', 'aria-label': 'breadcrumb' }, h('a', { href: '#/' }, 'Runs'), ' / ', h('span', { class: 'mono' }, run.id)),
    h(
      'div',
      { class: 'run-title' },
      h('h1', {}, taskLabel(kind, run.dataset, run.view.runName)),
      h('span', { class: statusClass(run.status), title: run.statusReason ?? '', id: 'run-status' }, run.status),
      run.statusReason ? h('span', { class: 'muted small' }, run.statusReason) : null,
    ),
    h(
      'p',
      { class: 'muted small models' },
      [run.scorer ? `scorer ${run.scorer}` : null, `optimizer ${run.optimizer ?? '–'}`, ...(run.view.otherModels ?? []).map((m) => `${m.role} ${m.spec}`), run.direction].filter(Boolean).join(' · '),
    ),
    h(
      'div',
      { class: 'stats' },
      ...run.figures.map((figure) => stat(figure.label, formatScore(figure.score, run.view.scoreFormat), figure.title)),
      stat('Steps', formatCount(s.stepsCompleted)),
      stat('Scored', formatCount(s.candidatesScored)),
      stat('Calls', formatCount(calls), `optimizer ${formatCount(s.optimizerCalls)} · scorer ${formatCount(s.examples.evaluated)} (${formatCount(s.examples.cached)} cached)`),
      stat('Cost', formatCost(s.costUsd), s.costUsd === null ? 'reported by the optimizing process when it finishes' : undefined, budget),
      stat('Started', formatShortTime(run.startedAt ?? run.createdAt), run.startedAt ?? run.createdAt),
      stat('Duration', formatDuration(run.startedAt, run.finishedAt ?? (run.status === 'running' ? null : run.updatedAt))),
    ),
  );
}
