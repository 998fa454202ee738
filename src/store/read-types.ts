import type { Direction } from '../engine/problem.js';
import type { CandidateRow, ExampleResultRow, StepRow } from './types.js';

/**
 * The shapes of the store's read API (read-api.ts): what the dashboard asks for and gets back.
 * The dashboard's response types are derived from these, so a change here is a compile error there.
 */

export type SortDir = 'asc' | 'desc';

export const CANDIDATE_SORT_KEYS = ['score', 'step', 'test'] as const;
export type CandidateSortKey = (typeof CANDIDATE_SORT_KEYS)[number];

/** Which examples to list: full marks, below full marks, or failed calls. */
export const EXAMPLE_FILTERS = ['all', 'correct', 'wrong', 'failed'] as const;
export type ExampleFilter = (typeof EXAMPLE_FILTERS)[number];

export const COMPARE_FILTERS = ['all', 'differ', 'onlyA', 'onlyB'] as const;
export type CompareFilter = (typeof COMPARE_FILTERS)[number];

export interface Paged {
  limit: number;
  offset: number;
}

export interface Slice<T> {
  total: number;
  rows: T[];
}

/** A run's own row without its (costly to recompute) summary. */
export interface RunBasics {
  id: string;
  kind: string;
  direction: Direction;
  manifest: unknown;
}

/** A scored candidate as a dot of the curve, its text cut to a tooltip's length. */
export interface ScoredCandidate {
  step: number;
  key: string;
  score: number;
  text: string;
  solution: unknown;
  /** Held-out score of the key, when measured. */
  test: number | null;
}

/** A steps row without its meta-prompt and details, plus its replies by disposition. */
export type StepListRow = Omit<StepRow, 'details'> & { replies: Record<string, number> };

/**
 * Examples of one solution on one split by grade: full marks, below, failed calls; and the mean score
 * over the answered ones, which is the split's score as the run records it (train score, held-out score).
 */
export interface ExampleTally {
  /** The split tallied: a tally never mixes the training split with the held-out one. */
  split: string;
  total: number;
  correct: number;
  wrong: number;
  failed: number;
  /** Examples answered and graded: the n of the mean. */
  answered: number;
  /** Mean score of the answered examples (an accuracy under 0/1 grading); null when none was answered. */
  mean: number | null;
}

export type ExampleListRow = Omit<ExampleResultRow, 'key' | 'usage' | 'recordedAt'>;

export interface CompareSideRow {
  output: string | null;
  score: number | null;
  /** Why the score is what it is (the failed check, the judge's reason), when the metric said. */
  feedback: string | null;
  outcome: string;
  fields: Record<string, unknown> | null;
}

export interface CompareListRow {
  split: string;
  exampleIndex: number;
  input: string;
  expected: string | null;
  a: CompareSideRow;
  b: CompareSideRow;
}

export interface CompareTally {
  /** Examples both solutions were evaluated on. */
  shared: number;
  /** Both at full score (both correct). */
  both: number;
  /** A scored higher (a failed call counts as 0): under 0/1 grading, only A correct. */
  onlyA: number;
  onlyB: number;
  /** The same score, below full (both wrong under 0/1 grading). */
  neither: number;
  /** At least one side's call failed. */
  failed: number;
}

/** What changes when anything about a run changes (rows, status, lock liveness). */
export interface RunSignature {
  id: string;
  signature: string;
}

export type { CandidateRow };
