/**
 * The dashboard's JSON API: what the server sends and the browser reads. Types only, no runtime code,
 * so the Node server (main build) and the browser bundle (esbuild, DOM tsconfig) share one contract.
 */

export type Direction = 'maximize' | 'minimize';

/** A page of rows plus what the pager needs. */
export interface Page<T> {
  total: number;
  offset: number;
  limit: number;
  rows: T[];
}

export interface RunListItem {
  id: string;
  kind: string;
  dataset: string | null;
  scorer: string | null;
  optimizer: string | null;
  /** The stored status, except 'stalled' for a 'running' run whose process is gone. */
  status: string;
  statusReason: string | null;
  live: boolean;
  bestScore: number | null;
  steps: number;
  calls: number;
  costUsd: number | null;
  createdAt: string;
  startedAt: string | null;
}

export const RUN_SORT_KEYS = ['started', 'task', 'scorer', 'optimizer', 'status', 'best', 'steps', 'calls', 'cost'] as const;
export type RunSortKey = (typeof RUN_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

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

export interface FailureFigures {
  replies: Record<string, number>;
  optimizerErrors: Record<string, number>;
  scorerErrors: Record<string, number>;
  unscoredCandidates: number;
}

export interface RunSummaryView {
  bestScore: number | null;
  bestKey: string | null;
  stepsCompleted: number;
  candidatesScored: number;
  optimizerCalls: number;
  examples: { evaluated: number; cached: number; answered: number; scoreSum: number };
  costUsd: number | null;
  usage: { byRole: Record<string, UsageFigures>; byModel: Record<string, UsageFigures> };
  failures: FailureFigures;
}

export interface CandidateItem {
  step: number;
  key: string;
  /** The text shown to people (the instruction itself, or the solution's JSON). */
  text: string;
  solution: unknown;
  score: number | null;
  testScore: number | null;
  testN: number | null;
  stats: Record<string, number> | null;
  unscoredReason: string | null;
}

export interface RunResponse {
  id: string;
  kind: string;
  dataset: string | null;
  scorer: string | null;
  optimizer: string | null;
  direction: Direction;
  status: string;
  statusReason: string | null;
  live: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  config: unknown;
  manifest: unknown;
  summary: RunSummaryView;
  best: CandidateItem | null;
  /** The spend cap the run was started with (`--budget`), when the config records one. */
  budgetUsd: number | null;
}

export const CANDIDATE_SORT_KEYS = ['score', 'step', 'test'] as const;
export type CandidateSortKey = (typeof CANDIDATE_SORT_KEYS)[number];

/** Every scored candidate as one dot, columnar to keep the payload small. */
export interface CurveResponse {
  kind: string;
  direction: Direction;
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

export interface StepItem {
  step: number;
  candidatesEvaluated: number | null;
  scored: number | null;
  optimizerCalls: number | null;
  bestKey: string | null;
  bestScore: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** Optimizer replies of this step by disposition. */
  replies: Record<string, number>;
}

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

export interface StepDetailResponse {
  step: number;
  metaPrompt: string | null;
  details: Record<string, unknown> | null;
  startedAt: string;
  finishedAt: string | null;
  bestKey: string | null;
  bestScore: number | null;
  replies: ReplyItem[];
}

export const EXAMPLE_FILTERS = ['all', 'correct', 'wrong', 'failed'] as const;
export type ExampleFilter = (typeof EXAMPLE_FILTERS)[number];

export interface ExampleItem {
  split: string;
  exampleIndex: number;
  step: number;
  input: string;
  expected: string | null;
  output: string | null;
  score: number | null;
  /** Full marks (score 1); null when nothing was graded. */
  correct: boolean | null;
  feedback: string | null;
  outcome: string;
  errorMessage: string | null;
  fields: Record<string, unknown> | null;
  cached: boolean;
  latencyMs: number;
}

export interface ExampleTally {
  total: number;
  correct: number;
  wrong: number;
  failed: number;
}

export interface ExamplesResponse extends Page<ExampleItem> {
  candidate: CandidateItem | null;
  tally: ExampleTally;
}

export interface CompareSide {
  output: string | null;
  score: number | null;
  correct: boolean | null;
  outcome: string;
  fields: Record<string, unknown> | null;
}

export interface CompareRow {
  split: string;
  exampleIndex: number;
  input: string;
  expected: string | null;
  a: CompareSide;
  b: CompareSide;
}

export interface CompareTally {
  /** Examples both instructions were graded on. */
  shared: number;
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
  /** At least one side's call failed. */
  failed: number;
}

export const COMPARE_FILTERS = ['all', 'differ', 'onlyA', 'onlyB'] as const;
export type CompareFilter = (typeof COMPARE_FILTERS)[number];

export interface CompareResponse extends Page<CompareRow> {
  a: CandidateItem | null;
  b: CandidateItem | null;
  tally: CompareTally;
}

/** What a TSP run records in `manifest.instance`. */
export interface TspInstanceData {
  points: [number, number][];
  baselines: {
    nearestNeighbour: { tour: number[]; length: number };
    farthestInsertion: { tour: number[]; length: number };
    reference: { tour: number[]; length: number; kind: string };
  };
}

export interface TspResponse {
  /** null when the run did not record its points (see the page's note). */
  instance: TspInstanceData | null;
  /** Each new best-so-far tour, in step order (the last one is the run's best). */
  improvements: { step: number; length: number; tour: number[] }[];
}

/** What a linear-regression run records in `manifest.instance`. */
export interface LinregInstanceData {
  wTrue: number;
  bTrue: number;
  x: number[];
  y: number[];
}

export interface LinregPair {
  step: number;
  w: number;
  b: number;
  loss: number;
}

export interface LinregResponse {
  instance: LinregInstanceData | null;
  /** Every explored pair (scored candidates). */
  pairs: LinregPair[];
  /** The running-best pairs, in the order they became best. */
  bestPath: LinregPair[];
  truncated: boolean;
}

/** Server-sent event `change`: runs whose rows changed since the previous poll. */
export interface ChangeMessage {
  changed: string[];
  removed: string[];
}

export interface ApiError {
  error: string;
}
