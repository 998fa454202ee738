/**
 * Our TSP figures next to the paper's, in the layout of its Table 3: optimality gaps of NN, FI and
 * the OPRO optimizers, then steps to the optimum with the number of instances that reached it.
 */
import { formatMeanSpread, type MeanSpread } from '../../util/summary-stats.js';
import { renderTextTable } from '../../util/text-table.js';
import type { TspSizeResult } from './experiment.js';
import { type PaperGap, type PaperSteps, PAPER_TSP_OPTIMIZERS, paperTspRow } from './paper.js';

export interface TspTableOptions {
  /** Names our OPRO column, e.g. the optimizer spec. */
  label?: string;
}

function gap(figure: MeanSpread | PaperGap | null | undefined): string {
  if (figure === undefined) return '-';
  return formatMeanSpread(figure === null ? null : { mean: figure.mean, spread: figure.spread, count: 0 });
}

function steps(figure: MeanSpread | null, successes: number): string {
  return `${formatMeanSpread(figure)} (${successes})`;
}

function paperSteps(figure: PaperSteps | undefined): string {
  return figure ? steps(figure.figure === null ? null : { ...figure.figure, count: figure.successes }, figure.successes) : '-';
}

export function formatTspTable(rows: readonly TspSizeResult[], options: TspTableOptions = {}): string {
  const label = options.label ?? 'ours';
  const papers = rows.map((row) => paperTspRow(row.n));
  // Three narrow tables instead of one 250-column one, so each fits a 100-column terminal.
  const heuristics = renderTextTable({
    headers: ['n', 'reference', 'NN', 'NN (paper)', 'FI', 'FI (paper)'],
    rows: rows.map((row, i) => [String(row.n), row.referenceKind, gap(row.gaps.nearestNeighbour), gap(papers[i]?.nearestNeighbour), gap(row.gaps.farthestInsertion), gap(papers[i]?.farthestInsertion)]),
  });
  const opro = renderTextTable({
    headers: ['n', 'ours', ...PAPER_TSP_OPTIMIZERS],
    rows: rows.map((row, i) => [String(row.n), gap(row.gaps.opro), ...PAPER_TSP_OPTIMIZERS.map((m) => gap(papers[i]?.gap[m]))]),
  });
  const stepsTable = renderTextTable({
    headers: ['n', 'ours', ...PAPER_TSP_OPTIMIZERS],
    rows: rows.map((row, i) => [String(row.n), steps(row.steps, row.successes), ...PAPER_TSP_OPTIMIZERS.map((m) => paperSteps(papers[i]?.steps[m]))]),
  });
  const instances = Math.max(0, ...rows.map((row) => row.finishedInstances));
  const cutOff = rows.some((row) => row.finishedInstances < row.instances.length);
  return [
    `TSP (paper Table 3), ours = ${label}.`,
    'Optimality gap % of the heuristics (mean ± s.e.):',
    heuristics,
    '',
    'Optimality gap % of OPRO (mean ± s.e.):',
    opro,
    '',
    'Steps to reach the optimum (mean ± s.e., instances that did):',
    stepsTable,
    `NN, FI, ours: our ${instances} seeded instance(s) per n; s.e. = population std / sqrt(instances);`,
    'ours = the best tour found, starting tours included.',
    'reference: "exact" = Held-Karp optimum; "heuristic" = best 2-opt + Or-opt tour',
    '(gaps to it are lower bounds and can be negative).',
    'paper: 5 instances per n of its own random points (unseeded): only the figures are comparable.',
    ...(cutOff ? ['an instance stopped early (a cap, Ctrl-C or a failure) is not counted: resume the experiment to finish it.'] : []),
  ].join('\n');
}
