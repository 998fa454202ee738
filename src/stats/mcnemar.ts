/**
 * McNemar's test for two classifiers scored on the SAME examples (paired). Only the discordant
 * examples carry information: b = the first right and the second wrong, c = the reverse. Under
 * "no difference" each discordant example is a fair coin, so b ~ Binomial(b + c, 1/2).
 *
 * Which p-value when: for few discordant examples the chi-square approximation is poor, so below
 * EXACT_BELOW_DISCORDANT we use the exact two-sided binomial p (Wikipedia's and Fagerland et al.'s
 * rule of thumb, b + c < 25); from there on the chi-square statistic with Edwards' continuity
 * correction, (|b − c| − 1)² / (b + c), on 1 degree of freedom (R's mcnemar.test default).
 */

/** Discordant totals below this get the exact binomial p-value. */
export const EXACT_BELOW_DISCORDANT = 25;
/** The conventional significance level used in reports. */
export const SIGNIFICANCE_LEVEL = 0.05;

export type McNemarMethod = 'exact-binomial' | 'chi-square-cc';

export interface McNemarResult {
  b: number;
  c: number;
  method: McNemarMethod;
  /** The chi-square statistic (continuity-corrected); null for the exact test. */
  statistic: number | null;
  pValue: number;
}

export function mcnemarTest(b: number, c: number): McNemarResult {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`mcnemarTest needs non-negative integer counts, got b=${b}, c=${c}`);
  }
  const n = b + c;
  if (n < EXACT_BELOW_DISCORDANT) return { b, c, method: 'exact-binomial', statistic: null, pValue: exactBinomialTwoSided(Math.min(b, c), n) };
  // No correction when b = c (the statistic is 0 either way), as R does.
  const statistic = Math.max(0, Math.abs(b - c) - 1) ** 2 / n;
  return { b, c, method: 'chi-square-cc', statistic, pValue: chiSquareSurvival1(statistic) };
}

/**
 * Two-sided p of the exact binomial test at 1/2 with the smaller count `k` of `n`:
 * 2·P(X ≤ k), capped at 1. The distribution is symmetric, so doubling one tail is exact.
 * Summed directly; only used for n < EXACT_BELOW_DISCORDANT, far from underflow.
 */
export function exactBinomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  let term = 0.5 ** n;
  let tail = term;
  for (let i = 0; i < k; i++) {
    term = (term * (n - i)) / (i + 1);
    tail += term;
  }
  return Math.min(1, 2 * tail);
}

/** P(χ²₁ > x) = erfc(√(x/2)). */
export function chiSquareSurvival1(x: number): number {
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}

/**
 * Complementary error function, Numerical Recipes' Chebyshev fit (erfcc): relative error below
 * 1.2e-7 everywhere, far finer than the two significant digits a report prints.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
