import type { ExampleEvaluatedEvent } from '../../engine/problem-events.js';
import type { ExampleGradedEvent } from './events.js';

/**
 * The generic per-example record of one graded scorer call, as the run store keeps it: the prompt
 * is the input, the target the expected answer, the raw answer the output, and a correct answer
 * scores 1 (a wrong one 0; a failed call has no score). The extracted prediction is this kind's
 * own field.
 */
export function toExampleEvaluated(event: ExampleGradedEvent): ExampleEvaluatedEvent {
  return {
    type: 'example-evaluated',
    key: event.key,
    split: event.split,
    exampleIndex: event.exampleIndex,
    input: event.prompt,
    expected: event.target,
    output: event.rawAnswer,
    score: event.correct === null ? null : event.correct ? 1 : 0,
    feedback: null,
    outcome: event.outcome,
    errorMessage: event.errorMessage,
    fields: { prediction: event.prediction },
    usage: event.usage,
    cached: event.cached,
    latencyMs: event.latencyMs,
  };
}
