/**
 * The dashboard's JSON API: what the server sends and the browser reads. Types only (plus a few
 * constant lists), so the Node server and the browser bundle share one contract. The shapes are
 * derived from the store's read API and records, so a change there fails the build here.
 */
import type { SummaryFigure } from '../../kinds/types.js';
import type { KindView, ScoreFormat } from '../../kinds/view.js';
import type {
  CandidateSortKey, CompareFilter, CompareListRow, CompareSideRow, CompareTally, ExampleFilter, ExampleListRow, ExampleTally,
  SortDir, StepListRow,
} from '../../store/read-types.js';
import type { RunListRow, RunRecord, RunSummary, StepDetail } from '../../store/types.js';

export type { Direction } from '../../engine/problem.js';
export type { KindView, ScoreFormat, SummaryFigure };
export type { CandidateSortKey, CompareFilter, CompareTally, ExampleFilter, ExampleTally, SortDir };
export type { LinregInstanceData, LinregPair, LinregResponse } from '../../problems/linear-regression/dashboard-types.js';
export type { TspInstanceData, TspResponse } from '../../problems/tsp/dashboard-types.js';

// Runtime lists live in the browser bundle too, so they are repeated here rather than imported from
// the store (whose modules load SQLite); `satisfies` ties each to the store's type.
export const CANDIDATE_SORT_KEYS = ['score', 'step', 'test'] as const satisfies readonly CandidateSortKey[];
export const EXAMPLE_FILTERS = ['all', 'correct', 'wrong', 'failed'] as const satisfies readonly ExampleFilter[];
export const COMPARE_FILTERS = ['all', 'differ', 'onlyA', 'onlyB'] as const satisfies readonly CompareFilter[];

/** A page of rows plus what the pager needs. */
export interface Page<T> {
  total: number;
  offset: number;
  limit: number;
  rows: T[];
}

export type RunListItem = Omit<RunListRow, 'status' | 'config'> & {
  /** The stored status, except 'stalled' for a 'running' run whose process is gone. */
  status: string;
  /** The run's own name (a task file's), or null. */
  runName: string | null;
  /** How the run's kind writes scores. */
  scoreFormat: ScoreFormat;
};

export const RUN_SORT_KEYS = ['started', 'task', 'scorer', 'optimizer', 'status', 'best', 'steps', 'calls', 'cost'] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];

export interface RunsResponse extends Page<RunListItem> {
  /** False when there is no store file yet (nothing recorded): the list is empty, not broken. */
  storeReady: boolean;
  message: string | null;
}

/** Token and call figures of one role or model; fields are present when the recorder knew them. */
export interface UsageFigures {
  calls?: number;
  cachedCalls?: number;
  failed?: number;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
  costUsd?: number;
  unpricedCalls?: number;
  failuresByKind?: Record<string, number>;
}

/** Per-endpoint figures of a run (see models/rate-limits/endpoint-report.ts). */
export type { EndpointReport as EndpointFigures } from '../../models/rate-limits/endpoint-report.js';
import type { EndpointReport } from '../../models/rate-limits/endpoint-report.js';

export interface FailureFigures {
  replies: Record<string, number>;
  optimizerErrors: Record<string, number>;
  scorerErrors: Record<string, number>;
  unscoredCandidates: number;
}

export type RunSummaryView = Pick<RunSummary, 'bestScore' | 'bestKey' | 'stepsCompleted' | 'candidatesScored' | 'optimizerCalls' | 'examples'> & {
  costUsd: number | null;
  usage: { byRole: Record<string, UsageFigures>; byModel: Record<string, UsageFigures> };
  /** 429s, 5xx, retries, time waited, learned limit or rate and calls/s per endpoint (runs recorded by the CLI). */
  endpoints: EndpointReport[];
  failures: FailureFigures;
};

export interface CandidateItem {
  step: number;
  key: string;
  /** The text the store recorded (the instruction itself, or the solution's JSON): what gets copied. */
  text: string;
  /** The solution as people read it (the kind's wording; the text otherwise). */
  label: string;
  solution: unknown;
  score: number | null;
  testScore: number | null;
  testN: number | null;
  stats: Record<string, number> | null;
  unscoredReason: string | null;
}

