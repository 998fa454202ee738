import type { CallErrorKind, TokenUsage } from '../../models/types.js';

/**
 * How a scored example ended: 'answered' (graded), 'metric-failed' (the metric could not score it:
 * a throwing module, an unparsable judge reply), or the kind of error the scorer call ended with.
 */
export type ExampleOutcome = 'answered' | 'metric-failed' | CallErrorKind;

/** Which examples a scorer call belonged to: the training subset (optimization) or held-out data. */
export type EvaluationSplit = 'train' | 'test';

/**
 * One scored question: emitted by the instruction problem as a ProblemEvent for every scorer call
 * that finished, the moment it finished, so the store can make it durable at once.
 */
export interface ExampleGradedEvent {
  type: 'example-graded';
  /** Dedup key of the instruction (md5 of its UTF-8 text). */
  key: string;
  instruction: string;
  split: EvaluationSplit;
  /** Position of the example in its source file. */
  exampleIndex: number;
  prompt: string;
  target: string;
  /** null when the call failed: a failed call is never graded as a wrong answer. */
  rawAnswer: string | null;
  prediction: string | null;
  correct: boolean | null;
  /** The metric's score in [0, 1] (1/0 for answer grading); null when nothing was scored. */
  score: number | null;
  /** Why the score is what it is (the failed check, the judge's reason), when the metric says. */
  feedback: string | null;
  outcome: ExampleOutcome;
  errorMessage: string | null;
  usage: TokenUsage;
  cached: boolean;
  latencyMs: number;
}
