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
  const headers = [
    'n', 'reference',
    'NN', 'NN (paper)', 'FI', 'FI (paper)',
    label, ...PAPER_TSP_OPTIMIZERS,
    `steps: ${label}`, ...PAPER_TSP_OPTIMIZERS.map((m) => `steps: ${m}`),
  ];
  const body = rows.map((row) => {
    const paper = paperTspRow(row.n);
    return [
      String(row.n), row.referenceKind,
      gap(row.gaps.nearestNeighbour), gap(paper?.nearestNeighbour), gap(row.gaps.farthestInsertion), gap(paper?.farthestInsertion),
      gap(row.gaps.opro), ...PAPER_TSP_OPTIMIZERS.map((m) => gap(paper?.gap[m])),
      steps(row.steps, row.successes), ...PAPER_TSP_OPTIMIZERS.map((m) => paperSteps(paper?.steps[m])),
    ];
  });
  const instances = Math.max(0, ...rows.map((row) => row.instances.length));
  return [
    'TSP (paper Table 3): optimality gap % (mean ± s.e.), and steps to reach the optimum (mean ± s.e., instances that did).',
    renderTextTable({ headers, rows: body }),
    `NN, FI, ${label}: our ${instances} seeded instance(s) per n; s.e. = population std / sqrt(instances); ${label} = best tour found, starting tours included.`,
    'reference: "exact" = Held-Karp optimum; "heuristic" = best 2-opt + Or-opt tour (gaps to it are lower bounds, can be negative).',
    'paper: 5 instances per n of its own random points (unseeded), so only the figures, not the instances, are comparable.',
  ].join('\n');
}
