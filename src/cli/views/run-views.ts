import type { KindRegistry } from '../../kinds/registry.js';
import type { KindView, ScoreFormat } from '../../kinds/view.js';
import { wilsonIntervalOfMean } from '../../stats/wilson.js';
import { formatComparison } from '../../stats/format.js';
import type { PairedComparison } from '../../stats/paired.js';
import type { CandidateRow, FailureCounts, RunListRow, RunRecord, RunShowDetail, StepScore } from '../../store/types.js';
import { sparkline, table, truncate } from './text-chart.js';
import { stepLabel } from '../../engine/step-label.js';

/**
 * Terminal views of the store: pure functions from query results to text; `opro runs` prints them.
 * How a run's scores read comes from its kind (through the registry), never from its name.
 */

/** Widest solution text shown in a table cell; `opro export --best` gives the full text. */
export const SOLUTION_WIDTH = 80;
const MODEL_WIDTH = 28;
const MANIFEST_VALUE_WIDTH = 100;
/** Most marks in the per-step sparklines; longer runs are grouped into this many. */
export const CHART_WIDTH = 60;
export function formatScore(score: number | null, format: ScoreFormat): string {
  if (score === null) return '-';
  if (format === 'percent') return `${(score * 100).toFixed(1)}%`;
  return Number.isInteger(score) ? String(score) : String(Number(score.toPrecision(5)));
}

const formatTime = (iso: string | null): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');
const formatCost = (usd: number | null): string => (usd === null || usd === undefined ? '-' : `$${usd.toFixed(usd < 1 ? 4 : 2)}`);
const formatCount = (n: number): string => n.toLocaleString('en-US');
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ⏎ ');

/** 'running' with no live lock holder means the process died: the run can be resumed. */
function statusLabel(status: string, live: boolean): string {
  return status === 'running' && !live ? 'stalled' : status;
}

/** `kind/dataset`, after the run's own name when it has one (a task file's): `support-replies · instructions/file:messages.jsonl`. */
function taskCell(row: RunListRow, kinds: KindRegistry): string {
  const task = row.dataset ? `${row.kind}/${row.dataset}` : row.kind;
  const name = kinds.view(row.kind, row.config).runName;
  return name ? `${name} · ${task}` : task;
}

export function formatRunList(rows: readonly RunListRow[], kinds: KindRegistry): string {
  if (rows.length === 0) return 'No runs yet. Start one with `opro optimize`.';
  const header = ['ID', 'TASK', 'SCORER', 'OPTIMIZER', 'STATUS', 'BEST', 'STEPS', 'CALLS', 'COST', 'STARTED'];
  const body = rows.map((row) => [
    row.id,
    taskCell(row, kinds),
    truncate(row.scorer ?? '-', MODEL_WIDTH),
    truncate(row.optimizer ?? '-', MODEL_WIDTH),
    statusLabel(row.status, row.live),
    formatScore(row.bestScore, kinds.view(row.kind).scoreFormat),
    String(row.steps),
    formatCount(row.calls),
    formatCost(row.costUsd),
    formatTime(row.startedAt ?? row.createdAt),
  ]);
  return table(header, body, new Set([5, 6, 7, 8]));
}

