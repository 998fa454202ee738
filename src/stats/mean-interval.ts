/**
 * A 95% interval for a mean score in [0, 1]. Scores that are all 0 or 1 are a proportion: the
 * Wilson interval (as for accuracies everywhere else). Otherwise the normal approximation on the
 * sample standard deviation, clamped to [0, 1]; it is stated as such wherever it is printed.
 */
import { wilsonInterval, Z_95 } from './wilson.js';

export interface MeanScore {
  mean: number;
  n: number;
  low: number;
  high: number;
  method: 'wilson' | 'normal';
}

export function meanScoreInterval(scores: readonly number[]): MeanScore | null {
  const n = scores.length;
  if (n === 0) return null;
  const sum = scores.reduce((total, score) => total + score, 0);
  const mean = sum / n;
  if (scores.every((score) => score === 0 || score === 1)) {
    const { lower, upper } = wilsonInterval(sum, n);
    return { mean, n, low: lower, high: upper, method: 'wilson' };
  }
  const variance = n > 1 ? scores.reduce((total, score) => total + (score - mean) ** 2, 0) / (n - 1) : 0;
  const margin = Z_95 * Math.sqrt(variance / n);
  return { mean, n, low: Math.max(0, mean - margin), high: Math.min(1, mean + margin), method: 'normal' };
}

/** `83.5% [74.0, 93.0] n=20` (percentages, one decimal). */
export function formatMeanScore(score: MeanScore): string {
  const pct = (x: number): string => (x * 100).toFixed(1);
  return `${pct(score.mean)}% [${pct(score.low)}, ${pct(score.high)}] n=${score.n}`;
}
