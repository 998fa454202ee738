/**
 * Paired comparison of two instructions scored on the same examples. Only examples BOTH answered
 * count: a failed call is not a wrong answer, and an example one side never answered says nothing
 * about the difference between them.
 */
import { mcnemarTest, SIGNIFICANCE_LEVEL, type McNemarMethod } from './mcnemar.js';

/** Correct answers k out of n answered examples. */
export interface Count {
  k: number;
  n: number;
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
  method: McNemarMethod;
  /** The chi-square statistic; null for the exact test. */
  statistic: number | null;
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
