import type { ProblemKind } from '../../kinds/types.js';
import type { KindView } from '../../kinds/view.js';
import { measureLabel, recordedTaskView, scoreMeasure } from './measure.js';
import { InstructionProblem, type InstructionProblemOptions } from './problem.js';
import { wilsonIntervalOfMean } from '../../stats/wilson.js';

/** The kind's name as runs record it. */
export const INSTRUCTIONS_KIND = 'instructions';

/**
 * Instruction optimization (the paper's main application) as a plug-in: accuracies on a dataset,
 * train and held-out, with one graded scorer call per example.
 */
/** `on 60 held-out examples, 95% Wilson interval [79.9, 95.3]`: the interval every view prints (on the mean). */
function intervalNote(score: number | null, n: number | null | undefined, what: string): string | null {
  if (!n || !Number.isInteger(n) || n <= 0) return null;
  if (score === null) return `on ${n} ${what} examples`;
  const { lower, upper } = wilsonIntervalOfMean(Math.min(1, Math.max(0, score)), n);
  return `on ${n} ${what} examples, 95% Wilson interval [${(lower * 100).toFixed(1)}, ${(upper * 100).toFixed(1)}]`;
}

/** One end of a score's 95% Wilson interval (on the mean) as a proportion, for the CSV export; null without n. */
function intervalEnd(score: number | null, n: unknown, end: 'lower' | 'upper'): number | null {
  if (score === null || typeof n !== 'number' || !Number.isInteger(n) || n <= 0) return null;
  return Number(wilsonIntervalOfMean(Math.min(1, Math.max(0, score)), n)[end].toFixed(6));
}

const VIEW: KindView = {
  name: INSTRUCTIONS_KIND, solutionsLabel: 'Instructions', solutionLabel: 'Instruction', scoreFormat: 'percent',
  scoreLabel: 'training accuracy', logScale: false, heldOut: true, examples: true,
  exampleLabels: { input: 'Prompt', output: 'Raw answer', expected: 'Target' },
  exampleFields: [{ name: 'prediction', label: 'Parsed' }], figures: [],
};

export const instructionsKind: ProblemKind = {
  view: VIEW,
  // A task run scored by its own metric measures a mean score, named after the metric.
  viewFor: (config) => {
    const task = recordedTaskView(config);
    if (!task) return VIEW;
    const measure = scoreMeasure(task.metric);
    const label = measureLabel(measure);
    // Wilson intervals still apply: on the mean (see stats/wilson.ts wilsonIntervalOfMean).
    return {
      ...VIEW,
      // A task's metric scores the raw output: there is no parsed prediction to show.
      exampleLabels: { input: 'Prompt', output: 'Output', expected: 'Expected' },
      exampleFields: [],
      ...(task.name ? { runName: task.name } : {}),
      ...(task.judge ? { otherModels: [{ role: 'judge', spec: task.judge }] } : {}),
      ...(measure.noun === 'accuracy' ? {} : { scoreLabel: `training ${label}`, measure: label }),
    };
  },
  createProblem: (options: InstructionProblemOptions) => new InstructionProblem(options),
  // The CSV export carries the same intervals as every view (proportions; n is test_n and stats_json's answered).
  exportColumns: [
    { name: 'train_ci95_low', value: (c) => intervalEnd(c.score, c.stats?.['answered'], 'lower') },
    { name: 'train_ci95_high', value: (c) => intervalEnd(c.score, c.stats?.['answered'], 'upper') },
    { name: 'test_ci95_low', value: (c) => intervalEnd(c.testScore, c.testN, 'lower') },
    { name: 'test_ci95_high', value: (c) => intervalEnd(c.testScore, c.testN, 'upper') },
  ],
  summaryFigures: ({ summary, best }) => {
    const trainN = best?.stats?.['answered'];
    const trainNote = intervalNote(summary.bestScore, trainN, 'training');
    const testNote = intervalNote(best?.testScore ?? null, best?.testN, 'held-out');
    return [
      { label: 'Best train', score: summary.bestScore, ...(trainNote ? { title: trainNote } : {}) },
      { label: 'Best test', score: best?.testScore ?? null, ...(testNote ? { title: testNote } : {}) },
    ];
  },
};
