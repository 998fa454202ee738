/** Text forms of accuracies and comparisons: every number a user reads carries its n and its noise. */
import { wilsonInterval } from './wilson.js';
import type { McNemarMethod } from './mcnemar.js';
import type { PairedComparison } from './paired.js';

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

export function methodLabel(method: McNemarMethod): string {
  return method === 'exact-binomial' ? 'McNemar exact' : 'McNemar chi-square';
}

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
  const gain = comparison.first.k - comparison.second.k;
  if (comparison.significant) return gain > 0 ? `significant (${detail})` : `significantly worse (${detail})`;
  return gain > 0 ? `not significant: the gain is within noise (${detail})` : `not significant: the difference is within noise (${detail})`;
}

/** `80.2% vs 71.8% (+8.4 points): significant (...)`, over the jointly answered examples. */
export function formatComparison(comparison: PairedComparison): string {
  const { first, second } = comparison;
  if (first.n === 0) return formatSignificance(comparison);
  const difference = first.k / first.n - second.k / second.n;
  return `${pct(first.k / first.n)}% vs ${pct(second.k / second.n)}% (${formatPoints(difference)}): ${formatSignificance(comparison)}`;
}
