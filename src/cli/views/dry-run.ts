/** The text `opro optimize --dry-run` prints: one line per model role, then what the figures mean. */
import type { CostRange } from '../../models/estimate.js';
import { REREAD_REPLY_BYTES_PER_TOKEN } from '../../models/token-bounds.js';
import type { DryRunReport, RepeatedDryRunReport } from '../../optimize/dry-run.js';

const count = (n: number): string => n.toLocaleString('en-US');

function money(range: CostRange | 'unknown'): string {
  if (range === 'unknown') return 'unknown price (set models.<alias>.price in opro.config.json)';
  if (range.high === 0) return 'free (a local model, or priced at 0)';
  return `$${range.low.toFixed(2)} typical, at most $${range.high.toFixed(2)}`;
}

export function formatDryRun(report: DryRunReport, specs: { scorer: string; optimizer: string }): string {
  const c = report.calls;
  const perExample = c.scorerCallsPerExample === 2 ? ' (2 per example: --extract-final-answer)' : '';
  const heldOut = c.heldOutInstructions > 0 ? `, ${count(c.heldOutInstructions)} instructions on held-out` : '';
  const lines = [
    'dry run: nothing was called',
    `dataset ${report.datasetId}: ${count(report.trainSize)} training example${report.trainSize === 1 ? '' : 's'}, ${count(report.testSize)} held-out`,
    `scorer    ${specs.scorer.padEnd(28)}  at most ${count(report.scorer.calls)} calls, ${money(report.scorer.costUsd)}`,
    `          ${count(c.trainInstructions)} instructions on training${heldOut}${perExample}`,
    `optimizer ${specs.optimizer.padEnd(28)}  at most ${count(report.optimizer.calls)} calls, ${money(report.optimizer.costUsd)}`,
    `          ${count(c.optimizerPerStep)} per step (--candidates plus --extra-draws when replies hold no candidate)`,
  ];
  const judge = report.judge;
  if (judge) {
    const share = judge.budgetShare !== undefined ? `; its share of each cap: ${Math.round(judge.budgetShare * 100)}%` : '';
    lines.push(`judge     ${judge.spec.padEnd(28)}  at most ${count(judge.calls)} calls, ${money(judge.costUsd)}`);
    lines.push(`          ${c.judgesPerExample} per answered example${share}`);
  }
  lines.push(
    `total     at most ${count(report.totalCalls)} calls, ${money(report.costUsd)}`,
    'Calls are upper bounds: duplicates, rejected candidates, racing and early stops only lower them (retries of failed requests come on top).',
    'Typical: prompts at 4 characters per token, short answers. At most: every prompt at the bound the budget reserves with',
    `(one token per UTF-8 byte plus framing) and every answer at its token limit, with replies read again by a later prompt`,
    `at ${REREAD_REPLY_BYTES_PER_TOKEN} bytes per token; cached calls are free. Cap spending with --budget <usd>.`,
  );
  return lines.join('\n');
}

/** `--repeats k --dry-run`: the first run in full, then the k runs together. */
export function formatRepeatedDryRun(report: RepeatedDryRunReport, specs: { scorer: string; optimizer: string }): string {
  const first = report.runs[0];
  if (!first) return 'dry run: no runs';
  const seeds = `seeds ${report.seeds[0]}..${report.seeds[report.seeds.length - 1]}`;
  return [
    formatDryRun(first, specs).replace('dry run: nothing was called', `dry run: nothing was called; the first of ${report.runs.length} runs (seed ${report.seeds[0]}):`),
    `--repeats ${report.runs.length} (${seeds}), all runs together: at most ${count(report.totalCalls)} calls, ${money(report.costUsd)}`,
  ].join('\n');
}
