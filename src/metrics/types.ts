/**
 * A metric scores one model output for one example: a score in [0, 1] with optional feedback text
 * (why it lost points), or a failure with its reason. A failure is never a zero: a metric that could
 * not judge (a throwing module, an unparsable judge reply) is reported and left out of the mean,
 * the way a failed model call is.
 */
import type { CallErrorKind } from '../models/types.js';

/** What a metric sees of a dataset example. */
export interface MetricExample {
  /** Position of the example in its source file. */
  index: number;
  /** The gold answer (empty when the dataset has none, e.g. an open-ended task scored by a judge). */
  target: string;
  /** Every field of the example, as text. */
  fields: Readonly<Record<string, string>>;
  /** The prompt the scorer answered (plain text; a chat prompt as labelled turns). */
  prompt: string;
}

export type MetricResult =
  | { ok: true; score: number; feedback?: string }
  /** callError: the metric's own model call failed (a judge), so budget cuts and Ctrl-C are told apart. */
  | { ok: false; reason: string; callError?: CallErrorKind };

export interface MetricContext {
  signal?: AbortSignal;
}

export interface Metric {
  /** A short label for reports: 'answer', 'contains', 'judge', 'weighted(...)'. */
  readonly name: string;
  score(output: string, example: MetricExample, context?: MetricContext): Promise<MetricResult>;
}

export function passed(score: number, feedback?: string): MetricResult {
  return feedback === undefined ? { ok: true, score } : { ok: true, score, feedback };
}

export function failedMetric(reason: string): MetricResult {
  return { ok: false, reason };
}

/** A pass/fail check: 1 without feedback, or 0 with the feedback saying what failed. */
export function check(ok: boolean, feedbackWhenFailed: string): MetricResult {
  return ok ? { ok: true, score: 1 } : { ok: true, score: 0, feedback: feedbackWhenFailed };
}

/** Quote a value for feedback, shortened so feedback stays one readable line. */
export function quoteShort(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine);
}
