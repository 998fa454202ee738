import type { ExampleEvaluatedEvent } from '../../engine/problem-events.js';
import type { ExampleGradedEvent } from './events.js';

/**
 * The generic per-example record of one graded scorer call, as the run store keeps it: the prompt
 * is the input, the target the expected answer, the raw answer the output, and the score is the
 * metric's (answer grading: a correct answer 1, a wrong one 0; a failed call or metric has none),
 * with its feedback. The extracted prediction is this kind's own field.
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
    // Events made before metrics existed carry only `correct`: it is the score (1 or 0).
    score: event.score ?? (event.correct === null ? null : event.correct ? 1 : 0),
    feedback: event.feedback ?? null,
    outcome: event.outcome,
    errorMessage: event.errorMessage,
    fields: { prediction: event.prediction },
    usage: event.usage,
    cached: event.cached,
    latencyMs: event.latencyMs,
  };
}
