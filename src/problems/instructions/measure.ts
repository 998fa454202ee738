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

/** What the views read of a run's recorded task (config.task, see cli/task-support.ts). */
export interface RecordedTaskView {
  name: string | null;
  metric: string | null;
  judge: string | null;
}

/** The recorded task of a run's config, or null for a run without one (a paper run). */
export function recordedTaskView(config: unknown): RecordedTaskView | null {
  if (typeof config !== 'object' || config === null) return null;
  const task = (config as { task?: unknown }).task;
  if (typeof task !== 'object' || task === null) return null;
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const t = task as Record<string, unknown>;
  return { name: text(t['name']), metric: text(t['metric']), judge: text(t['judge']) };
}

/** The metric a run's recorded task names, or null. */
export function recordedTaskMetric(config: unknown): string | null {
  return recordedTaskView(config)?.metric ?? null;
}

/** `score (judge)`, or `score` alone when the metric's name is too long to fit a label; `accuracy`. */
export function measureLabel(measure: ScoreMeasure): string {
  if (measure.noun === 'accuracy' || measure.metric === null || measure.metric.length > LONGEST_METRIC_IN_LABEL) return measure.noun;
  return `${measure.noun} (${measure.metric})`;
}
