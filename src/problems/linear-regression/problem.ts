/**
 * Linear regression as an OPRO problem (spec section 8): propose integer (w, b), minimise the sum of
 * squared residuals, stop as soon as the generating pair itself is proposed.
 */
import type { Problem } from '../../engine/problem.js';
import { generateData, leastSquares, type Pair, type RegressionData, squaredLoss, startingPairs } from './data.js';
import { buildLinregMetaPrompt, MAX_PAIRS_SHOWN } from './meta-prompt.js';
import { parsePairReply } from './parse.js';

export interface LinearRegressionOptions {
  wTrue: number;
  bTrue: number;
  /** Seeds the noise and the starting pairs (separate sub-streams, as the reference seeds them apart). */
  seed: number;
  /** Pairs shown in the meta-prompt (reference: 20). */
  maxPairsShown?: number;
}

export interface LinearRegressionProblem extends Problem<Pair> {
  readonly wTrue: number;
  readonly bTrue: number;
  readonly data: RegressionData;
  /** The real-valued least-squares fit and its loss (not a stopping target: see `isOptimal`). */
  readonly leastSquares: Pair & { loss: number };
  /** The loss at the generating pair, which the reference prints as "value at (w_true, b_true)". */
  readonly lossAtTruth: number;
}

export function pairKey({ w, b }: Pair): string {
  return `${w},${b}`;
}

export function linearRegressionProblem(options: LinearRegressionOptions): LinearRegressionProblem {
  const { wTrue, bTrue, seed } = options;
  if (!Number.isInteger(wTrue) || !Number.isInteger(bTrue)) {
    throw new Error(`the true (w, b) must be integers (the optimizer proposes integers), got (${wTrue}, ${bTrue})`);
  }
  const maxShown = options.maxPairsShown ?? MAX_PAIRS_SHOWN;
  const data = generateData(wTrue, bTrue, seed);

  return {
    kind: 'linear-regression',
    direction: 'minimize',
    wTrue,
    bTrue,
    data,
    leastSquares: leastSquares(data),
    lossAtTruth: squaredLoss(data, { w: wTrue, b: bTrue }),
    initialSolutions: () => startingPairs(seed),
    buildMetaPrompt: (history) => ({ text: buildLinregMetaPrompt(history, maxShown) }),
    parseReply: (reply) => parsePairReply(reply),
    key: pairKey,
    evaluate: async (solutions) => solutions.map((pair) => ({ score: squaredLoss(data, pair) })),
    // The reference's rule: the generating pair was PROPOSED (not "the loss is minimal": the noisy
    // least-squares fit may round elsewhere). Initial pairs do not count, as in the reference, which
    // only checks proposals; the optimizer may re-propose an initial pair, since those are not
    // de-duplicated against (run without `dedupAgainstInitial`).
    isOptimal: (entry) => entry.step >= 0 && entry.solution.w === wTrue && entry.solution.b === bTrue,
    describe: ({ w, b }) => `w=${w}, b=${b}`,
  };
}
