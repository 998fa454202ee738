import type { ProblemEvent } from '../engine/problem.js';
import type { ExampleGradedEvent } from '../problems/instructions/events.js';

/**
 * The problem events the store understands. Problem events arrive untyped (`{ type: string, ... }`),
 * so each is checked field by field before it is written; others are ignored.
 */

/** A held-out score of one solution (e.g. the best instruction on the test split). */
export interface TestEvaluatedEvent {
  type: 'test-evaluated';
  key: string;
  score: number;
  /** How many examples the score is over. */
  n: number;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNullableString = (value: unknown): value is string | null => value === null || isString(value);

export function isExampleGraded(event: ProblemEvent): event is ProblemEvent & ExampleGradedEvent {
  return (
    event.type === 'example-graded' &&
    isString(event.key) &&
    isString(event.split) &&
    Number.isInteger(event.exampleIndex) &&
    isString(event.prompt) &&
    isString(event.target) &&
    isNullableString(event.rawAnswer) &&
    isNullableString(event.prediction) &&
    (event.correct === null || typeof event.correct === 'boolean') &&
    isString(event.outcome) &&
    isNullableString(event.errorMessage) &&
    typeof event.usage === 'object' &&
    event.usage !== null &&
    typeof event.cached === 'boolean' &&
    isNumber(event.latencyMs)
  );
}

export function isTestEvaluated(event: ProblemEvent): event is ProblemEvent & TestEvaluatedEvent {
  return event.type === 'test-evaluated' && isString(event.key) && isNumber(event.score) && Number.isInteger(event.n);
}
