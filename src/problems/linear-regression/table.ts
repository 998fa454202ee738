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

/** Terminal width every table must fit: the paper's columns come as separate, narrower tables. */
export const TABLE_WIDTH = 100;

export function formatLinregTable(rows: readonly LinregSettingResult[], options: LinregTableOptions = {}): string {
  const label = options.label ?? 'ours';
  const headers = ['w_true', 'b_true', 'ours', ...PAPER_OPTIMIZERS];
  const separatorsBefore: number[] = [];
  let previousRegion: string | null = null;
  rows.forEach((row, i) => {
    const region = paperLinregRow(row.w, row.b)?.region ?? 'other';
    if (previousRegion !== null && region !== previousRegion) separatorsBefore.push(i);
    previousRegion = region;
  });
  const figureTable = (figure: 'steps' | 'uniquePairs'): string =>
    renderTextTable({
      headers,
      separatorsBefore,
      rows: rows.map((row) => {
        const reference = paperLinregRow(row.w, row.b);
        const mine = figure === 'steps' ? row.steps : row.uniquePairsExplored;
        return [String(row.w), String(row.b), ours(mine, row.successes, row.finishedReps), ...PAPER_OPTIMIZERS.map((m) => paper(reference?.[figure][m]))];
      }),
    });
  return [
    `Linear regression (paper Table 2), ours = ${label}.`,
    'Steps to propose the generating (w, b):',
    figureTable('steps'),
    '',
    'Unique (w, b) pairs explored:',
    figureTable('uniquePairs'),
    'ours: mean ± population std over the repetitions that reached it (reached/run);',
    'unique pairs count the starting pairs.',
    ...(rows.some((row) => row.finishedReps < row.reps.length) ? ['a repetition stopped early (a cap, Ctrl-C or a failure) is not counted: resume the experiment to finish it.'] : []),
    'paper: mean ± std over 5 runs from 5 random starting pairs in [10, 20];',
    'its data come from numpy seeds we cannot reproduce.',
  ].join('\n');
}
