import type { CallError, TokenUsage } from '../models/types.js';
import type { ReplyDisposition, RunStatus } from '../engine/events.js';
import type { Direction } from '../engine/problem.js';
import type { ExampleEvaluatedEvent } from '../engine/problem-events.js';

/** A run's lifecycle: created, running (or crashed while running), then how the engine ended it. */
export type StoredRunStatus = 'created' | 'running' | RunStatus;

export interface CreateRunInput {
  /** The problem kind: 'instructions', 'linear-regression', 'tsp', or a user's. */
  kind: string;
  dataset?: string | null;
  /** Model specs, e.g. `openai:gpt-4o-mini`. Problems without a scorer leave it null. */
  scorer?: string | null;
  optimizer?: string | null;
  /** Which way scores improve; decides the best candidate. Defaults to 'maximize'. */
  direction?: Direction;
  /** The resolved configuration, JSON-serialisable. */
  config: unknown;
  /** What makes the run reproducible: seed, model ids, dataset hash, cache namespace, versions. */
  manifest: unknown;
}

export type UsageTotals = Record<string, TokenUsage>;

export interface FailureCounts {
  /** Optimizer replies that gave no new candidate, by disposition (accepted ones are not failures). */
  replies: Partial<Record<Exclude<ReplyDisposition, 'accepted'>, number>>;
  /** Optimizer calls that failed, by error kind. */
  optimizerErrors: Record<string, number>;
  /** Per-example calls (the scorer's) that failed, by error kind (the example outcome). */
  scorerErrors: Record<string, number>;
  /** Candidates for which no evaluation succeeded. */
  unscoredCandidates: number;
}

/** Totals of a run's per-example results. */
export interface ExampleTotals {
  /** Examples evaluated (one model call each when the kind calls a model). */
  evaluated: number;
  /** Of those, answered from the call cache. */
  cached: number;
  /** Of those, with an answer (the others failed). */
  answered: number;
  /** Sum of the per-example scores in [0, 1]: the number right when scores are 0 or 1. */
  scoreSum: number;
}

/**
 * Figures of one run. The counts are recomputed from the recorded rows (so re-recording the same
 * events cannot inflate them); cost and per-model usage come from the caller's meter, since calls
 * reach the store only as events.
 */
export interface RunSummary {
  bestScore: number | null;
  bestKey: string | null;
  stepsCompleted: number;
  candidatesScored: number;
  optimizerCalls: number;
  /** The run's per-example results, whatever its kind (instructions: one scorer call each). */
  examples: ExampleTotals;
  failures: FailureCounts;
  usage: { byRole: UsageTotals; byModel: UsageTotals };
  costUsd: number | null;
  /** Anything else the caller reported (kept as given). */
  [extra: string]: unknown;
}

export interface RunLockInfo {
  pid: number;
  host: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export interface RunListRow {
  id: string;
  kind: string;
  dataset: string | null;
  scorer: string | null;
  optimizer: string | null;
  status: StoredRunStatus;
  statusReason: string | null;
  /** True when a process holds the run's lock with a fresh heartbeat (a 'running' run without one crashed). */
  live: boolean;
  bestScore: number | null;
  steps: number;
  calls: number;
  costUsd: number | null;
  createdAt: string;
  startedAt: string | null;
  /** The run's configuration, for its kind's view of it (a task run's name). */
  config: unknown;
}

export interface RunRecord {
  id: string;
  kind: string;
  dataset: string | null;
  scorer: string | null;
  optimizer: string | null;
  direction: Direction;
  status: StoredRunStatus;
  statusReason: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  config: unknown;
  manifest: unknown;
  summary: RunSummary;
  lock: RunLockInfo | null;
  /** True when the lock holder's heartbeat is fresh (a 'running' run without one has crashed). */
  live: boolean;
}

export interface CandidateRow {
  step: number;
  key: string;
  solution: unknown;
  description: string;
  /** Train score; null when no evaluation succeeded. */
  score: number | null;
  stats: Record<string, number> | null;
  unscoredReason: string | null;
  testScore: number | null;
  testN: number | null;
  recordedAt: string;
}

export type CandidateOrder = 'score' | 'step' | 'test';

export interface PageOptions {
  limit?: number;
  offset?: number;
}

export interface StepRow {
  step: number;
  details: Record<string, unknown> | null;
  candidatesEvaluated: number | null;
  scored: number | null;
  optimizerCalls: number | null;
  bestKey: string | null;
  bestScore: number | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ReplyRow {
  step: number;
  sampleIndex: number;
  text: string | null;
  error: CallError | null;
  disposition: ReplyDisposition;
  reason: string | null;
  candidate: unknown;
  key: string | null;
  recordedAt: string;
}

export interface StepDetail extends StepRow {
  metaPrompt: string | null;
  replies: ReplyRow[];
}

/** One per-example result as stored (see ExampleEvaluatedEvent for the meaning of each field). */
/** A stored per-example result: the event as the problem emitted it, with its step and when it was recorded. */
export type ExampleResultRow = Omit<ExampleEvaluatedEvent, 'type'> & {
  step: number;
  recordedAt: string;
};

export interface StepScore {
  step: number;
  candidates: number;
  /** Best score among this step's candidates (by the run's direction). */
  best: number;
  mean: number;
  /** Best score of all steps up to and including this one. */
  bestSoFar: number;
}

/** Everything `opro show` prints. */
export interface RunShowDetail {
  run: RunRecord;
  top: CandidateRow[];
  scoreByStep: StepScore[];
  failures: FailureCounts;
}