/** Nested manifest objects become dotted keys, so every fact is one line. */
function flatten(value: unknown, prefix: string, out: [string, string][]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.push([prefix || '(value)', truncate(typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined', MANIFEST_VALUE_WIDTH)]);
}

function formatHeader(run: RunRecord, view: KindView): string[] {
  const summary = run.summary;
  const metric = recordedMetricDescription(run.config);
  const reason = run.statusReason ? ` (${run.statusReason})` : '';
  const calls = [
    `optimizer ${formatCount(summary.optimizerCalls)}`,
    `scorer ${formatCount(summary.examples.evaluated)} (${formatCount(summary.examples.cached)} cached)`,
    `cost ${formatCost(summary.costUsd)}`,
  ];
  const others = (view.otherModels ?? []).map((model) => ` · ${model.role} ${model.spec}`).join('');
  return [
    `Run ${run.id}  ${view.runName ? `${view.runName} · ` : ''}${run.dataset ? `${run.kind} · ${run.dataset}` : run.kind}`,
    `  status     ${statusLabel(run.status, run.live)}${reason}`,
    `  models     scorer ${run.scorer ?? '-'} · optimizer ${run.optimizer ?? '-'}${others}`,
    `  times      created ${formatTime(run.createdAt)} · started ${formatTime(run.startedAt)} · finished ${formatTime(run.finishedAt)}`,
    ...(metric ? [`  metric     ${metric}`] : []),
    `  steps      ${summary.stepsCompleted} completed · ${summary.candidatesScored} candidates scored`,
    `  calls      ${calls.join(' · ')}`,
  ];
}

function formatManifest(manifest: unknown): string[] {
  const entries: [string, string][] = [];
  flatten(manifest, '', entries);
  if (entries.length === 0) return ['Manifest', '  (empty)'];
  const width = Math.max(...entries.map(([key]) => key.length));
  return ['Manifest', ...entries.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`)];
}

/**
 * `[69.3, 74.2]`: the Wilson 95% interval of a mean score over n answered examples (an accuracy is
 * the mean of 0/1 scores), as the end-of-run report and the export card print it.
 */
function formatInterval(score: number | null, n: number | null | undefined): string {
  if (score === null || n === null || n === undefined || !Number.isInteger(n) || n <= 0) return '-';
  const { lower, upper } = wilsonIntervalOfMean(Math.min(1, Math.max(0, score)), n);
  return `[${(lower * 100).toFixed(1)}, ${(upper * 100).toFixed(1)}]`;
}

/** A task run's metric as recorded (config.task: its description, else its name), or null for a paper run. */
export function recordedMetricDescription(config: unknown): string | null {
  const task = (config as { task?: { metric?: unknown; metricDescription?: unknown } } | null)?.task;
  if (!task) return null;
  if (typeof task.metricDescription === 'string') return task.metricDescription;
  return typeof task.metric === 'string' ? task.metric : null;
}

function formatBest(top: readonly CandidateRow[], view: KindView): string[] {
  if (top.length === 0) return ['Best solutions', '  (none scored yet)'];
  const format = view.scoreFormat;
  // Accuracies and mean scores over n examples get their Wilson intervals (on the mean, see wilsonIntervalOfMean).
  const accuracy = format === 'percent' && view.wilsonIntervals !== false;
  const counted = format === 'percent';
  const rows = top.map((candidate, index) => {
    const trainN = candidate.stats?.answered;
    const train = counted && trainN !== undefined ? `${formatScore(candidate.score, format)} (n=${trainN})` : formatScore(candidate.score, format);
    const test = candidate.testScore === null ? '-' : `${formatScore(candidate.testScore, format)} (n=${candidate.testN ?? '?'})`;
    const solution = truncate(oneLine(candidate.description), SOLUTION_WIDTH);
    if (!accuracy) return [String(index + 1), train, test, stepLabel(candidate.step), solution];
    return [String(index + 1), train, formatInterval(candidate.score, trainN), test, formatInterval(candidate.testScore, candidate.testN), stepLabel(candidate.step), solution];
  });
  const header = accuracy ? ['#', 'TRAIN', '95% CI', 'TEST', '95% CI', 'STEP', 'SOLUTION'] : ['#', 'TRAIN', 'TEST', 'STEP', 'SOLUTION'];
  const lines = table(header, rows, new Set(accuracy ? [0, 1, 5] : [0, 1, 3])).split('\n');
  const title = !accuracy
    ? `Best solutions (train / test${view.measure ? ` ${view.measure}` : ''})`
    : view.measure
      ? `Best solutions (train / test ${view.measure}, each a mean over the examples; 95% Wilson intervals on the mean)`
      : 'Best solutions (train / test; 95% Wilson intervals)';
  return [title, ...lines.map((line) => `  ${line}`)];
}

/** One held-out comparison as `opro optimize` stored it in the run's summary (see optimize/held-out.ts). */
interface StoredComparison {
  label: string;
  against: string;
  best: PairedComparison['first'];
  other: PairedComparison['second'];
  discordant: PairedComparison['discordant'];
  pValue: number;
  significant: boolean;
  method: PairedComparison['method'];
  statistic: number | null;
  scores?: PairedComparison['scores'];
}

function isStoredComparison(value: unknown): value is StoredComparison {
  const c = value as Partial<StoredComparison> | null;
  return !!c && typeof c.label === 'string' && typeof c.against === 'string' && typeof c.pValue === 'number' && typeof c.best?.n === 'number' && typeof c.other?.n === 'number' && typeof c.method === 'string';
}

/** The winner against each reference on held-out data, as the end-of-run report printed it. */
function formatStoredComparisons(summary: Record<string, unknown>): string[] {
  const stored = Array.isArray(summary['heldOutComparisons']) ? summary['heldOutComparisons'].filter(isStoredComparison) : [];
  if (stored.length === 0) return [];
  const lines = stored.map((c) => {
    const paired: PairedComparison = { first: c.best, second: c.other, discordant: c.discordant, pValue: c.pValue, significant: c.significant, method: c.method, statistic: c.statistic, ...(c.scores ? { scores: c.scores } : {}) };
    const against = c.against === '' ? '(empty instruction)' : truncate(oneLine(c.against), SOLUTION_WIDTH / 2);
    return `  ${c.label} ${against}: winner ${formatComparison(paired)}`;
  });
  return ['Held-out comparisons (the winner against each reference, paired over the examples both answered)', ...lines];
}

/**
 * At most `width` points: consecutive steps are grouped and each group shows its last best-so-far
 * (which is the group's best, since best-so-far never gets worse) and its best step score.
 */
function compress(scores: readonly StepScore[], width: number, maximize: boolean): { bestSoFar: number[]; best: number[] } {
  const groups = Math.min(width, scores.length);
  const bestSoFar: number[] = [];
  const best: number[] = [];
  for (let g = 0; g < groups; g++) {
    const group = scores.slice(Math.floor((g * scores.length) / groups), Math.floor(((g + 1) * scores.length) / groups));
    bestSoFar.push((group[group.length - 1] as StepScore).bestSoFar);
    const values = group.map((s) => s.best);
    best.push(maximize ? Math.max(...values) : Math.min(...values));
  }
  return { bestSoFar, best };
}

function formatChart(scores: readonly StepScore[], format: ScoreFormat, maximize: boolean): string[] {
  if (scores.length === 0) return ['Score per step', '  (no scored steps yet)'];
  const first = scores[0] as StepScore;
  const last = scores[scores.length - 1] as StepScore;
  const points = compress(scores, CHART_WIDTH, maximize);
  const grouped = scores.length > CHART_WIDTH ? `, ${Math.ceil(scores.length / CHART_WIDTH)} steps per mark at most` : '';
  return [
    `Score per step (steps ${stepLabel(first.step)}..${stepLabel(last.step)}${grouped})`,
    `  best so far  ${sparkline(points.bestSoFar)}  ${formatScore(first.bestSoFar, format)} → ${formatScore(last.bestSoFar, format)}`,
    `  step best    ${sparkline(points.best)}`,
  ];
}

function formatCounts(counts: Record<string, number | undefined>): string {
  const parts = Object.entries(counts)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0)
    .map(([kind, n]) => `${kind} ${formatCount(n)}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

function formatFailures(failures: FailureCounts): string[] {
  return [
    'Failures',
    `  optimizer replies    ${formatCounts(failures.replies)}`,
    `  optimizer errors     ${formatCounts(failures.optimizerErrors)}`,
    `  scorer errors        ${formatCounts(failures.scorerErrors)}`,
    `  unscored candidates  ${formatCount(failures.unscoredCandidates)}`,
  ];
}

export function formatRunShow(detail: RunShowDetail, kinds: KindRegistry): string {
  const view = kinds.view(detail.run.kind, detail.run.config);
  const format = view.scoreFormat;
  return [
    formatHeader(detail.run, view),
    formatBest(detail.top, view),
    ...[formatStoredComparisons(detail.run.summary)].filter((section) => section.length > 0),
    formatChart(detail.scoreByStep, format, detail.run.direction === 'maximize'),
    formatFailures(detail.failures),
    // Last: every setting of the run, long, and read only when the figures above raise a question.
    formatManifest(detail.run.manifest),
  ]
    .map((section) => section.join('\n'))
    .join('\n\n');
}
