/**
 * What an instruction run's scores measure. The paper's runs, and a task graded by the `answer`
 * metric, measure accuracy (the share of examples answered correctly); a task's other metrics give a
 * mean score in [0, 1], which is not an accuracy and is named after its metric where space allows.
 */

/** The task metric whose scores are accuracies (correct or not against the gold answer). */
export const ACCURACY_METRIC = 'answer';

/** Longest metric name written into a label; longer ones (weighted mixes) are left out. */
const LONGEST_METRIC_IN_LABEL = 30;

export interface ScoreMeasure {
  /** 'accuracy' for answer grading, else 'score'. */
  noun: 'accuracy' | 'score';
  /** The task metric's name (`judge`, `weighted(judge, max-length)`), or null for a paper run. */
  metric: string | null;
}

export function scoreMeasure(metric: string | null | undefined): ScoreMeasure {
  if (metric === null || metric === undefined || metric === ACCURACY_METRIC) return { noun: 'accuracy', metric: metric ?? null };
  return { noun: 'score', metric };
}

/** The metric a run's recorded task names (config.task.metric, see cli/task-support.ts), or null. */
export function recordedTaskMetric(config: unknown): string | null {
  if (typeof config !== 'object' || config === null) return null;
  const task = (config as { task?: unknown }).task;
  if (typeof task !== 'object' || task === null) return null;
  const metric = (task as { metric?: unknown }).metric;
  return typeof metric === 'string' && metric !== '' ? metric : null;
}

/** `score (judge)`, or `score` alone when the metric's name is too long to fit a label; `accuracy`. */
export function measureLabel(measure: ScoreMeasure): string {
  if (measure.noun === 'accuracy' || measure.metric === null || measure.metric.length > LONGEST_METRIC_IN_LABEL) return measure.noun;
  return `${measure.noun} (${measure.metric})`;
}
