/**
 * Our linear-regression figures next to the paper's, in the layout of its Table 2.
 */
import type { LinregSettingResult } from './experiment.js';
import { PAPER_OPTIMIZERS, type PaperFigure, paperLinregRow } from './paper.js';
import { formatMeanSpread, type MeanSpread } from '../../util/summary-stats.js';
import { renderTextTable } from '../../util/text-table.js';

export interface LinregTableOptions {
  /** Names our column, e.g. the optimizer spec "openai:gpt-4o-mini". */
  label?: string;
}

function ours(summary: MeanSpread | null, successes: number, reps: number): string {
  return `${formatMeanSpread(summary)} (${successes}/${reps})`;
}

function paper(figure: PaperFigure | undefined): string {
  return figure ? formatMeanSpread({ ...figure, count: 5 }) : '-';
}

export function formatLinregTable(rows: readonly LinregSettingResult[], options: LinregTableOptions = {}): string {
  const label = options.label ?? 'ours';
  const headers = [
    'w_true', 'b_true',
    `steps: ${label}`, ...PAPER_OPTIMIZERS.map((m) => `steps: ${m}`),
    `unique pairs: ${label}`, ...PAPER_OPTIMIZERS.map((m) => `unique pairs: ${m}`),
  ];
  const separatorsBefore: number[] = [];
  let previousRegion: string | null = null;
  const body = rows.map((row, i) => {
    const reference = paperLinregRow(row.w, row.b);
    const region = reference?.region ?? 'other';
    if (previousRegion !== null && region !== previousRegion) separatorsBefore.push(i);
    previousRegion = region;
    return [
      String(row.w), String(row.b),
      ours(row.steps, row.successes, row.reps.length), ...PAPER_OPTIMIZERS.map((m) => paper(reference?.steps[m])),
      ours(row.uniquePairsExplored, row.successes, row.reps.length), ...PAPER_OPTIMIZERS.map((m) => paper(reference?.uniquePairs[m])),
    ];
  });
  const table = renderTextTable({ headers, rows: body, separatorsBefore });
  return [
    'Linear regression (paper Table 2): steps to propose the generating (w, b), and unique (w, b) pairs explored.',
    table,
    `${label}: mean ± population std over the repetitions that reached it (reached/run); unique pairs count the starting pairs.`,
    'paper: mean ± std over 5 runs, starting from 5 random pairs in [10, 20]; its data come from numpy seeds we cannot reproduce.',
  ].join('\n');
}
