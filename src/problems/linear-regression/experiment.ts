/**
 * The paper's linear-regression experiment (Table 2): for each generating (w, b), several
 * repetitions with their own noise and starting pairs, each run until the generating pair is
 * proposed or the step limit; summarised as steps-to-optimum and unique pairs explored.
 */
import type { EngineEvent, ReplyDisposition, RunStatus } from '../../engine/events.js';
import { runOptimization } from '../../engine/run.js';
import { deriveSeed } from '../../util/random.js';
import type { Pair } from './data.js';
import { linearRegressionProblem } from './problem.js';
import { mean, meanAndStd, type MeanSpread } from '../../util/summary-stats.js';
import { finishedRun, runGroupedExperiment, type ExperimentRunOptions } from '../../engine/experiment-options.js';

export interface LinregExperimentOptions extends ExperimentRunOptions {
  /** The generating pairs, e.g. PAPER_LINREG_SETTINGS. */
  settings: readonly Pair[];
  /** Repetitions per setting (paper: 5); repetition r uses the same derived seed for every setting, as the reference does. */
  reps: number;
  /** 0 (the default) reproduces the reference: exactly 8 calls per step, unparsable replies are lost. */
  maxExtraDrawsPerStep?: number;
  onEvent?: (event: LinregExperimentEvent) => void;
}

interface RepTag {
  setting: Pair;
  settingIndex: number;
  rep: number;
}

export type LinregExperimentEvent =
  | (RepTag & { type: 'rep-started'; seed: number })
  | (RepTag & { type: 'engine'; event: EngineEvent<Pair> })
  | (RepTag & { type: 'rep-finished'; result: LinregRepResult });

export interface LinregRepResult {
  rep: number;
  seed: number;
  status: RunStatus;
  reason: string;
  /** 1-based step at which the generating pair was proposed (the reference's count), or null. */
  stepsToOptimum: number | null;
  /** Distinct pairs evaluated, starting pairs and the final (true) pair included. */
  uniquePairs: number;
  stepsCompleted: number;
  optimizerCalls: number;
  replyCounts: Record<ReplyDisposition, number>;
  best: (Pair & { loss: number }) | null;
  leastSquares: Pair & { loss: number };
  lossAtTruth: number;
}

export interface LinregSettingResult {
  w: number;
  b: number;
  reps: LinregRepResult[];
  stepsToOptimum: (number | null)[];
  uniquePairs: number[];
  successes: number;
  /** Repetitions that ran to their end; one cut off by a stop (cap, Ctrl-C, failure) is in `reps` but in no figure. */
  finishedReps: number;
  /** Mean ± POPULATION std over the successful repetitions (see summary-stats.ts for why). */
  steps: MeanSpread | null;
  uniquePairsExplored: MeanSpread | null;
  /** Mean over repetitions of the real-valued least-squares fit and its loss. */
  leastSquares: Pair & { loss: number };
}

export interface LinregExperimentResult {
  rows: LinregSettingResult[];
  /** Set when a repetition ended interrupted, over budget or failed: later ones were not run. */
  stopped: { status: RunStatus; reason: string } | null;
}


export function summarizeLinregSetting(setting: Pair, reps: LinregRepResult[]): LinregSettingResult {
  const successful = reps.filter((r) => finishedRun(r) && r.stepsToOptimum !== null);
  return {
    w: setting.w,
    b: setting.b,
    reps,
    stepsToOptimum: reps.map((r) => r.stepsToOptimum),
    uniquePairs: reps.map((r) => r.uniquePairs),
    successes: successful.length,
    finishedReps: reps.filter(finishedRun).length,
    steps: meanAndStd(successful.map((r) => r.stepsToOptimum as number)),
    uniquePairsExplored: meanAndStd(successful.map((r) => r.uniquePairs)),
    leastSquares: {
      w: mean(reps.map((r) => r.leastSquares.w)),
      b: mean(reps.map((r) => r.leastSquares.b)),
      loss: mean(reps.map((r) => r.leastSquares.loss)),
    },
  };
}

async function runRep(options: LinregExperimentOptions, tag: RepTag): Promise<LinregRepResult> {
  const seed = deriveSeed(options.seed, 'linreg-rep', tag.rep);
  options.onEvent?.({ ...tag, type: 'rep-started', seed });
  const problem = linearRegressionProblem({ wTrue: tag.setting.w, bTrue: tag.setting.b, seed });
  const result = await runOptimization({
    problem,
    optimizer: options.optimizer,
    steps: options.steps,
    maxExtraDrawsPerStep: options.maxExtraDrawsPerStep ?? 0,
    ...(options.candidatesPerStep !== undefined ? { candidatesPerStep: options.candidatesPerStep } : {}),
    ...(options.optimizerTemperature !== undefined ? { optimizerTemperature: options.optimizerTemperature } : {}),
    ...(options.optimizerMaxTokens !== undefined ? { optimizerMaxTokens: options.optimizerMaxTokens } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    onEvent: (event) => options.onEvent?.({ ...tag, type: 'engine', event }),
  });
  const rep: LinregRepResult = {
    rep: tag.rep,
    seed,
    status: result.status,
    reason: result.reason,
    stepsToOptimum: result.status === 'optimum-reached' ? result.stepsCompleted : null,
    uniquePairs: new Set(result.history.map((entry) => entry.key)).size,
    stepsCompleted: result.stepsCompleted,
    optimizerCalls: result.optimizerCalls,
    replyCounts: result.replyCounts,
    best: result.best ? { ...result.best.solution, loss: result.best.score } : null,
    leastSquares: problem.leastSquares,
    lossAtTruth: problem.lossAtTruth,
  };
  options.onEvent?.({ ...tag, type: 'rep-finished', result: rep });
  return rep;
}

/** Runs every setting × repetition one after the other; stops early (partial rows) on Ctrl-C or a budget. */
export async function runLinearRegressionExperiment(options: LinregExperimentOptions): Promise<LinregExperimentResult> {
  if (!Number.isInteger(options.reps) || options.reps < 1) throw new Error(`reps must be a positive integer, got ${options.reps}`);
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new Error(`steps must be a positive integer, got ${options.steps}`);
  return runGroupedExperiment(
    options.settings,
    options.reps,
    (setting, settingIndex, rep) => runRep(options, { setting, settingIndex, rep }),
    summarizeLinregSetting,
  );
}
