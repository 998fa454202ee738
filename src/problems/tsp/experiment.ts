/**
 * The paper's TSP experiment (Table 3): for each n, several seeded instances; per instance the NN
 * and FI baselines, a reference tour (exact up to HELD_KARP_MAX_N), and one OPRO run that stops at
 * the optimum when it is known. Summaries: optimality gap % (mean ± s.e.) and steps to the optimum.
 */
import type { EngineEvent, ReplyDisposition, RunStatus } from '../../engine/events.js';
import { runOptimization } from '../../engine/run.js';
import { deriveSeed } from '../../util/random.js';
import { meanAndStandardError, type MeanSpread } from '../../util/summary-stats.js';
import { finishedRun, runGroupedExperiment, type ExperimentRunOptions } from '../../engine/experiment-options.js';
import type { Point, Tour } from './instance.js';
import { type TspBaselines, tspProblem } from './problem.js';

/**
 * The reference keeps calling the optimizer until a step has 8 valid tours, with no cap; we allow
 * at most this many extra calls per step (replies without a valid tour trigger them).
 */
export const DEFAULT_TSP_EXTRA_DRAWS = 8;

export interface TspExperimentOptions extends ExperimentRunOptions {
  /** Numbers of points, e.g. PAPER_TSP_SIZES. */
  sizes: readonly number[];
  /** Instances per size (paper: 5). */
  instances: number;
  /** Extra optimizer calls per step when replies hold no valid tour (default 8; the reference loops forever). */
  maxExtraDrawsPerStep?: number;
  /** Largest n solved exactly by Held-Karp (default and maximum 20). */
  exactMaxN?: number;
  onEvent?: (event: TspExperimentEvent) => void;
}

interface InstanceTag {
  n: number;
  instance: number;
}

export type TspExperimentEvent =
  | (InstanceTag & { type: 'instance-started'; seed: number; points: readonly Point[]; baselines: TspBaselines })
  | (InstanceTag & { type: 'engine'; event: EngineEvent<Tour> })
  | (InstanceTag & { type: 'instance-finished'; result: TspInstanceResult });

export interface TspInstanceResult {
  instance: number;
  seed: number;
  status: RunStatus;
  reason: string;
  referenceKind: 'exact' | 'heuristic';
  referenceLength: number;
  nearestNeighbourLength: number;
  farthestInsertionLength: number;
  /** Shortest tour OPRO scored (starting tours included), or null if nothing was scored. */
  oproLength: number | null;
  bestTour: number[] | null;
  /** Gaps in % to the reference length. Against a heuristic reference they can be negative. */
  gaps: { nearestNeighbour: number; farthestInsertion: number; opro: number | null };
  /** Steps until the exact optimum was proposed (1-based), or null. */
  stepsToOptimum: number | null;
  stepsCompleted: number;
  optimizerCalls: number;
  replyCounts: Record<ReplyDisposition, number>;
}

export interface TspSizeResult {
  n: number;
  instances: TspInstanceResult[];
  /** 'exact' when every instance's reference is the proven optimum. */
  referenceKind: 'exact' | 'heuristic';
  /** Mean ± standard error over instances (population std / sqrt(count), see summary-stats.ts). */
  gaps: { nearestNeighbour: MeanSpread | null; farthestInsertion: MeanSpread | null; opro: MeanSpread | null };
  /** Mean ± s.e. over the instances that reached the optimum. */
  steps: MeanSpread | null;
  successes: number;
  /** Instances that ran to their end: the figures are over these; one cut off by a stop (cap, Ctrl-C, failure) is in `instances` only. */
  finishedInstances: number;
}

export interface TspExperimentResult {
  rows: TspSizeResult[];
  stopped: { status: RunStatus; reason: string } | null;
}


export function optimalityGap(length: number, reference: number): number {
  return ((length - reference) / reference) * 100;
}

