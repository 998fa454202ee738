/**
 * numpy's global RNG as the reference's current_most_frequent selection finds it. That selection
 * calls `np.random.choice` without reseeding, so its draws continue the stream `main()` started when
 * it drew the data split, and each draw moves the stream on for the next step's.
 */
import { LegacyRandomState } from '../../datasets/numpy-random.js';

/** What the reference's `main()` drew from the global RNG before the optimization loop. */
export interface SplitDraws {
  /** `np.random.seed(seed)` before the split (0 in the reference). */
  seed: number;
  /** `num_examples`: the pool the training subset was drawn from. */
  poolSize: number;
  /** `int(train_ratio * num_examples)`: the training subset's size. */
  trainSize: number;
}

/**
 * The generator after `main()`'s two draws: the training subset (`choice(num_examples, n_train)`),
 * then the evaluation subset from the rest. That second draw has size 0 for every dataset here
 * (eval_ratio is 0 outside MMLU), but numpy's choice without replacement permutes the whole
 * population before taking the first 0, so it still consumes the stream.
 */
export function globalRandomAfterSplit(draws: SplitDraws): LegacyRandomState {
  const { seed, poolSize, trainSize } = draws;
  if (!Number.isInteger(trainSize) || trainSize < 0 || trainSize > poolSize) {
    throw new RangeError(`a split of ${trainSize} training examples from a pool of ${poolSize} is impossible`);
  }
  const random = new LegacyRandomState(seed);
  random.choice(poolSize, trainSize, false);
  random.choice(poolSize - trainSize, 0, false);
  return random;
}
