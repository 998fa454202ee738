/** Text forms of accuracies and comparisons: every number a user reads carries its n and its noise. */
import { wilsonInterval } from './wilson.js';
import type { PairedComparison, PairedMethod } from './paired.js';
import { SIGN_FLIP_RESAMPLES } from './permutation.js';
import { SIGNIFICANCE_LEVEL } from './mcnemar.js';

/** Percent with one decimal, as the paper's tables print accuracies. */
const pct = (x: number): string => (x * 100).toFixed(1);

/** `71.8% [69.3, 74.2] n=1319`: accuracy, its Wilson 95% interval, and what it is over. */
export function formatAccuracy(k: number, n: number): string {
  if (n === 0) return 'n/a n=0';
  const { lower, upper } = wilsonInterval(k, n);
  return `${pct(k / n)}% [${pct(lower)}, ${pct(upper)}] n=${n}`;
}

/** Two significant digits; "< 0.001" below that, and never rounded up across 0.05. */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  let shown = Number(p.toPrecision(2));
  if (p < 0.05 && shown >= 0.05) shown = Number(p.toPrecision(3));
  return `p = ${shown}`;
}

export function methodLabel(method: PairedMethod): string {
  switch (method) {
    case 'exact-binomial':
      return 'McNemar exact';
    case 'chi-square-cc':
      return 'McNemar chi-square';
    case 'permutation-exact':
      return 'paired permutation exact';
    case 'permutation-monte-carlo':
      return `paired permutation, ${SIGN_FLIP_RESAMPLES.toLocaleString('en-US')} random sign patterns`;
  }
}

const signedPoints = (x: number): string => `${x < 0 ? '-' : '+'}${Math.abs(x * 100).toFixed(1)}`;

/** Signed difference in percentage points: `+8.4 points`. */
export function formatPoints(difference: number): string {
  const points = difference * 100;
  return `${points >= 0 ? '+' : '-'}${Math.abs(points).toFixed(1)} points`;
}

/**
 * The plain verdict on "first vs second": `significant (p = 0.003, McNemar chi-square, n = 1319)`,
 * `not significant: the gain is within noise (p = 0.41, McNemar exact, n = 150)`.
 */
export function formatSignificance(comparison: PairedComparison): string {
  const n = comparison.first.n;
  if (n === 0) return 'no comparison: no example was answered under both instructions';
  const detail = `${formatPValue(comparison.pValue)}, ${methodLabel(comparison.method)}, n = ${n}`;
  const gain = comparison.scores ? comparison.scores.difference : comparison.first.k - comparison.second.k;
  if (comparison.significant) return gain > 0 ? `significant (${detail})` : `significantly worse (${detail})`;
  const differing = comparison.scores?.nonzero ?? 0;
  // An exact permutation test on m differing examples cannot go below 2 / 2^m: say so rather than blame noise.
  if (comparison.method === 'permutation-exact' && differing > 0 && 2 / 2 ** differing >= SIGNIFICANCE_LEVEL) {
    return `not significant: only ${differing} example${differing === 1 ? '' : 's'} differ${differing === 1 ? 's' : ''}, too few for p < ${SIGNIFICANCE_LEVEL} (${detail})`;
  }
  return gain > 0 ? `not significant: the gain is within noise (${detail})` : `not significant: the difference is within noise (${detail})`;
}

/**
 * `80.2% vs 71.8% (+8.4 points): significant (...)`, over the jointly answered examples. With partial
 * scores, the mean scores and the interval of their difference:
 * `72.0% vs 41.0% (+31.0 points, 95% CI [18.2, 43.8]): significant (p = 0.002, paired permutation exact, n = 10)`.
 */
export function formatComparison(comparison: PairedComparison): string {
  const { first, second, scores } = comparison;
  if (first.n === 0) return formatSignificance(comparison);
  if (scores) {
    const interval = scores.interval ? `, 95% CI [${signedPoints(scores.interval.low)}, ${signedPoints(scores.interval.high)}]` : '';
    return `${pct(scores.firstMean)}% vs ${pct(scores.secondMean)}% (${formatPoints(scores.difference)}${interval}): ${formatSignificance(comparison)}`;
  }
  const difference = first.k / first.n - second.k / second.n;
  return `${pct(first.k / first.n)}% vs ${pct(second.k / second.n)}% (${formatPoints(difference)}): ${formatSignificance(comparison)}`;
}
