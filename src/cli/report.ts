import type { EvaluateResult } from '../optimize/evaluate.js';
import type { OptimizeResult } from '../optimize/optimize.js';
import { percent, preview } from './progress.js';

/** How many ranked instructions the final report lists. */
const REPORT_TOP = 5;

function accuracyWithCount(correct: number, answered: number, failed: number): string {
  const failedNote = failed > 0 ? `, ${failed} failed calls excluded` : '';
  return answered > 0 ? `${percent(correct / answered)}% (${correct}/${answered}${failedNote})` : `  n/a (no answered calls${failedNote})`;
}

/** The end-of-run summary printed on stdout: what won, how well, on what data, graded how. */
export function formatOptimizeReport(result: OptimizeResult): string {
  const lines: string[] = [];
  lines.push(`opro: ${result.status} (${result.reason})`);
  lines.push(`dataset ${result.datasetId}, ${result.trainIndices.length} training examples, grading: ${result.settings.gradingMode}`);
  lines.push(`steps ${result.stepsCompleted}, optimizer calls ${result.optimizerCalls}, replies: ${Object.entries(result.replyCounts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push('');
  lines.push('best instructions (train accuracy | held-out accuracy | step):');
  result.ranked.slice(0, REPORT_TOP).forEach((entry, i) => {
    const test = entry.test ? accuracyWithCount(entry.test.correct, entry.test.answered, entry.test.failed) : 'not measured';
    lines.push(`${i + 1}. ${percent(entry.trainScore)}% | ${test} | step ${entry.step}`);
    lines.push(`   ${entry.instruction === '' ? '(empty instruction)' : entry.instruction}`);
  });
  if (result.ranked.length === 0) lines.push('  (no instruction was scored)');
  return lines.join('\n');
}

export function formatEvaluateReport(result: EvaluateResult): string {
  const lines = [`dataset ${result.datasetId}, ${result.split} split, ${result.examples} examples, grading: ${result.gradingMode}`, ''];
  for (const r of result.results) {
    lines.push(`${accuracyWithCount(r.correct, r.answered, r.failed)}  ${preview(r.instruction, 100)}`);
  }
  return lines.join('\n');
}
