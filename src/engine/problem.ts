/**
 * The Problem interface: everything the problem-agnostic OPRO loop needs to know about one
 * application (instruction optimization, linear regression, TSP, or a user's own objective).
 * The engine never knows about datasets or HTTP; a problem never knows about SQLite.
 */
import type { ProblemEvent } from './problem-events.js';

export type { ProblemEvent } from './problem-events.js';

export type Direction = 'maximize' | 'minimize';

/** One scored solution in the optimization trajectory. Step -1 holds the initial solutions. */
export interface HistoryEntry<S> {
  solution: S;
  key: string;
  score: number;
  step: number;
  /** Extra numbers a problem wants to keep with the score (e.g. examples answered, failures). */
  stats?: Record<string, number>;
}

export type ParseResult<S> = { ok: true; solution: S } | { ok: false; reason: string };

export interface MetaPrompt {
  text: string;
  /** Anything the problem wants recorded with the step (e.g. exemplar indices). JSON-serialisable. */
  details?: Record<string, unknown>;
}

export interface Evaluation {
  /** null when nothing could be evaluated (every call failed, or a cap or Ctrl-C cut it short); such a candidate is not scored. */
  score: number | null;
  stats?: Record<string, number>;
  /** Why `score` is null: shown with the candidate, and what the engine stops on. */
  unscored?: Unscored;
}

/**
 * Why an evaluation has no score. 'failed': every call it made failed (a dead or broken server);
 * 'budget': a hard cap refused calls; 'interrupted': the user's Ctrl-C cancelled calls.
 */
export interface Unscored {
  cause: 'failed' | 'budget' | 'interrupted';
  /** One phrase for people, e.g. "every scorer call failed (network: ...)". */
  reason: string;
}

export interface EvaluateContext<S = unknown> {
  step: number;
  signal?: AbortSignal;
  /**
   * The scored history before this step's candidates (in the order entries were added): what a problem
   * needs to know how good a candidate must be to matter (e.g. instruction racing's bar).
   */
  history: readonly HistoryEntry<S>[];
  /** Problems report fine-grained progress (e.g. one graded example) through this. */
  emit(event: ProblemEvent): void;
}

export interface Problem<S> {
  /** Short name of the application: 'instructions', 'linear-regression', 'tsp', or the user's. */
  readonly kind: string;
  readonly direction: Direction;
  /** Starting solutions, scored at step -1 before the first optimizer call. */
  initialSolutions(): S[] | Promise<S[]>;
  /** The meta-prompt for a step, from the full scored history (in the order entries were added). */
  buildMetaPrompt(history: readonly HistoryEntry<S>[], step: number): MetaPrompt | Promise<MetaPrompt>;
  /** One candidate from one optimizer reply, or the reason the reply holds none. */
  parseReply(reply: string, step: number): ParseResult<S>;
  /** Stable identity used for de-duplication. */
  key(solution: S): string;
  /** A reason to reject a (new, de-duplicated) candidate before it is evaluated, or null to keep it. */
  validate?(solution: S): string | null;
  /** Score every candidate of a step together, so their calls can be in flight at once. */
  evaluate(solutions: readonly S[], context: EvaluateContext<S>): Promise<Evaluation[]>;
  /** Early stop: the problem knows the optimum was reached (linear regression's rule). */
  isOptimal?(entry: HistoryEntry<S>): boolean;
  /** Human-readable form for progress lines and reports. */
  describe(solution: S): string;
}
