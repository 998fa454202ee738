/**
 * The paired permutation (sign-flip) test on per-example score differences, for metrics whose scores
 * are partial (a judge's 3/5, token F1, a weighted combination): Fisher's randomization test for
 * paired data, as in Good, "Permutation Tests" (2nd ed., §3.2), or R's coin::oneway_test on paired
 * differences.
 *
 * Why this test: under "the two instructions are interchangeable", which one produced which score on
 * an example is a fair coin, so every sign pattern of the differences is equally likely. The test
 * statistic is the sum (equivalently the mean) of the differences, which is the figure the reports
 * print; it assumes no normality and no continuous scale, which judge scores on a 1-5 scale (full of
 * ties) would violate for a t test or complicate for the Wilcoxon signed-rank test. On 0/1 scores it
 * IS McNemar's exact test (the differences are ±1 on the discordant examples, so the sum's sign-flip
 * distribution is Binomial(b + c, 1/2)), which keeps one idea behind every comparison.
 *
 * Which p when: with at most EXACT_MAX_NONZERO non-zero differences every one of the 2^m sign
 * patterns is enumerated (exact); above, SIGN_FLIP_RESAMPLES seeded random patterns, with the
 * p-value (count + 1) / (resamples + 1), which never reports 0 and keeps the test valid (Phipson &
 * Smyth 2010). The seed is fixed so that the CLI and the dashboard print the same p for the same data.
 */
import { createRng } from '../util/random.js';

/** Up to this many non-zero differences, the 2^m sign patterns are enumerated (2^20 ≈ 1M sums). */
export const EXACT_MAX_NONZERO = 20;
/** Random sign patterns above EXACT_MAX_NONZERO: the p-value's Monte Carlo error is at most ±0.0035 (2 SE) at p = 0.05. */
export const SIGN_FLIP_RESAMPLES = 20_000;
const SIGN_FLIP_SEED = 20240101;

export type PermutationMethod = 'permutation-exact' | 'permutation-monte-carlo';

export interface PermutationResult {
  /** Two-sided: the share of sign patterns whose |sum| is at least the observed |sum|. */
  pValue: number;
  method: PermutationMethod;
  /** Examples whose two scores differ (the only ones whose sign can flip). */
  nonzero: number;
  /** Random patterns drawn (Monte Carlo), or null when exact. */
  resamples: number | null;
}

/** Sums within this (relative) of the observed one count as equal to it: float noise, not a difference. */
const TIE_TOLERANCE = 1e-9;

export function pairedPermutationTest(differences: readonly number[]): PermutationResult {
  const nonzero = differences.filter((d) => d !== 0);
  const m = nonzero.length;
  const observed = Math.abs(nonzero.reduce((sum, d) => sum + d, 0));
  const scale = nonzero.reduce((sum, d) => sum + Math.abs(d), 0);
  const threshold = observed - TIE_TOLERANCE * Math.max(1, scale);
  if (m === 0) return { pValue: 1, method: 'permutation-exact', nonzero: 0, resamples: null };
  if (m <= EXACT_MAX_NONZERO) return { pValue: exactTail(nonzero, threshold), method: 'permutation-exact', nonzero: m, resamples: null };
  return { pValue: monteCarloTail(nonzero, threshold), method: 'permutation-monte-carlo', nonzero: m, resamples: SIGN_FLIP_RESAMPLES };
}

/** Every sign pattern, walked in Gray-code order so each next sum differs by one flipped term. */
function exactTail(values: readonly number[], threshold: number): number {
  const m = values.length;
  const signs = new Int8Array(m).fill(1);
  let sum = values.reduce((total, d) => total + d, 0);
  let atLeast = Math.abs(sum) >= threshold ? 1 : 0;
  const patterns = 2 ** m;
  for (let k = 1; k < patterns; k++) {
    // The bit that changes between Gray codes k - 1 and k is the lowest set bit of k.
    const bit = 31 - Math.clz32(k & -k);
    const sign = -(signs[bit] as number);
    signs[bit] = sign;
    sum += 2 * sign * (values[bit] as number);
    if (Math.abs(sum) >= threshold) atLeast += 1;
  }
  return atLeast / patterns;
}

function monteCarloTail(values: readonly number[], threshold: number): number {
  const rng = createRng(SIGN_FLIP_SEED);
  let atLeast = 0;
  for (let r = 0; r < SIGN_FLIP_RESAMPLES; r++) {
    let sum = 0;
    let bits = 0;
    for (let i = 0; i < values.length; i++) {
      // 32 random signs per draw.
      if (i % 32 === 0) bits = Math.floor(rng.next() * 4294967296) >>> 0;
      sum += bits & 1 ? (values[i] as number) : -(values[i] as number);
      bits >>>= 1;
    }
    if (Math.abs(sum) >= threshold) atLeast += 1;
  }
  return (atLeast + 1) / (SIGN_FLIP_RESAMPLES + 1);
}
