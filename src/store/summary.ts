import type Database from 'better-sqlite3';
import type { TokenUsage } from '../models/types.js';
import type { Direction } from '../engine/problem.js';
import type { FailureCounts, RunSummary } from './types.js';

/**
 * Derives a run's figures from its rows. Recomputing (instead of incrementing counters per event)
 * is what keeps them right when a resume records the same events a second time.
 */

/** The role per-example calls are filed under in the usage figures (the run's `scorer` model makes them). */
export const SCORER_ROLE = 'scorer';

export function emptySummary(): RunSummary {
  return {
    bestScore: null, bestKey: null, stepsCompleted: 0, candidatesScored: 0, optimizerCalls: 0,
    examples: { evaluated: 0, cached: 0, answered: 0, scoreSum: 0 },
    failures: { replies: {}, optimizerErrors: {}, scorerErrors: {}, unscoredCandidates: 0 },
    usage: { byRole: {}, byModel: {} }, costUsd: null,
  };
}

export function countFailures(db: Database.Database, runId: string): FailureCounts {
  const replies: FailureCounts['replies'] = {};
  const dispositions = db
    .prepare(`SELECT disposition, COUNT(*) AS n FROM replies WHERE run_id = ? AND disposition <> 'accepted' GROUP BY disposition ORDER BY disposition`)
    .all(runId) as { disposition: keyof FailureCounts['replies']; n: number }[];
  for (const row of dispositions) replies[row.disposition] = row.n;
  const optimizerErrors = toCounts(
    db.prepare(`SELECT error_kind AS kind, COUNT(*) AS n FROM replies WHERE run_id = ? AND error_kind IS NOT NULL GROUP BY error_kind ORDER BY error_kind`).all(runId),
  );
  const scorerErrors = toCounts(
    db.prepare(`SELECT outcome AS kind, COUNT(*) AS n FROM example_results WHERE run_id = ? AND outcome <> 'answered' GROUP BY outcome ORDER BY outcome`).all(runId),
  );
  const unscored = db.prepare(`SELECT COUNT(*) AS n FROM candidates WHERE run_id = ? AND score IS NULL`).get(runId) as { n: number };
  return { replies, optimizerErrors, scorerErrors, unscoredCandidates: unscored.n };
}

function toCounts(rows: unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows as { kind: string; n: number }[]) counts[row.kind] = row.n;
  return counts;
}

interface ExampleSums {
  calls: number;
  cached: number;
  answered: number;
  scoreSum: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
}

export function bestCandidate(db: Database.Database, runId: string, direction: Direction): { key: string; score: number } | null {
  const order = direction === 'maximize' ? 'DESC' : 'ASC';
  // Ties go to the earliest candidate, as the engine's stable ranking does.
  const row = db
    .prepare(`SELECT key, score FROM candidates WHERE run_id = ? AND score IS NOT NULL ORDER BY score ${order}, step ASC, rowid ASC LIMIT 1`)
    .get(runId) as { key: string; score: number } | undefined;
  return row ?? null;
}

/** Counts from the rows; `scorerModel` names the model the scorer usage is filed under. */
export function computeSummary(db: Database.Database, runId: string, direction: Direction, scorerModel: string | null): RunSummary {
  const summary = emptySummary();
  const best = bestCandidate(db, runId, direction);
  summary.bestScore = best?.score ?? null;
  summary.bestKey = best?.key ?? null;
  summary.stepsCompleted = (db.prepare(`SELECT COUNT(*) AS n FROM steps WHERE run_id = ? AND step >= 0 AND finished_at IS NOT NULL`).get(runId) as { n: number }).n;
  summary.candidatesScored = (db.prepare(`SELECT COUNT(*) AS n FROM candidates WHERE run_id = ? AND score IS NOT NULL`).get(runId) as { n: number }).n;
  summary.optimizerCalls = (db.prepare(`SELECT COUNT(*) AS n FROM replies WHERE run_id = ?`).get(runId) as { n: number }).n;
  const totals = db
    .prepare(
      `SELECT COUNT(*) AS calls, COALESCE(SUM(cached), 0) AS cached, COALESCE(SUM(outcome = 'answered'), 0) AS answered,
         COALESCE(SUM(score), 0) AS scoreSum, COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
         COALESCE(SUM(cached_input_tokens), 0) AS cachedInputTokens, COALESCE(SUM(reasoning_tokens), 0) AS reasoningTokens
       FROM example_results WHERE run_id = ?`,
    )
    .get(runId) as ExampleSums;
  summary.examples = { evaluated: totals.calls, cached: totals.cached, answered: totals.answered, scoreSum: totals.scoreSum };
  if (totals.calls > 0) {
    const usage: TokenUsage = {
      inputTokens: totals.inputTokens, outputTokens: totals.outputTokens,
      cachedInputTokens: totals.cachedInputTokens, reasoningTokens: totals.reasoningTokens,
    };
    summary.usage.byRole[SCORER_ROLE] = usage;
    if (scorerModel) summary.usage.byModel[scorerModel] = usage;
  }
  summary.failures = countFailures(db, runId);
  return summary;
}

/**
 * The summary shown for a run: counts recomputed from the rows, overlaid with what the caller
 * reported (its meter knows cost and the optimizer's usage, which events do not carry).
 */
export function mergeSummary(computed: RunSummary, reported: Partial<RunSummary>): RunSummary {
  const merged: RunSummary = { ...computed, ...reported };
  merged.usage = {
    byRole: { ...computed.usage.byRole, ...(reported.usage?.byRole ?? {}) },
    byModel: { ...computed.usage.byModel, ...(reported.usage?.byModel ?? {}) },
  };
  if (merged.costUsd === undefined) merged.costUsd = null;
  return merged;
}
