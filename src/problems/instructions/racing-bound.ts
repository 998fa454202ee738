/**
 * The statistics of instruction racing: when to look at a candidate's running accuracy, and how high
 * its accuracy on the WHOLE training subset could still be, given what it scored on the part it saw.
 *
 * Bound: Hoeffding-Serfling (Serfling 1974, "Probability inequalities for the sum in sampling without
 * replacement", Cor. 1.1) with a union bound over the checks of one candidate.
 *
 * Why it is sound. Racing visits the N training examples in a uniformly random order (a seeded
 * shuffle), so after n answered examples the correct/incorrect outcomes seen are a sample drawn
 * WITHOUT replacement from the N fixed outcomes whose mean mu is exactly the score a full evaluation
 * would give (the scorer runs at temperature 0; a finished example has one outcome). For values in
 * [0, 1] Serfling's inequality gives
 *     P(mu - mean_n >= t) <= exp(-2 n t^2 / (1 - (n - 1) / N)),
 * so `mean_n + sqrt((1 - (n - 1) / N) ln(1 / d) / (2 n))` is below mu with probability at most d.
 * The check points are fixed in advance (`roundSchedule`), at most R of them per candidate; giving each
 * d = delta / R, a union bound makes the probability that ANY check puts the bound below mu at most
 * delta. A candidate is dropped only when its bound is below the bar (racing-bar.ts), so:
 *
 *   every candidate whose full-evaluation score would reach the bar is dropped with probability <= delta.
 *
 * Assumptions, stated so they can be checked: (1) the shuffle is independent of the candidate and of
 * the bar; the order is never shown to the optimizer, and the bar comes from earlier steps' full scores;
 * (2) failed calls (excluded, never graded wrong) are unrelated to whether the answer would have been
 * right; they only shrink n, which widens the bound. Using N (not the unknown number of examples a
 * full run would answer) in the finite-population factor only widens it further.
 * Compared with plain Hoeffding the factor (1 - (n - 1) / N) matters late in the race (half the subset
 * seen: the margin shrinks by ~30%); an empirical-Bernstein bound would gain little here because OPRO
 * accuracies sit near 0.5, where the Bernoulli variance is close to Hoeffding's worst case 1/4. The
 * exact hypergeometric bound (test inversion) was tried too: about 1% fewer calls in bench/racing.ts,
 * for log-factorial code and a tail that is exactly delta / R tight; not worth it.
 */

/**
 * Each round looks at this many times as many examples (in total) as the previous one. Finer than
 * doubling because the finite-population factor shrinks the margin fast late in the race, where a
 * candidate just under the bar is decided; 1.25 saved no more in the benchmark, with more rounds.
 */
export const ROUND_GROWTH = 1.5;

/**
 * Cumulative example counts at the end of each round: firstRound, then growing geometrically, the last
 * one always the whole subset. Every boundary but the last is a check point.
 */
export function roundSchedule(total: number, firstRound: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`racing needs a whole number of examples, got ${total}`);
  if (!Number.isInteger(firstRound) || firstRound < 1) throw new Error(`the first racing round must be a positive integer, got ${firstRound}`);
  const boundaries: number[] = [];
  for (let end = firstRound; end < total; end = Math.ceil(end * ROUND_GROWTH)) boundaries.push(end);
  boundaries.push(total);
  return boundaries;
}

/** How many times a candidate may be checked (and so dropped) under a schedule: the union bound's R. */
export function checkCount(total: number, firstRound: number): number {
  return roundSchedule(total, firstRound).length - 1;
}

export interface BoundInput {
  /** Correct answers among the answered examples seen so far. */
  correct: number;
  /** Answered examples seen so far (failed calls are not counted). */
  answered: number;
  /** Size of the training subset: the population the full-evaluation score is the mean of. */
  population: number;
  /** The union bound's R: check points per candidate. */
  checks: number;
  /** The total probability of wrongly dropping a candidate that would reach the bar. */
  delta: number;
}

/** An upper confidence bound (in [0, 1]) on the full-evaluation accuracy; see the header for the guarantee. */
export function upperConfidenceBound({ correct, answered, population, checks, delta }: BoundInput): number {
  if (!(delta > 0 && delta < 1)) throw new Error(`racing confidence delta must be in (0, 1), got ${delta}`);
  if (answered <= 0 || checks <= 0) return 1;
  const mean = correct / answered;
  const finitePopulation = Math.max(0, 1 - (answered - 1) / Math.max(population, answered));
  const margin = Math.sqrt((finitePopulation * Math.log(checks / delta)) / (2 * answered));
  return Math.min(1, mean + margin);
}
