import type { EvaluateResult } from '../optimize/evaluate.js';
import type { HeldOutComparison } from '../optimize/held-out.js';
import type { OptimizeResult, RankedInstruction } from '../optimize/optimize.js';
import type { RepeatedResult, Spread } from '../optimize/repeats.js';
import type { InstructionScore } from '../problems/instructions/scoring.js';
import { formatAccuracy, formatComparison, formatMeanScore, meanScoreOf, overfitGap, type PairedComparison } from '../stats/index.js';
import { preview } from './progress.js';
import { stepLabel } from '../engine/step-label.js';
import type { MetricLabel } from '../metrics/describe.js';

/** How many ranked instructions the final report lists. */
const REPORT_TOP = 5;
/** Width of an instruction quoted inside a comparison line. */
const QUOTE_CHARS = 70;

/**
 * `71.8% [69.3, 74.2] n=1319, 3 failed calls excluded`: accuracy over the answered examples only.
 * A metric with partial scores (a task's judge, token F1...) prints its mean score with the same
 * interval, Wilson applied to the mean (see wilsonIntervalOfMean), so every row reads alike.
 */
function scoreLine(score: Pick<InstructionScore, 'correct' | 'answered' | 'failed'> & Partial<Pick<InstructionScore, 'scoreSum'>>): string {
  const failedNote = score.failed > 0 ? `, ${score.failed} failed calls excluded` : '';
  if (score.answered === 0) return `n/a (no answered calls${failedNote})`;
  if (score.scoreSum !== undefined && score.scoreSum !== score.correct) {
    const mean = meanScoreOf(score.scoreSum / score.answered, score.answered);
    if (mean) return `${formatMeanScore(mean)}${failedNote}`;
  }
  return `${formatAccuracy(score.correct, score.answered)}${failedNote}`;
}

/** Train score with its interval; the engine keeps the mean score and the answered count. */
function trainLine(entry: RankedInstruction): string {
  const correct = entry.trainScore * entry.trainAnswered;
  if (Math.abs(correct - Math.round(correct)) < 1e-9) return formatAccuracy(Math.round(correct), entry.trainAnswered);
  const mean = meanScoreOf(entry.trainScore, entry.trainAnswered);
  return mean ? formatMeanScore(mean) : `n/a n=0`;
}

/** "accuracy" for the paper's answer grading, "score" for a task's metric (a judge, F1, a weighted mix...). */
const measureOf = (metric: MetricLabel | undefined): string => (metric && !metric.accuracy ? 'score' : 'accuracy');

/** `grading: fixed` for the paper's answer grading; `metric: judge (rubric.md) 0.8 + max-length 80 words 0.2` for a task. */
const gradingOf = (metric: MetricLabel | undefined, gradingMode: string): string => (metric ? `metric: ${metric.description}` : `grading: ${gradingMode}`);

/** The legend of score figures: what the number is and what the interval is. */
function legend(metric: MetricLabel | undefined): string {
  return metric && !metric.accuracy ? 'mean score [95% Wilson interval on the mean] n=answered' : 'accuracy [95% Wilson interval] n=answered';
}

const instructionText = (text: string): string => (text === '' ? '(empty instruction)' : text);

function asPaired(c: HeldOutComparison): PairedComparison {
  return { first: c.best, second: c.other, discordant: c.discordant, pValue: c.pValue, significant: c.significant, method: c.method, statistic: c.statistic, ...(c.scores ? { scores: c.scores } : {}) };
}

function comparisonSection(result: OptimizeResult): string[] {
  const winner = result.ranked[0];
  if (!winner?.test || result.references.length === 0) return [];
  const lines = ['', 'held-out comparisons (the winner against each reference, paired over the examples both answered):'];
  for (const reference of result.references) {
    lines.push(`  ${reference.label}: ${preview(reference.instruction, QUOTE_CHARS)}`);
    lines.push(`    its held-out ${measureOf(result.metric)} ${scoreLine(reference.test)}`);
    const comparison = result.comparisons.find((c) => c.againstKey === reference.key);
    if (comparison) lines.push(`    winner ${formatComparison(asPaired(comparison))}`);
    else if (reference.key === winner.key) lines.push('    this is the winner: the run found nothing better on the training subset');
  }
  return lines;
}

/** The winner's train score far above its held-out interval: chosen partly for luck on few examples. */
function overfitWarning(result: OptimizeResult): string[] {
  const winner = result.ranked[0];
  if (!winner?.test) return [];
  const check = overfitGap(winner.trainScore, winner.test.scoreSum, winner.test.answered);
  if (!check) return [];
  const pts = (x: number): string => (x * 100).toFixed(1);
  return [
    '',
    `warning: the winner's train ${measureOf(result.metric)} (${pts(winner.trainScore)}%) is ${pts(check.gap)} points above the upper end of its ` +
      `held-out interval (${pts(check.testUpper)}%): possible overfitting to the ${result.trainIndices.length} training examples.`,
  ];
}

/**
 * Reference grading reads some non-answers as answers (a reply that never says yes or no counts as
 * "No"): when it scored such replies correct, the report says how many, so a high score is not
 * mistaken for the model's.
 */
function referenceGradingNote(scores: readonly (Pick<InstructionScore, 'referenceOnlyCorrect' | 'answered'> | null | undefined)[], what: string): string[] {
  const counted = scores.reduce((sum, score) => sum + (score?.referenceOnlyCorrect ?? 0), 0);
  const answered = scores.reduce((sum, score) => sum + (score?.answered ?? 0), 0);
  if (counted === 0) return [];
  return [
    '',
    `note: reference grading counted ${counted} of ${answered} ${what} correct that the fixed grader does not accept ` +
      '(for example a reply that never says yes or no, read as "No"); --grading fixed scores them as wrong.',
  ];
}

