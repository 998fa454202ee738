import type { CallErrorKind, TokenUsage } from '../../models/types.js';

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
  /** 'answered', or the kind of error the call finally ended with. */
  outcome: 'answered' | CallErrorKind;
  errorMessage: string | null;
  usage: TokenUsage;
  cached: boolean;
  latencyMs: number;
}
