import type Database from 'better-sqlite3';
import type { EngineEvent } from '../engine/events.js';
import type { HistoryEntry } from '../engine/problem.js';
import {
  isExampleEvaluated, isTestEvaluated, type ExampleEvaluatedEvent, type ProblemEvent, type TestEvaluatedEvent,
} from '../engine/problem-events.js';
import { StoreError } from './errors.js';

/** Turns a solution into the text shown to people; strings (instructions) are their own text. */
export type Describe = (solution: unknown) => string;

export const defaultDescribe: Describe = (solution) => (typeof solution === 'string' ? solution : JSON.stringify(solution));

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));
const now = (): string => new Date().toISOString();

/**
 * Writes one engine event as UPSERTs on natural keys, so the same event sequence recorded twice
 * (a resume replays the run from the start through the call cache) leaves the same rows.
 * Transactions are the caller's business (the recorder batches several events into one).
 */
export class EventWriter {
  private readonly runStarted;
  private readonly upsertStep;
  private readonly evaluationStarted;
  private readonly stepFinished;
  private readonly upsertReply;
  private readonly upsertCandidate;
  private readonly upsertExample;
  private readonly upsertTestScore;
  private readonly runFinished;

  constructor(db: Database.Database, private readonly runId: string, private readonly describe: Describe) {
    this.runStarted = db.prepare(
      `UPDATE runs SET status = 'running', status_reason = NULL, finished_at = NULL,
         started_at = COALESCE(started_at, @now), updated_at = @now WHERE id = @runId`,
    );
    this.upsertStep = db.prepare(
      `INSERT INTO steps (run_id, step, meta_prompt, details_json, started_at)
       VALUES (@runId, @step, @metaPrompt, @details, @now)
       ON CONFLICT (run_id, step) DO UPDATE SET meta_prompt = excluded.meta_prompt, details_json = excluded.details_json`,
    );
    this.evaluationStarted = db.prepare(
      `INSERT INTO steps (run_id, step, candidates_evaluated, started_at) VALUES (@runId, @step, @count, @now)
       ON CONFLICT (run_id, step) DO UPDATE SET candidates_evaluated = excluded.candidates_evaluated`,
    );
    this.stepFinished = db.prepare(
      `INSERT INTO steps (run_id, step, scored, optimizer_calls, best_key, best_score, started_at, finished_at)
       VALUES (@runId, @step, @scored, @optimizerCalls, @bestKey, @bestScore, @now, @now)
       ON CONFLICT (run_id, step) DO UPDATE SET scored = excluded.scored, optimizer_calls = excluded.optimizer_calls,
         best_key = excluded.best_key, best_score = excluded.best_score, finished_at = COALESCE(steps.finished_at, excluded.finished_at)`,
    );
    this.upsertReply = db.prepare(
      `INSERT INTO replies (run_id, step, sample_index, text, error_kind, error_message, error_json, disposition, reason, candidate_json, key, recorded_at)
       VALUES (@runId, @step, @sampleIndex, @text, @errorKind, @errorMessage, @errorJson, @disposition, @reason, @candidate, @key, @now)
       ON CONFLICT (run_id, step, sample_index) DO UPDATE SET text = excluded.text, error_kind = excluded.error_kind,
         error_message = excluded.error_message, error_json = excluded.error_json, disposition = excluded.disposition,
         reason = excluded.reason, candidate_json = excluded.candidate_json, key = excluded.key`,
    );
    this.upsertCandidate = db.prepare(
      `INSERT INTO candidates (run_id, step, key, solution_json, description, score, stats_json, unscored_reason, recorded_at)
       VALUES (@runId, @step, @key, @solution, @description, @score, @stats, @unscoredReason, @now)
       ON CONFLICT (run_id, step, key) DO UPDATE SET solution_json = excluded.solution_json, description = excluded.description,
         score = excluded.score, stats_json = excluded.stats_json, unscored_reason = excluded.unscored_reason`,
    );
    // A replay from the call cache never overwrites a real answer already recorded: the cached text
    // is the same, and the first row holds the real usage and latency. A failure is overwritten.
    this.upsertExample = db.prepare(
      `INSERT INTO example_results (run_id, key, split, example_index, step, input, expected, output, score, feedback,
         outcome, error_message, fields_json, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cached, latency_ms, recorded_at)
       VALUES (@runId, @key, @split, @exampleIndex, @step, @input, @expected, @output, @score, @feedback,
         @outcome, @errorMessage, @fields, @inputTokens, @outputTokens, @cachedInputTokens, @reasoningTokens, @cached, @latencyMs, @now)
       ON CONFLICT (run_id, key, split, example_index) DO UPDATE SET step = excluded.step, input = excluded.input,
         expected = excluded.expected, output = excluded.output, score = excluded.score, feedback = excluded.feedback,
         outcome = excluded.outcome, error_message = excluded.error_message, fields_json = excluded.fields_json,
         input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cached_input_tokens = excluded.cached_input_tokens,
         reasoning_tokens = excluded.reasoning_tokens, cached = excluded.cached, latency_ms = excluded.latency_ms,
         recorded_at = excluded.recorded_at
       WHERE NOT (example_results.outcome = 'answered' AND excluded.cached = 1)`,
    );
    this.upsertTestScore = db.prepare(
      `INSERT INTO test_scores (run_id, key, score, n, recorded_at) VALUES (@runId, @key, @score, @n, @now)
       ON CONFLICT (run_id, key) DO UPDATE SET score = excluded.score, n = excluded.n, recorded_at = excluded.recorded_at`,
    );
    this.runFinished = db.prepare(
      `UPDATE runs SET status = @status, status_reason = @reason, finished_at = @now, updated_at = @now WHERE id = @runId`,
    );
  }