/** The end-of-run summary printed on stdout: what won, how well (with its noise), on what data, graded how. */
export function formatOptimizeReport(result: OptimizeResult): string {
  const lines: string[] = [];
  lines.push(`opro: ${result.status} (${result.reason})`);
  lines.push(`dataset ${result.datasetId}, ${result.trainIndices.length} training examples, ${gradingOf(result.metric, result.settings.gradingMode)}`);
  lines.push(`steps ${result.stepsCompleted}, optimizer calls ${result.optimizerCalls}, replies: ${Object.entries(result.replyCounts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push('');
  const measure = measureOf(result.metric);
  lines.push(`best instructions (train ${measure} | held-out ${measure} | step, init = initial; ${legend(result.metric)}):`);
  result.ranked.slice(0, REPORT_TOP).forEach((entry, i) => {
    const test = entry.test ? scoreLine(entry.test) : 'not measured';
    const partial = entry.partial ? ` | partial: dropped by racing after ${entry.examplesSeen ?? entry.trainAnswered} examples` : '';
    lines.push(`${i + 1}. ${trainLine(entry)} | ${test} | ${entry.step < 0 ? 'init' : `step ${stepLabel(entry.step)}`}${partial}`);
    lines.push(`   ${instructionText(entry.instruction)}`);
  });
  if (result.ranked.length === 0) lines.push('  (no instruction was scored)');
  lines.push(...comparisonSection(result), ...overfitWarning(result));
  lines.push(...referenceGradingNote([...result.ranked.map((entry) => entry.test), ...result.references.map((reference) => reference.test)], 'held-out answers'));
  return lines.join('\n');
}

export function formatEvaluateReport(result: EvaluateResult): string {
  const lines = [`dataset ${result.datasetId}, ${result.split} split, ${result.examples} examples, ${gradingOf(result.metric, result.gradingMode)}`];
  if (result.metric && !result.metric.accuracy) lines.push(`(${legend(result.metric)})`);
  lines.push('');
  for (const r of result.results) {
    lines.push(`${scoreLine(r)}  ${preview(r.instruction, 100)}`);
  }
  const first = result.results[0];
  if (first && result.comparisons.length > 0) {
    lines.push('', `against the first (${preview(first.instruction, QUOTE_CHARS)}), paired over the examples both answered:`);
    for (const c of result.comparisons) lines.push(`  ${preview(c.instruction, QUOTE_CHARS)}: ${formatComparison(c.comparison)}`);
  }
  lines.push(...referenceGradingNote(result.results, 'answers'));
  return lines.join('\n');
}

function spreadLine(spread: Spread | null): string {
  if (!spread) return 'n/a';
  const pts = (x: number): string => (x * 100).toFixed(1);
  return `${pts(spread.mean)}% ± ${pts(spread.std)} (mean ± std over ${spread.count}), min ${pts(spread.min)}%, max ${pts(spread.max)}%`;
}

/** `--repeats k`: the spread of the winner across seeds, then one line per repeat. */
export function formatRepeatedReport(result: RepeatedResult, runIds: readonly string[] = [], measure = 'accuracy'): string {
  const lines = [`opro: ${result.runs.length} repeats of one configuration, seeds ${result.seeds.join(', ')}`];
  if (result.stopped) lines.push(`stopped at seed ${result.stopped.seed}: ${result.stopped.status} (${result.stopped.reason}); the figures are over finished repeats only`);
  // `measure`: 'accuracy', or a task metric's 'score (judge)'; the labels stay aligned either way.
  const trainLabel = `winner's train ${measure}:`;
  const testLabel = `winner's held-out ${measure}:`;
  const width = Math.max(trainLabel.length, testLabel.length) + 1;
  lines.push(`${trainLabel.padEnd(width)}${spreadLine(result.train)}`);
  lines.push(`${testLabel.padEnd(width)}${spreadLine(result.test)}`);
  lines.push('', 'per repeat (train | held-out | winner):');
  result.runs.forEach((run, i) => {
    const winner = run.ranked[0];
    const id = runIds[i] ? `  run ${runIds[i]}` : '';
    if (!winner) {
      lines.push(`  seed ${result.seeds[i]}: ${run.status}, no instruction scored${id}`);
      return;
    }
    const test = winner.test ? scoreLine(winner.test) : 'not measured';
    lines.push(`  seed ${result.seeds[i]}: ${trainLine(winner)} | ${test} | ${preview(winner.instruction, QUOTE_CHARS)}${id}`);
    // --compare-baselines (and the initial instruction): each repeat's winner against each reference.
    for (const comparison of run.comparisons) {
      lines.push(`    vs ${comparison.label} ${preview(comparison.against, QUOTE_CHARS / 2)}: ${formatComparison(asPaired(comparison))}`);
    }
    if (run.comparisons.length === 0 && run.references.some((reference) => reference.key === winner.key)) {
      lines.push('    no comparison: the winner is a reference itself (nothing better found on the training subset)');
    }
  });
  return lines.join('\n');
}

/** JSON for --json output: Maps (per-example outcomes) become plain objects instead of `{}`. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (inner instanceof Map ? Object.fromEntries(inner) : inner), 2);
}
