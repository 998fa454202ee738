import type Database from 'better-sqlite3';
import type { ReplyDisposition } from '../engine/events.js';
import type { Direction } from '../engine/problem.js';
import { RunNotFoundError } from './errors.js';
import { holderIsAlive } from './liveness.js';
import { emptySummary } from './summary.js';
import type {
  CandidateOrder, CandidateRow, ExampleResultRow, PageOptions, ReplyRow, RunListRow, RunLockInfo, RunRecord, RunSummary,
  StepDetail, StepRow, StepScore, StoredRunStatus,
} from './types.js';

/** Read queries and the mapping from snake_case rows to the typed records. */

/** Default page size of the paged queries; the dashboard and CLI ask for more explicitly. */
export const DEFAULT_PAGE_SIZE = 100;

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
const page = (options: PageOptions): { limit: number; offset: number } => ({
  limit: Math.max(0, Math.floor(options.limit ?? DEFAULT_PAGE_SIZE)),
  offset: Math.max(0, Math.floor(options.offset ?? 0)),
});

export interface RunRowRaw {
  id: string;
  kind: string;
  dataset: string | null;
  scorer: string | null;
  optimizer: string | null;
  direction: Direction;
  status: StoredRunStatus;
  status_reason: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
  config_json: string;
  manifest_json: string;
  summary_json: string;
  reported_json: string;
}

export function requireRun(db: Database.Database, runId: string): RunRowRaw {
  const row = db.prepare(`SELECT * FROM runs WHERE id = ?`).get(runId) as RunRowRaw | undefined;
  if (!row) throw new RunNotFoundError(runId);
  return row;
}

function readSummary(row: RunRowRaw): RunSummary {
  return { ...emptySummary(), ...(parse<Partial<RunSummary>>(row.summary_json) ?? {}) };
}

interface LockRaw {
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
}

export function readLock(db: Database.Database, runId: string): RunLockInfo | null {
  const row = db.prepare(`SELECT pid, host, acquired_at, heartbeat_at FROM run_locks WHERE run_id = ?`).get(runId) as LockRaw | undefined;
  return row ? { pid: row.pid, host: row.host, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at } : null;
}

export function listRuns(db: Database.Database): RunListRow[] {
  const rows = db
    .prepare(
      `SELECT r.*, l.pid AS lock_pid, l.host AS lock_host, l.acquired_at AS lock_acquired, l.heartbeat_at AS lock_heartbeat,
         (SELECT COUNT(*) FROM steps s WHERE s.run_id = r.id AND s.step >= 0 AND s.finished_at IS NOT NULL) AS steps_done
       FROM runs r LEFT JOIN run_locks l ON l.run_id = r.id ORDER BY r.created_at DESC, r.id DESC`,
    )
    .all() as (RunRowRaw & { lock_pid: number | null; lock_host: string | null; lock_acquired: string | null; lock_heartbeat: string | null; steps_done: number })[];
  return rows.map((row) => {
    const summary = readSummary(row);
    return {
      id: row.id, kind: row.kind, dataset: row.dataset, scorer: row.scorer, optimizer: row.optimizer,
      status: row.status, statusReason: row.status_reason,
      live:
        row.lock_heartbeat !== null &&
        holderIsAlive({ pid: row.lock_pid ?? 0, host: row.lock_host ?? '', acquiredAt: row.lock_acquired ?? '', heartbeatAt: row.lock_heartbeat }),
      bestScore: summary.bestScore, steps: row.steps_done, calls: summary.optimizerCalls + summary.examples.evaluated,
      costUsd: summary.costUsd, createdAt: row.created_at, startedAt: row.started_at, config: parse(row.config_json),
    };
  });
}

export function toRunRecord(db: Database.Database, row: RunRowRaw, summary: RunSummary): RunRecord {
  const lock = readLock(db, row.id);
  return {
    id: row.id, kind: row.kind, dataset: row.dataset, scorer: row.scorer, optimizer: row.optimizer,
    direction: row.direction, status: row.status, statusReason: row.status_reason,
    createdAt: row.created_at, startedAt: row.started_at, finishedAt: row.finished_at, updatedAt: row.updated_at,
    config: parse(row.config_json), manifest: parse(row.manifest_json), summary, lock, live: lock !== null && holderIsAlive(lock),
  };
}

interface CandidateRaw {
  step: number;
  key: string;
  solution_json: string;
  description: string;
  score: number | null;
  stats_json: string | null;
  unscored_reason: string | null;
  test_score: number | null;
  test_n: number | null;
  recorded_at: string;
}

export const CANDIDATE_SELECT = `SELECT c.step, c.key, c.solution_json, c.description, c.score, c.stats_json, c.unscored_reason,
    t.score AS test_score, t.n AS test_n, c.recorded_at
  FROM candidates c LEFT JOIN test_scores t ON t.run_id = c.run_id AND t.key = c.key WHERE c.run_id = ?`;

/** ORDER BY clauses; unscored candidates always come last, ties go to the earliest candidate. */
export function candidateOrderSql(order: CandidateOrder, direction: Direction): string {
  const best = direction === 'maximize' ? 'DESC' : 'ASC';
  if (order === 'step') return 'c.step ASC, c.rowid ASC';
  if (order === 'test') return `t.score IS NULL, t.score ${best}, c.score IS NULL, c.score ${best}, c.step ASC, c.rowid ASC`;
  return `c.score IS NULL, c.score ${best}, c.step ASC, c.rowid ASC`;
}

export function toCandidate(row: CandidateRaw): CandidateRow {
  return {
    step: row.step, key: row.key, solution: parse(row.solution_json), description: row.description, score: row.score,
    stats: parse(row.stats_json), unscoredReason: row.unscored_reason, testScore: row.test_score, testN: row.test_n,
    recordedAt: row.recorded_at,
  };
}