export type RunResponse = Pick<
  RunRecord,
  'id' | 'kind' | 'dataset' | 'scorer' | 'optimizer' | 'direction' | 'statusReason' | 'live' | 'createdAt' | 'startedAt' | 'finishedAt' | 'updatedAt' | 'config' | 'manifest'
> & {
  /** The stored status, except 'stalled' for a 'running' run whose process is gone. */
  status: string;
  /** How the run's kind is presented (labels, score format, tabs, figures). */
  view: KindView;
  /** The kind's headline figures. */
  figures: SummaryFigure[];
  summary: RunSummaryView;
  best: CandidateItem | null;
  /** The spend cap the run was started with (`--budget`), when the config records one. */
  budgetUsd: number | null;
  /** The call and token caps it was started with (`--max-calls`, `--max-tokens`). */
  caps: { maxCalls: number | null; maxTokens: number | null };
};

/** Every scored candidate as one dot, columnar to keep the payload small. */
export interface CurveResponse {
  kind: string;
  direction: RunRecord['direction'];
  steps: number[];
  scores: number[];
  keys: string[];
  /** Candidate text cut to a tooltip's length. */
  texts: string[];
  /** Held-out score of the candidate at the same index, or null when not measured. */
  tests: (number | null)[];
  /** Best score of all steps up to and including each step, one entry per step that scored anything. */
  bestSoFar: { step: number; best: number }[];
  /** True when the run has more scored candidates than one chart shows (see MAX_CURVE_POINTS). */
  truncated: boolean;
  totalScored: number;
}

export type StepItem = StepListRow;

export interface ReplyItem {
  sampleIndex: number;
  text: string | null;
  error: { kind: string; message: string } | null;
  disposition: string;
  reason: string | null;
  candidate: unknown;
  key: string | null;
  /** The parsed candidate's train score, when it was scored. */
  score: number | null;
}

export type StepDetailResponse = Pick<StepDetail, 'step' | 'metaPrompt' | 'details' | 'startedAt' | 'finishedAt' | 'bestKey' | 'bestScore'> & {
  replies: ReplyItem[];
};

/** One per-example result; `correct` is full marks (score 1), null when nothing was graded. */
export type ExampleItem = ExampleListRow & { correct: boolean | null };

/** `split=all` on the examples API: every split's examples listed, each split tallied on its own. */
export const ALL_SPLITS = 'all';

/** One split of the run with how many examples of it the instruction was graded on. */
export interface ExampleSplit {
  split: string;
  graded: number;
}

export interface ExamplesResponse extends Page<ExampleItem> {
  candidate: CandidateItem | null;
  /**
   * The split listed ('train' or 'test'), or 'all' when asked for every split. Without a `split`
   * parameter, the held-out one when the instruction was graded on it, else train.
   */
  split: string;
  /** Every split with examples graded for this instruction, train and test always listed (0 when none). */
  splits: ExampleSplit[];
  /**
   * One tally per split listed, in split order: one for a split, one per graded split for 'all'.
   * Never one figure over both splits (a training score is fitted, a held-out one is not).
   */
  tallies: ExampleTally[];
}

export type CompareSide = CompareSideRow & { correct: boolean | null };

export type CompareRow = Omit<CompareListRow, 'a' | 'b'> & { a: CompareSide; b: CompareSide };

/** One split of the run with how many of its examples both instructions were graded on. */
export interface CompareSplit {
  split: string;
  shared: number;
}

export interface CompareResponse extends Page<CompareRow> {
  a: CandidateItem | null;
  b: CandidateItem | null;
  /**
   * The one split compared ('train' or 'test'): the tally, the rows and the paired test pair only
   * examples of it. Without a `split` parameter, the held-out one when both were graded on it, else train.
   */
  split: string;
  /** Every split with examples both were graded on, train and test always listed (0 when none). */
  splits: CompareSplit[];
  tally: CompareTally;
  /**
   * Present when some shared score is strictly between 0 and 1 (a judge, token F1...): both sides'
   * scores on every example both answered, in example order, for the paired permutation test.
   */
  scores?: { a: number[]; b: number[] };
}

/** Server-sent event `change`: runs whose rows changed since the previous poll. */
export interface ChangeMessage {
  changed: string[];
  removed: string[];
}

export interface ApiError {
  error: string;
}
