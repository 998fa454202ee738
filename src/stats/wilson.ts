/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3).
 *
 * Why Wilson and not the textbook "p ± 1.96·sqrt(p(1-p)/n)" (Wald): Wald collapses to a zero-width
 * interval at 0/n and n/n and undercovers badly for the small n and extreme accuracies prompt
 * evaluations live in (a 20-example BBH split, a 98% train score). Wilson stays inside [0, 1], is
 * never zero-width, and has close to nominal coverage from n = 10 up.
 */

/** Two-sided 95% normal quantile, Φ⁻¹(0.975), to full double precision. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  lower: number;
  upper: number;
}

/** The 95% (or given z) Wilson interval for k successes out of n; [0, 1] when n = 0 (no information). */
export function wilsonInterval(k: number, n: number, z: number = Z_95): Interval {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 0 || k < 0 || k > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= k <= n, got k=${k}, n=${n}`);
  }
  if (n === 0) return { lower: 0, upper: 1 };
  return wilsonAt(k / n, n, z);
}

/**
 * The Wilson interval applied to a MEAN SCORE in [0, 1] over n examples (judge scores, token F1,
 * weighted metrics): the interval every report, `opro runs show`, the export card and the dashboard
 * print for a score that is not a plain count of correct answers.
 *
 * Why this one: a variable in [0, 1] with mean m has variance at most m(1 - m) (the Bernoulli case
 * is the worst), so the Wilson interval, which assumes exactly that variance, is conservative for
 * partial scores; it reduces exactly to the usual Wilson interval when the scores are 0/1; it needs
 * only the mean and n (which is all the store keeps per candidate), so every view can print the same
 * interval; and it is never zero-width, even when every example got the same partial score (the
 * normal interval on the sample standard deviation collapses to a point there).
 */
export function wilsonIntervalOfMean(mean: number, n: number, z: number = Z_95): Interval {
  if (!Number.isInteger(n) || n < 0 || !(mean >= 0 && mean <= 1)) {
    throw new RangeError(`wilsonIntervalOfMean needs a mean in [0, 1] and an integer n >= 0, got mean=${mean}, n=${n}`);
  }
  if (n === 0) return { lower: 0, upper: 1 };
  return wilsonAt(mean, n, z);
}

function wilsonAt(p: number, n: number, z: number): Interval {
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At p = 0 or p = 1 one end is exactly 0 or 1; clamp the rounding noise of center ± half.
  return {
    lower: p === 0 ? 0 : Math.max(0, center - half),
    upper: p === 1 ? 1 : Math.min(1, center + half),
  };
}