  /** Writes one event; returns true when the run's summary should be recomputed afterwards. */
  write(event: EngineEvent<unknown>): boolean {
    const runId = this.runId;
    const at = now();
    switch (event.type) {
      case 'run-started':
        this.runStarted.run({ runId, now: at });
        return false;
      case 'initial-started':
        this.upsertStep.run({ runId, step: -1, metaPrompt: null, details: json({ initialSolutions: event.count }), now: at });
        return false;
      case 'step-started':
        this.upsertStep.run({ runId, step: event.step, metaPrompt: event.metaPrompt.text, details: json(event.metaPrompt.details), now: at });
        return false;
      case 'evaluation-started':
        this.evaluationStarted.run({ runId, step: event.step, count: event.candidates, now: at });
        return false;
      case 'optimizer-reply':
        this.upsertReply.run({
          runId, step: event.step, sampleIndex: event.sampleIndex, text: event.text,
          errorKind: event.error?.kind ?? null, errorMessage: event.error?.message ?? null, errorJson: json(event.error),
          disposition: event.disposition, reason: event.reason, candidate: json(event.candidate), key: event.key, now: at,
        });
        return false;
      case 'candidate-scored':
        this.writeCandidate(event.step, event.entry.key, event.entry.solution, event.entry.score, event.entry.stats ?? null, null, at);
        return false;
      case 'candidate-unscored':
        this.writeCandidate(event.step, event.key, event.solution, null, null, event.reason, at);
        return false;
      case 'problem':
        this.writeProblemEvent(event.step, event.event, at);
        return false;
      case 'step-finished':
        this.stepFinished.run({
          runId, step: event.step, scored: event.scored, optimizerCalls: event.optimizerCalls,
          bestKey: event.best?.key ?? null, bestScore: bestScore(event.best), now: at,
        });
        return true;
      case 'run-finished':
        this.runFinished.run({ runId, status: event.status, reason: event.reason, now: at });
        return true;
      case 'warning':
        // What it warns about is in the step's replies; a stop it leads to is the run's status reason.
        return false;
    }
  }

  private writeCandidate(step: number, key: string, solution: unknown, score: number | null, stats: unknown, unscoredReason: string | null, at: string): void {
    this.upsertCandidate.run({
      runId: this.runId, step, key, solution: JSON.stringify(solution ?? null), description: this.describe(solution),
      score, stats: json(stats), unscoredReason, now: at,
    });
  }

  /** Throws for a malformed event the store would have to drop, before it is queued with good ones. */
  check(event: EngineEvent<unknown>): void {
    if (event.type !== 'problem') return;
    const inner = event.event;
    const valid = inner.type === 'example-evaluated' ? isExampleEvaluated(inner) : inner.type === 'test-evaluated' ? isTestEvaluated(inner) : true;
    if (!valid) {
      throw new StoreError(`a '${inner.type}' problem event of run ${this.runId} lacks required fields and cannot be recorded.`, 'BAD_EVENT');
    }
  }

  private writeProblemEvent(step: number, event: ProblemEvent, at: string): void {
    if (isExampleEvaluated(event)) this.writeExample(step, event, at);
    else if (isTestEvaluated(event)) this.writeTestScore(event, at);
    // Other problem events are progress details the store has no table for.
  }

  private writeExample(step: number, event: ExampleEvaluatedEvent, at: string): void {
    this.upsertExample.run({
      runId: this.runId, key: event.key, split: event.split, exampleIndex: event.exampleIndex, step,
      input: event.input, expected: event.expected, output: event.output, score: event.score, feedback: event.feedback,
      outcome: event.outcome, errorMessage: event.errorMessage, fields: json(event.fields),
      inputTokens: event.usage.inputTokens ?? 0, outputTokens: event.usage.outputTokens ?? 0,
      cachedInputTokens: event.usage.cachedInputTokens ?? 0, reasoningTokens: event.usage.reasoningTokens ?? 0,
      cached: event.cached ? 1 : 0, latencyMs: event.latencyMs, now: at,
    });
  }

  private writeTestScore(event: TestEvaluatedEvent, at: string): void {
    this.upsertTestScore.run({ runId: this.runId, key: event.key, score: event.score, n: event.n, now: at });
  }
}

function bestScore(best: HistoryEntry<unknown> | null): number | null {
  return best ? best.score : null;
}
