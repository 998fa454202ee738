/**
 * The 95% interval of a mean paired difference of scores: the paired t interval, mean ± t(0.975,
 * n − 1) · sd / √n, clamped to [−1, 1] (scores are in [0, 1]). The textbook interval for a mean
 * difference; its centre is exactly the difference the reports print.
 *
 * It comes from a different model than the permutation p-value (normal differences vs exchangeable
 * signs), so when p is close to 0.05 the interval may just include 0 while the test rejects, or the
 * reverse; the verdict printed is always the test's.
 */
import { studentTQuantile } from './student-t.js';

export interface MeanDifference {
  /** Mean of (first − second) over the paired examples. */
  mean: number;
  /** null with fewer than two pairs (no spread to estimate). */
  interval: { low: number; high: number } | null;
}

export function meanDifferenceInterval(differences: readonly number[]): MeanDifference {
  const n = differences.length;
  const mean = n === 0 ? 0 : differences.reduce((sum, d) => sum + d, 0) / n;
  if (n < 2) return { mean, interval: null };
  const variance = differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean, interval: { low: Math.max(-1, mean - half), high: Math.min(1, mean + half) } };
}