export function getCandidates(db: Database.Database, runId: string, direction: Direction, order: CandidateOrder, options: PageOptions): CandidateRow[] {
  const { limit, offset } = page(options);
  const rows = db.prepare(`${CANDIDATE_SELECT} ORDER BY ${candidateOrderSql(order, direction)} LIMIT ? OFFSET ?`).all(runId, limit, offset) as CandidateRaw[];
  return rows.map(toCandidate);
}

/** A steps row as SQLite returns it. */
export interface StepRaw {
  step: number;
  meta_prompt: string | null;
  details_json: string | null;
  candidates_evaluated: number | null;
  scored: number | null;
  optimizer_calls: number | null;
  best_key: string | null;
  best_score: number | null;
  started_at: string;
  finished_at: string | null;
}

function toStep(row: StepRaw): StepRow {
  return {
    step: row.step, details: parse(row.details_json), candidatesEvaluated: row.candidates_evaluated, scored: row.scored,
    optimizerCalls: row.optimizer_calls, bestKey: row.best_key, bestScore: row.best_score,
    startedAt: row.started_at, finishedAt: row.finished_at,
  };
}

export function getSteps(db: Database.Database, runId: string): StepRow[] {
  const rows = db
    .prepare(`SELECT step, NULL AS meta_prompt, details_json, candidates_evaluated, scored, optimizer_calls, best_key, best_score, started_at, finished_at
              FROM steps WHERE run_id = ? ORDER BY step`)
    .all(runId) as StepRaw[];
  return rows.map(toStep);
}

interface ReplyRaw {
  step: number;
  sample_index: number;
  text: string | null;
  error_json: string | null;
  disposition: ReplyDisposition;
  reason: string | null;
  candidate_json: string | null;
  key: string | null;
  recorded_at: string;
}

const REPLY_SELECT = `SELECT step, sample_index, text, error_json, disposition, reason, candidate_json, key, recorded_at FROM replies`;

function toReply(row: ReplyRaw): ReplyRow {
  return {
    step: row.step, sampleIndex: row.sample_index, text: row.text, error: parse(row.error_json), disposition: row.disposition,
    reason: row.reason, candidate: parse(row.candidate_json), key: row.key, recordedAt: row.recorded_at,
  };
}

/** One step with its meta-prompt and replies, or null when the step was never recorded. */
export function getStep(db: Database.Database, runId: string, step: number): StepDetail | null {
  const row = db.prepare(`SELECT * FROM steps WHERE run_id = ? AND step = ?`).get(runId, step) as StepRaw | undefined;
  if (!row) return null;
  const replies = db.prepare(`${REPLY_SELECT} WHERE run_id = ? AND step = ? ORDER BY sample_index`).all(runId, step) as ReplyRaw[];
  return { ...toStep(row), metaPrompt: row.meta_prompt, replies: replies.map(toReply) };
}

interface ExampleRaw {
  key: string;
  split: string;
  example_index: number;
  step: number;
  input: string;
  expected: string | null;
  output: string | null;
  score: number | null;
  feedback: string | null;
  outcome: string;
  error_message: string | null;
  fields_json: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  reasoning_tokens: number;
  cached: number;
  latency_ms: number;
  recorded_at: string;
}

export const EXAMPLE_SELECT = `SELECT key, split, example_index, step, input, expected, output, score, feedback, outcome, error_message,
    fields_json, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cached, latency_ms, recorded_at FROM example_results`;

export function toExample(row: ExampleRaw): ExampleResultRow {
  return {
    key: row.key, split: row.split, exampleIndex: row.example_index, step: row.step, input: row.input, expected: row.expected,
    output: row.output, score: row.score, feedback: row.feedback, outcome: row.outcome, errorMessage: row.error_message,
    fields: parse(row.fields_json),
    usage: {
      inputTokens: row.input_tokens, outputTokens: row.output_tokens,
      cachedInputTokens: row.cached_input_tokens, reasoningTokens: row.reasoning_tokens,
    },
    cached: row.cached === 1, latencyMs: row.latency_ms, recordedAt: row.recorded_at,
  };
}

export function getExampleResults(db: Database.Database, runId: string, key: string, options: PageOptions & { split?: string }): ExampleResultRow[] {
  const { limit, offset } = page(options);
  const rows = (
    options.split === undefined
      ? db.prepare(`${EXAMPLE_SELECT} WHERE run_id = ? AND key = ? ORDER BY split, example_index LIMIT ? OFFSET ?`).all(runId, key, limit, offset)
      : db.prepare(`${EXAMPLE_SELECT} WHERE run_id = ? AND key = ? AND split = ? ORDER BY example_index LIMIT ? OFFSET ?`).all(runId, key, options.split, limit, offset)
  ) as ExampleRaw[];
  return rows.map(toExample);
}

export function scoreByStep(db: Database.Database, runId: string, direction: Direction): StepScore[] {
  const rows = db
    .prepare(`SELECT step, COUNT(score) AS n, MAX(score) AS hi, MIN(score) AS lo, AVG(score) AS mean
              FROM candidates WHERE run_id = ? AND score IS NOT NULL GROUP BY step ORDER BY step`)
    .all(runId) as { step: number; n: number; hi: number; lo: number; mean: number }[];
  const better = (a: number, b: number): number => (direction === 'maximize' ? Math.max(a, b) : Math.min(a, b));
  let bestSoFar: number | null = null;
  return rows.map((row) => {
    const best = direction === 'maximize' ? row.hi : row.lo;
    bestSoFar = bestSoFar === null ? best : better(bestSoFar, best);
    return { step: row.step, candidates: row.n, best, mean: row.mean, bestSoFar };
  });
}
