/**
 * The paper's linear-regression figures (Table 2, spec 11.3): mean ± std over 5 runs of the steps
 * to reach the generating (w, b) and of the unique pairs explored, for three optimizer models.
 */
import type { Pair } from './data.js';

export const PAPER_OPTIMIZERS = ['text-bison', 'gpt-3.5-turbo', 'gpt-4'] as const;
export type PaperOptimizer = (typeof PAPER_OPTIMIZERS)[number];

export interface PaperFigure {
  mean: number;
  spread: number;
}

export interface PaperLinregRow {
  w: number;
  b: number;
  /** Where the truth lies relative to the starting region [10, 20]^2 (the paper groups rows so). */
  region: 'inside' | 'just outside' | 'far outside';
  steps: Record<PaperOptimizer, PaperFigure>;
  uniquePairs: Record<PaperOptimizer, PaperFigure>;
}

const fig = (mean: number, spread: number): PaperFigure => ({ mean, spread });

export const PAPER_TABLE2: readonly PaperLinregRow[] = [
  { w: 15, b: 14, region: 'inside',
    steps: { 'text-bison': fig(5.8, 2.6), 'gpt-3.5-turbo': fig(7.6, 4.5), 'gpt-4': fig(4.0, 1.5) },
    uniquePairs: { 'text-bison': fig(40.0, 12.4), 'gpt-3.5-turbo': fig(36.0, 15.2), 'gpt-4': fig(17.2, 5.1) } },
  { w: 17, b: 17, region: 'inside',
    steps: { 'text-bison': fig(4.0, 1.8), 'gpt-3.5-turbo': fig(12.6, 6.0), 'gpt-4': fig(6.0, 3.7) },
    uniquePairs: { 'text-bison': fig(33.4, 11.7), 'gpt-3.5-turbo': fig(53.8, 16.9), 'gpt-4': fig(26.0, 10.6) } },
  { w: 16, b: 10, region: 'inside',
    steps: { 'text-bison': fig(3.8, 2.2), 'gpt-3.5-turbo': fig(10.4, 5.4), 'gpt-4': fig(6.2, 3.1) },
    uniquePairs: { 'text-bison': fig(30.2, 13.4), 'gpt-3.5-turbo': fig(42.8, 16.3), 'gpt-4': fig(24.2, 8.2) } },
  { w: 3, b: 5, region: 'just outside',
    steps: { 'text-bison': fig(9.8, 2.8), 'gpt-3.5-turbo': fig(10.8, 2.7), 'gpt-4': fig(12.2, 2.0) },
    uniquePairs: { 'text-bison': fig(55.8, 16.1), 'gpt-3.5-turbo': fig(39.6, 10.1), 'gpt-4': fig(33.0, 4.0) } },
  { w: 25, b: 23, region: 'just outside',
    steps: { 'text-bison': fig(19.6, 11.4), 'gpt-3.5-turbo': fig(26.4, 18.3), 'gpt-4': fig(12.2, 3.7) },
    uniquePairs: { 'text-bison': fig(104.0, 52.3), 'gpt-3.5-turbo': fig(78.6, 26.2), 'gpt-4': fig(44.2, 8.3) } },
  { w: 2, b: 30, region: 'far outside',
    steps: { 'text-bison': fig(31.4, 6.3), 'gpt-3.5-turbo': fig(42.8, 9.7), 'gpt-4': fig(38.0, 15.9) },
    uniquePairs: { 'text-bison': fig(126.4, 17.7), 'gpt-3.5-turbo': fig(125.6, 21.7), 'gpt-4': fig(99.0, 24.6) } },
  { w: 36, b: -1, region: 'far outside',
    steps: { 'text-bison': fig(35.8, 6.4), 'gpt-3.5-turbo': fig(45.4, 16.9), 'gpt-4': fig(50.4, 18.8) },
    uniquePairs: { 'text-bison': fig(174.0, 28.2), 'gpt-3.5-turbo': fig(142.2, 31.2), 'gpt-4': fig(116.4, 32.7) } },
];

/** The seven generating pairs the paper runs, in its row order. */
export const PAPER_LINREG_SETTINGS: readonly Pair[] = PAPER_TABLE2.map(({ w, b }) => ({ w, b }));

/** The paper's protocol: 5 repetitions, at most 500 steps each. */
export const PAPER_LINREG_REPS = 5;
export const PAPER_LINREG_MAX_STEPS = 500;

export function paperLinregRow(w: number, b: number): PaperLinregRow | null {
  return PAPER_TABLE2.find((row) => row.w === w && row.b === b) ?? null;
}
