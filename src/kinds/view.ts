/**
 * How a problem kind's runs are presented: plain data, no code, so the same object is used by the
 * terminal views and sent to the dashboard's browser bundle. Types only.
 */

/** 'percent': accuracies in [0, 1] shown as percentages (with Wilson intervals where n is known). */
export type ScoreFormat = 'percent' | 'number';

export interface ExampleFieldView {
  /** Key in the per-example result's `fields`. */
  name: string;
  /** Column title. */
  label: string;
}

export interface KindView {
  /** The kind's name as runs record it. */
  name: string;
  /** Its solutions as a tab title: 'Instructions', 'Tours'. */
  solutionsLabel: string;
  /** One solution as a column title: 'Instruction', 'Solution'. */
  solutionLabel: string;
  scoreFormat: ScoreFormat;
  /** The optimization curve's y axis. */
  scoreLabel: string;
  /**
   * What one score is, for titles: 'score (judge)' for a mean of a task metric's partial scores.
   * Absent: 'accuracy' for percent scores, 'score' otherwise.
   */
  measure?: string;
  /**
   * Percent scores are shares of correct answers or means of scores in [0, 1], so Wilson intervals
   * apply (on the mean; the default for 'percent'). False for a kind whose percent is neither.
   */
  wilsonIntervals?: boolean;
  /** Draw scores on a log axis (losses spanning orders of magnitude). */
  logScale: boolean;
  /** Its runs record held-out (test) scores: train and test are shown side by side. */
  heldOut: boolean;
  /** Its runs record per-example results: the examples and compare tabs. */
  examples: boolean;
  /** Column titles of the generic per-example fields. */
  exampleLabels: { input: string; output: string; expected: string };
  /** The kind's own per-example fields, shown as columns after the output. */
  exampleFields: readonly ExampleFieldView[];
  /** The run's own name shown before its dataset (a task file's name), when it has one. */
  runName?: string;
  /** Models of roles beyond scorer and optimizer (a task's judge), shown beside them. */
  otherModels?: readonly { role: string; spec: string }[];
  /** Dashboard figures drawn above the curve, by the id the browser bundle knows them under. */
  figures: readonly string[];
}
