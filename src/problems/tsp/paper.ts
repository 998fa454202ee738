/**
 * The paper's TSP figures (Table 3, spec 11.4): 5 instances per n; optimality gap % as mean ±
 * standard error; steps to the optimum as mean ± s.e. over the instances that reached it, with
 * the number that did (null figures = "N/A (0)").
 */
export const PAPER_TSP_OPTIMIZERS = ['text-bison', 'gpt-3.5-turbo', 'gpt-4'] as const;
export type PaperTspOptimizer = (typeof PAPER_TSP_OPTIMIZERS)[number];

export interface PaperGap {
  mean: number;
  spread: number;
}

export interface PaperSteps {
  /** null when no instance reached the optimum ("N/A"). */
  figure: PaperGap | null;
  successes: number;
}

export interface PaperTspRow {
  n: number;
  nearestNeighbour: PaperGap;
  farthestInsertion: PaperGap;
  gap: Record<PaperTspOptimizer, PaperGap>;
  steps: Record<PaperTspOptimizer, PaperSteps>;
}

const g = (mean: number, spread: number): PaperGap => ({ mean, spread });
const s = (mean: number, spread: number, successes: number): PaperSteps => ({ figure: { mean, spread }, successes });
const NONE: PaperSteps = { figure: null, successes: 0 };

export const PAPER_TABLE3: readonly PaperTspRow[] = [
  { n: 10, nearestNeighbour: g(13.0, 1.3), farthestInsertion: g(3.2, 1.4),
    gap: { 'text-bison': g(0.0, 0.0), 'gpt-3.5-turbo': g(0.0, 0.0), 'gpt-4': g(0.0, 0.0) },
    steps: { 'text-bison': s(40.4, 5.6, 5), 'gpt-3.5-turbo': s(46.8, 9.3, 5), 'gpt-4': s(9.6, 3.0, 5) } },
  { n: 15, nearestNeighbour: g(9.4, 3.7), farthestInsertion: g(1.2, 0.6),
    gap: { 'text-bison': g(4.4, 1.3), 'gpt-3.5-turbo': g(1.2, 1.1), 'gpt-4': g(0.2, 0.2) },
    steps: { 'text-bison': NONE, 'gpt-3.5-turbo': s(202.0, 41.1, 4), 'gpt-4': s(58.5, 29.0, 4) } },
  { n: 20, nearestNeighbour: g(16.0, 3.9), farthestInsertion: g(0.2, 0.1),
    gap: { 'text-bison': g(30.4, 10.6), 'gpt-3.5-turbo': g(4.4, 2.5), 'gpt-4': g(1.4, 0.6) },
    steps: { 'text-bison': NONE, 'gpt-3.5-turbo': s(438.0, 0.0, 1), 'gpt-4': s(195.5, 127.6, 2) } },
  { n: 50, nearestNeighbour: g(19.7, 3.1), farthestInsertion: g(9.8, 1.5),
    gap: { 'text-bison': g(219.8, 13.7), 'gpt-3.5-turbo': g(133.0, 6.8), 'gpt-4': g(11.0, 2.6) },
    steps: { 'text-bison': NONE, 'gpt-3.5-turbo': NONE, 'gpt-4': NONE } },
];

/** The paper's protocol: n = 10, 15, 20, 50; 5 instances each; 500 steps; up to 8 new tours per step. */
export const PAPER_TSP_SIZES: readonly number[] = PAPER_TABLE3.map((row) => row.n);
export const PAPER_TSP_INSTANCES = 5;
export const PAPER_TSP_MAX_STEPS = 500;

export function paperTspRow(n: number): PaperTspRow | null {
  return PAPER_TABLE3.find((row) => row.n === n) ?? null;
}
