/**
 * Independent repeats of one configuration (seeds seed, seed+1, ...): one OPRO run is one draw from a
 * noisy process (optimizer sampling, exemplars, the training subset), so the paper reports its math
 * results as mean ± std over runs. This does the same for the winner's train and held-out accuracy.
 */
import type { RunStatus } from '../engine/events.js';
import { mean, populationStd } from '../util/summary-stats.js';
import { optimize, type OptimizeOptions, type OptimizeResult } from './optimize.js';
import { DEFAULT_SETTINGS } from './settings.js';

/** Mean, population std (ddof = 0, as the paper's tables: see util/summary-stats.ts), min and max. */
export interface Spread {
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Repeats the figure is over (a repeat with no winner or no held-out score is left out). */
  count: number;
}

export interface RepeatedResult {
  seeds: number[];
  runs: OptimizeResult[];
  /** The winner's train accuracy across repeats. */
  train: Spread | null;
  /** The winner's held-out accuracy across repeats. */
  test: Spread | null;
  /** A repeat that stopped early (interrupt, budget, failure) ends the series: later seeds are not run. */
  stopped: { seed: number; status: RunStatus; reason: string } | null;
}

export interface RepeatHooks {
  /** Before each repeat: per-repeat options (e.g. an onEvent recording this repeat as its own run). */
  beforeRepeat?(index: number, seed: number): Partial<OptimizeOptions> | void;
  afterRepeat?(index: number, seed: number, result: OptimizeResult): void;
}

const STOPPING: ReadonlySet<RunStatus> = new Set(['interrupted', 'budget', 'failed']);

export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return { mean: mean(values), std: populationStd(values), min: Math.min(...values), max: Math.max(...values), count: values.length };
}

/** The winner's held-out accuracy, or null when it was not measured or nothing was answered. */
function winnerTest(result: OptimizeResult): number | null {
  return result.ranked[0]?.test?.score ?? null;
}

export async function optimizeRepeated(options: OptimizeOptions, repeats: number, hooks: RepeatHooks = {}): Promise<RepeatedResult> {
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a positive integer, got ${repeats}`);
  const base = options.seed ?? DEFAULT_SETTINGS.seed;
  const seeds: number[] = [];
  const runs: OptimizeResult[] = [];
  let stopped: RepeatedResult['stopped'] = null;
  for (let index = 0; index < repeats; index++) {
    const seed = base + index;
    const extra = hooks.beforeRepeat?.(index, seed) ?? {};
    const result = await optimize({ ...options, ...extra, seed });
    seeds.push(seed);
    runs.push(result);
    hooks.afterRepeat?.(index, seed, result);
    if (STOPPING.has(result.status)) {
      stopped = { seed, status: result.status, reason: result.reason };
      break;
    }
  }
  // Only finished repeats count: a partial run's winner is not a draw from the same process.
  const finished = runs.filter((run) => !STOPPING.has(run.status));
  const train = finished.flatMap((run) => (run.ranked[0] ? [run.ranked[0].trainScore] : []));
  const test = finished.flatMap((run) => {
    const score = winnerTest(run);
    return score === null ? [] : [score];
  });
  return { seeds, runs, train: spreadOf(train), test: spreadOf(test), stopped };
}
