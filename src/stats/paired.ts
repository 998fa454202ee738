/**
 * Paired comparison of two instructions scored on the same examples. Only examples BOTH answered
 * count: a failed call is not a wrong answer, and an example one side never answered says nothing
 * about the difference between them.
 */
import { mcnemarTest, SIGNIFICANCE_LEVEL, type McNemarMethod } from './mcnemar.js';
import { meanDifferenceInterval } from './mean-difference.js';
import { pairedPermutationTest, type PermutationMethod } from './permutation.js';

/** Correct answers k out of n answered examples. */
export interface Count {
  k: number;
  n: number;
}

/** McNemar for 0/1 scores; the paired permutation test when some score is partial. */
export type PairedMethod = McNemarMethod | PermutationMethod;

/** The comparison of mean scores, present when some paired score is strictly between 0 and 1. */
export interface ScoreDifference {
  firstMean: number;
  secondMean: number;
  /** firstMean − secondMean. */
  difference: number;
  /** Paired t 95% interval of the difference; null with fewer than two pairs. */
  interval: { low: number; high: number } | null;
  /** Examples whose two scores differ. */
  nonzero: number;
  /** Random sign patterns (Monte Carlo permutation test), or null when exact. */
  resamples: number | null;
}

export interface PairedComparison {
  /** The first instruction over the jointly answered examples. */
  first: Count;
  /** The second instruction over the same examples. */
  second: Count;
  /** b = first right and second wrong; c = first wrong and second right. */
  discordant: { b: number; c: number };
  pValue: number;
  significant: boolean;
  method: PairedMethod;
  /** The chi-square statistic; null for the exact tests. */
  statistic: number | null;
  /** Partial scores: the means and their difference (first/second/discordant still count full scores). */
  scores?: ScoreDifference;
}

/** Per-example outcomes: dataset example index -> correct, answered examples only. */
export type CorrectByIndex = ReadonlyMap<number, boolean>;

export function comparePaired(first: CorrectByIndex, second: CorrectByIndex, alpha: number = SIGNIFICANCE_LEVEL): PairedComparison {
  let n = 0;
  let firstRight = 0;
  let secondRight = 0;
  let b = 0;
  let c = 0;
  for (const [index, firstCorrect] of first) {
    const secondCorrect = second.get(index);
    if (secondCorrect === undefined) continue;
    n += 1;
    if (firstCorrect) firstRight += 1;
    if (secondCorrect) secondRight += 1;
    if (firstCorrect && !secondCorrect) b += 1;
    if (!firstCorrect && secondCorrect) c += 1;
  }
  const test = mcnemarTest(b, c);
  return {
    first: { k: firstRight, n },
    second: { k: secondRight, n },
    discordant: { b, c },
    pValue: test.pValue,
    significant: test.pValue < alpha,
    method: test.method,
    statistic: test.statistic,
  };
}

/** Per-example scores in [0, 1]: dataset example index -> score, answered examples only. */
export type ScoreByIndex = ReadonlyMap<number, number>;

const isBinary = (score: number): boolean => score === 0 || score === 1;

/**
 * The comparison every report uses. 0/1 scores on every paired example: McNemar, exactly
 * comparePaired on "full score or not" (paper runs read as they always did). Any partial score: the
 * paired permutation test on the score differences, with the mean difference and its interval,
 * because "full score or not" would throw away a judge's 4/5 against its 2/5.
 */
export function comparePairedScores(first: ScoreByIndex, second: ScoreByIndex, alpha: number = SIGNIFICANCE_LEVEL): PairedComparison {
  const pairs: [number, number][] = [];
  // Example order, so the Monte Carlo draws meet the differences in the same order in every view.
  for (const index of [...first.keys()].sort((x, y) => x - y)) {
    const other = second.get(index);
    if (other !== undefined) pairs.push([first.get(index) as number, other]);
  }
  const full = (scores: ScoreByIndex): Map<number, boolean> => new Map([...scores].map(([index, score]) => [index, score >= 1]));
  const binary = comparePaired(full(first), full(second), alpha);
  if (pairs.every(([a, b]) => isBinary(a) && isBinary(b))) return binary;
  const differences = pairs.map(([a, b]) => a - b);
  const test = pairedPermutationTest(differences);
  const { mean, interval } = meanDifferenceInterval(differences);
  const n = pairs.length;
  return {
    ...binary,
    pValue: test.pValue,
    significant: test.pValue < alpha,
    method: test.method,
    statistic: null,
    scores: {
      firstMean: pairs.reduce((sum, [a]) => sum + a, 0) / n,
      secondMean: pairs.reduce((sum, [, b]) => sum + b, 0) / n,
      difference: mean,
      interval,
      nonzero: test.nonzero,
      resamples: test.resamples,
    },
  };
}