export function summarizeTspSize(n: number, instances: TspInstanceResult[]): TspSizeResult {
  // The heuristics' gaps too are over the finished instances, so every column compares the same instances.
  const finished = instances.filter(finishedRun);
  const reached = finished.filter((r) => r.stepsToOptimum !== null);
  const oproGaps = finished.flatMap((r) => (r.gaps.opro === null ? [] : [r.gaps.opro]));
  return {
    n,
    instances,
    referenceKind: finished.every((r) => r.referenceKind === 'exact') ? 'exact' : 'heuristic',
    gaps: {
      nearestNeighbour: meanAndStandardError(finished.map((r) => r.gaps.nearestNeighbour)),
      farthestInsertion: meanAndStandardError(finished.map((r) => r.gaps.farthestInsertion)),
      opro: meanAndStandardError(oproGaps),
    },
    steps: meanAndStandardError(reached.map((r) => r.stepsToOptimum as number)),
    successes: reached.length,
    finishedInstances: finished.length,
  };
}

async function runInstance(options: TspExperimentOptions, tag: InstanceTag): Promise<TspInstanceResult> {
  const seed = deriveSeed(options.seed, 'tsp-instance', tag.n, tag.instance);
  const problem = tspProblem({ n: tag.n, seed, ...(options.exactMaxN !== undefined ? { exactMaxN: options.exactMaxN } : {}) });
  const { baselines } = problem;
  options.onEvent?.({ ...tag, type: 'instance-started', seed, points: problem.instance.points, baselines });
  const result = await runOptimization({
    problem,
    optimizer: options.optimizer,
    steps: options.steps,
    maxExtraDrawsPerStep: options.maxExtraDrawsPerStep ?? DEFAULT_TSP_EXTRA_DRAWS,
    ...(options.candidatesPerStep !== undefined ? { candidatesPerStep: options.candidatesPerStep } : {}),
    ...(options.optimizerTemperature !== undefined ? { optimizerTemperature: options.optimizerTemperature } : {}),
    ...(options.optimizerMaxTokens !== undefined ? { optimizerMaxTokens: options.optimizerMaxTokens } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    onEvent: (event) => options.onEvent?.({ ...tag, type: 'engine', event }),
  });
  const reference = baselines.reference.length;
  const oproLength = result.best?.score ?? null;
  const instance: TspInstanceResult = {
    instance: tag.instance,
    seed,
    status: result.status,
    reason: result.reason,
    referenceKind: baselines.reference.kind,
    referenceLength: reference,
    nearestNeighbourLength: baselines.nearestNeighbour.length,
    farthestInsertionLength: baselines.farthestInsertion.length,
    oproLength,
    bestTour: result.best ? result.best.solution.slice() : null,
    gaps: {
      nearestNeighbour: optimalityGap(baselines.nearestNeighbour.length, reference),
      farthestInsertion: optimalityGap(baselines.farthestInsertion.length, reference),
      opro: oproLength === null ? null : optimalityGap(oproLength, reference),
    },
    stepsToOptimum: result.status === 'optimum-reached' ? result.stepsCompleted : null,
    stepsCompleted: result.stepsCompleted,
    optimizerCalls: result.optimizerCalls,
    replyCounts: result.replyCounts,
  };
  options.onEvent?.({ ...tag, type: 'instance-finished', result: instance });
  return instance;
}

/** Runs every size × instance one after the other; stops early (partial rows) on Ctrl-C or a budget. */
export async function runTspExperiment(options: TspExperimentOptions): Promise<TspExperimentResult> {
  if (!Number.isInteger(options.instances) || options.instances < 1) {
    throw new Error(`instances must be a positive integer, got ${options.instances}`);
  }
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new Error(`steps must be a positive integer, got ${options.steps}`);
  return runGroupedExperiment(options.sizes, options.instances, (n, _sizeIndex, instance) => runInstance(options, { n, instance }), summarizeTspSize);
}
