import type { KindRegistry } from '../../kinds/registry.js';
import type { ProblemKind, SummaryFigure } from '../../kinds/types.js';
import type { KindView } from '../../kinds/view.js';
import type { Direction } from '../../engine/problem.js';
import { endpointReportsFrom } from '../../models/rate-limits/endpoint-report.js';
import type { CandidateRow, RunListRow, RunRecord, RunSummary } from '../../store/types.js';
import type { CandidateItem, RunListItem, RunResponse, RunSummaryView, SortDir, UsageFigures } from '../shared/api-types.js';

/** Mappings from store records to the API's shapes: only named fields leave the process. */

/** 'running' with no live lock holder means the process died: the run can be resumed. */
export function statusLabel(status: string, live: boolean): string {
  return status === 'running' && !live ? 'stalled' : status;
}

export function bestDir(direction: Direction): SortDir {
  return direction === 'maximize' ? 'desc' : 'asc';
}

export function toRunListItem(row: RunListRow, view: KindView): RunListItem {
  return {
    scoreFormat: view.scoreFormat,
    id: row.id, kind: row.kind, dataset: row.dataset, scorer: row.scorer, optimizer: row.optimizer,
    status: statusLabel(row.status, row.live), statusReason: row.statusReason, live: row.live,
    bestScore: row.bestScore, steps: row.steps, calls: row.calls, costUsd: row.costUsd ?? null,
    createdAt: row.createdAt, startedAt: row.startedAt, runName: view.runName ?? null,
  };
}

/** `kind` (when registered) says how a solution reads; the stored text is what gets copied. */
export function toCandidateItem(row: CandidateRow, kind: ProblemKind | undefined): CandidateItem {
  return {
    step: row.step, key: row.key, text: row.description, label: kind?.describeSolution?.(row.solution, row.description) ?? row.description,
    solution: row.solution, score: row.score,
    testScore: row.testScore, testN: row.testN, stats: row.stats, unscoredReason: row.unscoredReason,
  };
}

const USAGE_FIELDS = [
  'calls', 'cachedCalls', 'failed', 'inputTokens', 'outputTokens', 'cachedInputTokens', 'reasoningTokens', 'costUsd', 'unpricedCalls',
] as const;

/** Usage entries come either from the rows (tokens only) or from the CLI's meter (calls, cost too). */
function toUsage(value: unknown): UsageFigures {
  const out: UsageFigures = {};
  if (typeof value !== 'object' || value === null) return out;
  const source = value as Record<string, unknown>;
  for (const field of USAGE_FIELDS) {
    const n = source[field];
    if (typeof n === 'number' && Number.isFinite(n)) out[field] = n;
  }
  if (typeof source.failuresByKind === 'object' && source.failuresByKind !== null) {
    out.failuresByKind = Object.fromEntries(
      Object.entries(source.failuresByKind as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
  }
  return out;
}

const usageMap = (value: unknown): Record<string, UsageFigures> =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([name, usage]) => [name, toUsage(usage)])) : {};

export function toSummaryView(summary: RunSummary): RunSummaryView {
  return {
    bestScore: summary.bestScore, bestKey: summary.bestKey, stepsCompleted: summary.stepsCompleted,
    candidatesScored: summary.candidatesScored, optimizerCalls: summary.optimizerCalls, examples: { ...summary.examples },
    costUsd: typeof summary.costUsd === 'number' ? summary.costUsd : null,
    usage: { byRole: usageMap(summary.usage?.byRole), byModel: usageMap(summary.usage?.byModel) },
    endpoints: endpointReportsFrom(summary.endpoints),
    failures: {
      replies: { ...summary.failures.replies } as Record<string, number>,
      optimizerErrors: { ...summary.failures.optimizerErrors },
      scorerErrors: { ...summary.failures.scorerErrors },
      unscoredCandidates: summary.failures.unscoredCandidates,
    },
  };
}

/** `--budget` as the CLI stores it (config.flags.budget), or a library caller's budgetUsd. */
export function budgetOf(config: unknown): number | null {
  if (typeof config !== 'object' || config === null) return null;
  const c = config as Record<string, unknown>;
  const flags = typeof c.flags === 'object' && c.flags !== null ? (c.flags as Record<string, unknown>) : {};
  for (const value of [flags.budget, c.budget, c.budgetUsd]) if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}

/** `--max-calls` and `--max-tokens` as the CLI stores them (config.flags), or null. */
export function capsOf(config: unknown): { maxCalls: number | null; maxTokens: number | null } {
  const flags = typeof config === 'object' && config !== null && typeof (config as { flags?: unknown }).flags === 'object'
    ? ((config as { flags: Record<string, unknown> }).flags ?? {})
    : {};
  const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return { maxCalls: count(flags.maxCalls), maxTokens: count(flags.maxTokens) };
}

/** The header's figures: the kind's, or the best score. */
function summaryFigures(kind: ProblemKind | undefined, run: RunRecord, best: CandidateRow | null): SummaryFigure[] {
  return kind?.summaryFigures?.({ summary: run.summary, best }) ?? [{ label: 'Best', score: run.summary.bestScore }];
}

export function toRunResponse(run: RunRecord, best: CandidateRow | null, kinds: KindRegistry): RunResponse {
  const kind = kinds.find(run.kind);
  return {
    view: kinds.view(run.kind, run.config), figures: summaryFigures(kind, run, best),
    id: run.id, kind: run.kind, dataset: run.dataset, scorer: run.scorer, optimizer: run.optimizer, direction: run.direction,
    status: statusLabel(run.status, run.live), statusReason: run.statusReason, live: run.live,
    createdAt: run.createdAt, startedAt: run.startedAt, finishedAt: run.finishedAt, updatedAt: run.updatedAt,
    config: run.config, manifest: run.manifest, summary: toSummaryView(run.summary),
    best: best ? toCandidateItem(best, kind) : null, budgetUsd: budgetOf(run.config), caps: capsOf(run.config),
  };
}
