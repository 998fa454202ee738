import type { TokenUsage } from '../models/types.js';

/**
 * Problem events: what a problem reports through `EvaluateContext.emit` beside its scores. Two are
 * generic, so the run store records them whatever the problem kind; a problem may emit others
 * (progress details) that listeners may read and the store ignores.
 */

/**
 * One example a solution was evaluated on (one scorer call of the instruction problem, one test case
 * of a user's metric): emitted the moment it finished, so the store can make it durable at once.
 */
export interface ExampleEvaluatedEvent {
  type: 'example-evaluated';
  /** Dedup key of the solution evaluated. */
  key: string;
  /** Which data the example belongs to: 'train' (optimization), 'test' (held out), or a kind's own. */
  split: string;
  /** Position of the example in its source. */
  exampleIndex: number;
  /** What the solution was evaluated on: the exact prompt sent, or a reference to the input. */
  input: string;
  /** The reference answer, when the example has one. */
  expected: string | null;
  /** What the solution produced; null when the call failed. */
  output: string | null;
  /** In [0, 1]; null when nothing was graded (a failed call is never a wrong answer). */
  score: number | null;
  /** Why the score is what it is (a metric's or a judge's words), when there is one. */
  feedback: string | null;
  /** 'answered', or the kind of error the call finally ended with. */
  outcome: string;
  errorMessage: string | null;
  /** The kind's own per-example fields (e.g. the extracted prediction), kept as JSON. */
  fields: Record<string, unknown> | null;
  usage: TokenUsage;
  cached: boolean;
  latencyMs: number;
}

/** A held-out score of one solution (e.g. the best instruction on the test split). */
export interface TestEvaluatedEvent {
  type: 'test-evaluated';
  key: string;
  score: number;
  /** How many examples the score is over. */
  n: number;
}

/** Any other event a problem reports: a progress detail with its own fields. */
export interface CustomProblemEvent {
  type: string;
  [field: string]: unknown;
}

export type ProblemEvent = ExampleEvaluatedEvent | TestEvaluatedEvent | CustomProblemEvent;

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNullableString = (value: unknown): value is string | null => value === null || isString(value);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Problem events cross the engine as plain objects (a user's problem may emit anything), so the
 * generic ones are checked field by field before anything relies on their shape.
 */
export function isExampleEvaluated(event: ProblemEvent): event is ExampleEvaluatedEvent {
  const e = event as Record<string, unknown>;
  return (
    e.type === 'example-evaluated' &&
    isString(e.key) &&
    isString(e.split) &&
    Number.isInteger(e.exampleIndex) &&
    isString(e.input) &&
    isNullableString(e.expected) &&
    isNullableString(e.output) &&
    (e.score === null || (isNumber(e.score) && e.score >= 0 && e.score <= 1)) &&
    isNullableString(e.feedback) &&
    isString(e.outcome) &&
    isNullableString(e.errorMessage) &&
    (e.fields === null || isObject(e.fields)) &&
    isObject(e.usage) &&
    typeof e.cached === 'boolean' &&
    isNumber(e.latencyMs)
  );
}

export function isTestEvaluated(event: ProblemEvent): event is TestEvaluatedEvent {
  const e = event as Record<string, unknown>;
  return e.type === 'test-evaluated' && isString(e.key) && isNumber(e.score) && Number.isInteger(e.n);
}
