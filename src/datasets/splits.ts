/**
 * Train/test splits and per-step exemplars, drawn exactly as the reference draws them with numpy's
 * legacy RNG, so the same seed picks the same questions as OPRO's Python code.
 */
import { BBH_TRAIN_RATIO, OTHER_TRAIN_RATIO, findBuiltinDataset } from './builtin-catalog.js';
import { DatasetError } from './errors.js';
import { LegacyRandomState } from './numpy-random.js';
import {
  PAPER_BBH_250_TRAIN_INDICES,
  PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES,
  PAPER_BBH_PENGUINS_TRAIN_INDICES,
  PAPER_BBH_SNARKS_TRAIN_INDICES,
  PAPER_GSM8K_TRAIN_INDICES,
} from './paper-indices.js';
import type { Dataset, DatasetExample } from './types.js';

/** The reference seeds numpy with 0 before drawing the training subset. */
export const DEFAULT_SPLIT_SEED = 0;

/**
 * How exemplar draws are seeded: 'random' (reference default) reseeds with the step index, so each
 * step shows different exemplars; 'constant' reseeds with 0, so every step shows the same ones.
 */
export type ExemplarSeedMode = 'random' | 'constant';

export type SplitPreset = 'paper';

export interface SplitOptions {
  /** Fraction of the pool used for training, in (0, 1]. Defaults to the dataset's reference fraction. */
  trainRatio?: number;
  /** numpy seed for the draw; the reference uses 0. */
  seed?: number;
  /** 'paper': use the shipped Appendix A lists where the paper has them (ratio and seed must be left unset). */
  preset?: SplitPreset;
}

export interface Split {
  train: DatasetExample[];
  test: DatasetExample[];
  /** Positions in the pool of the training examples, ascending (what exemplarIndices draws from). */
  trainIndices: number[];
}

const ascending = (a: number, b: number): number => a - b;

function validateRatio(trainRatio: number): void {
  if (!Number.isFinite(trainRatio) || trainRatio <= 0 || trainRatio > 1) {
    throw new DatasetError(`The train ratio must be greater than 0 and at most 1; got ${trainRatio}.`);
  }
}

/**
 * `np.random.seed(seed); np.sort(np.random.choice(n, int(ratio * n), replace=False))`.
 * The product is truncated like Python's int(), in the same float64 arithmetic.
 */
export function trainIndices(poolSize: number, trainRatio: number, seed: number = DEFAULT_SPLIT_SEED): number[] {
  validateRatio(trainRatio);
  if (!Number.isInteger(poolSize) || poolSize <= 0) {
    throw new DatasetError(`Cannot split a pool of ${poolSize} examples; it needs at least one example.`);
  }
  const size = Math.trunc(trainRatio * poolSize);
  if (size === 0) {
    throw new DatasetError(
      `A train ratio of ${trainRatio} on ${poolSize} examples selects no training example; ` +
        `use a ratio of at least ${1 / poolSize}.`,
    );
  }
  return new LegacyRandomState(seed).choice(poolSize, size).sort(ascending);
}

/**
 * The exemplars shown in the meta-prompt at a step:
 * `np.random.seed(step or 0); np.sort(np.random.choice(trainIndices, count, replace=False))`.
 * When the training subset is smaller than `count` (where the reference would crash), every
 * training index is returned.
 */
export function exemplarIndices(
  train: readonly number[],
  count: number,
  step: number,
  mode: ExemplarSeedMode = 'random',
): number[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new DatasetError(`The exemplar count must be an integer >= 0; got ${count}.`);
  }
  if (!Number.isInteger(step) || step < 0) throw new DatasetError(`The step must be an integer >= 0; got ${step}.`);
  const seed = mode === 'random' ? step : DEFAULT_SPLIT_SEED;
  const size = Math.min(count, train.length);
  return new LegacyRandomState(seed).choice(train, size).sort(ascending);
}

/** The reference's training fraction for a dataset id (user files get the BBH-like default). */
export function defaultTrainRatio(datasetId: string): number {
  const info = findBuiltinDataset(datasetId);
  if (info) return info.defaultTrainRatio;
  return datasetId.startsWith('bbh/') ? BBH_TRAIN_RATIO : OTHER_TRAIN_RATIO;
}

/** BBH tasks whose size is not 250 have their own Appendix A list. */
const PAPER_BBH_SPECIAL: ReadonlyMap<string, readonly number[]> = new Map([
  ['bbh/causal_judgement', PAPER_BBH_CAUSAL_JUDGEMENT_TRAIN_INDICES],
  ['bbh/penguins_in_a_table', PAPER_BBH_PENGUINS_TRAIN_INDICES],
  ['bbh/snarks', PAPER_BBH_SNARKS_TRAIN_INDICES],
]);

/** The training indices published for a dataset (Appendix A), or null when the paper gives none. */
export function paperTrainIndices(datasetId: string): number[] | null {
  if (datasetId === 'gsm8k') return [...PAPER_GSM8K_TRAIN_INDICES];
  if (!datasetId.startsWith('bbh/') || !findBuiltinDataset(datasetId)) return null;
  return [...(PAPER_BBH_SPECIAL.get(datasetId) ?? PAPER_BBH_250_TRAIN_INDICES)];
}

function chooseTrainIndices(dataset: Dataset, options: SplitOptions): number[] {
  const poolSize = dataset.pool.length;
  if (options.preset === 'paper') {
    if (options.trainRatio !== undefined || options.seed !== undefined) {
      throw new DatasetError(
        'The paper preset fixes the train ratio and seed; do not pass trainRatio or seed with it.',
      );
    }
    const published = paperTrainIndices(dataset.id);
    if (published) {
      const outside = published.find((i) => i >= poolSize);
      if (outside !== undefined) {
        throw new DatasetError(
          `The paper's training indices for ${dataset.id} go up to ${outside}, but the pool has only ` +
            `${poolSize} examples; the dataset file is not the one the paper used.`,
        );
      }
      return published;
    }
    // No published list (MultiArith, AQuA, user files): the reference procedure with its defaults.
  } else if (options.preset !== undefined) {
    throw new DatasetError(`Unknown split preset '${String(options.preset)}'; the only preset is 'paper'.`);
  }
  const ratio = options.trainRatio ?? defaultTrainRatio(dataset.id);
  return trainIndices(poolSize, ratio, options.seed ?? DEFAULT_SPLIT_SEED);
}

/**
 * Training subset from the pool; test = the separate held-out file when there is one (GSM8K test),
 * otherwise the rest of the pool in file order.
 */
export function makeSplit(dataset: Dataset, options: SplitOptions = {}): Split {
  const indices = chooseTrainIndices(dataset, options);
  const chosen = new Set(indices);
  const train = indices.map((i) => dataset.pool[i] as DatasetExample);
  const test = dataset.heldOut ?? dataset.pool.filter((_, i) => !chosen.has(i));
  return { train, test: [...test], trainIndices: indices };
}
