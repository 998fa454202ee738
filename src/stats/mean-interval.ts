/**
 * A 95% interval for a mean score in [0, 1]: the Wilson interval applied to the mean (see
 * wilsonIntervalOfMean for why), the same for 0/1 accuracies and for partial scores, so a figure
 * reads the same in the report, `opro runs show`, the export card and the dashboard.
 */
import { wilsonIntervalOfMean } from './wilson.js';

export interface MeanScore {
  mean: number;
  n: number;
  low: number;
  high: number;
  /** Always 'wilson' (kept in exported cards so a reader knows which interval it is). */
  method: 'wilson';
}

/** The interval of a mean over n answered examples; null when none was answered. */
export function meanScoreOf(mean: number, n: number): MeanScore | null {
  if (n === 0) return null;
  // Sums of floating scores can land a hair outside [0, 1] (0.7 + 0.3 weights): the mean is clamped.
  const clamped = Math.min(1, Math.max(0, mean));
  const { lower, upper } = wilsonIntervalOfMean(clamped, n);
  return { mean: clamped, n, low: lower, high: upper, method: 'wilson' };
}

export function meanScoreInterval(scores: readonly number[]): MeanScore | null {
  const n = scores.length;
  if (n === 0) return null;
  return meanScoreOf(scores.reduce((total, score) => total + score, 0) / n, n);
}

/** `83.5% [74.0, 93.0] n=20` (percentages, one decimal). */
export function formatMeanScore(score: MeanScore): string {
  const pct = (x: number): string => (x * 100).toFixed(1);
  return `${pct(score.mean)}% [${pct(score.low)}, ${pct(score.high)}] n=${score.n}`;
}
