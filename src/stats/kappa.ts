/**
 * Agreement between two raters on the same items (an LLM judge and human labels): raw accuracy and
 * Cohen's kappa, which discounts the agreement two raters would reach by chance from their label
 * frequencies alone. The interval is a seeded percentile bootstrap over items, which holds up on
 * the small labelled sets judge checks use (the asymptotic formula does not).
 */
import { createRng } from '../util/random.js';

export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
export const DEFAULT_CONFIDENCE = 0.95;

export interface AgreementPair {
  first: string;
  second: string;
}

export interface Agreement {
  n: number;
  /** Share of items with the same label. */
  accuracy: number;
  /** null when chance agreement is 1 (both raters used a single, identical label): kappa is undefined. */
  kappa: number | null;
  /** Bootstrap percentile interval of kappa; null with kappa null or fewer than 2 items. */
  interval: { low: number; high: number; confidence: number } | null;
}

/** Cohen's kappa of paired labels, or null when it is undefined. */
export function cohensKappa(pairs: readonly AgreementPair[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const firstCounts = new Map<string, number>();
  const secondCounts = new Map<string, number>();
  let agree = 0;
  for (const { first, second } of pairs) {
    if (first === second) agree += 1;
    firstCounts.set(first, (firstCounts.get(first) ?? 0) + 1);
    secondCounts.set(second, (secondCounts.get(second) ?? 0) + 1);
  }
  const observed = agree / n;
  let chance = 0;
  for (const [label, count] of firstCounts) chance += (count / n) * ((secondCounts.get(label) ?? 0) / n);
  if (chance >= 1 - 1e-12) return null;
  return (observed - chance) / (1 - chance);
}

function percentile(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}

export interface AgreementOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
}

export function agreement(pairs: readonly AgreementPair[], options: AgreementOptions = {}): Agreement {
  const n = pairs.length;
  const accuracy = n === 0 ? 0 : pairs.filter((pair) => pair.first === pair.second).length / n;
  const kappa = cohensKappa(pairs);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (kappa === null || n < 2) return { n, accuracy, kappa, interval: null };
  const rng = createRng(options.seed ?? 0);
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const kappas: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = Array.from({ length: n }, () => pairs[rng.int(0, n - 1)] as AgreementPair);
    const value = cohensKappa(sample);
    // A resample with a single shared label has no kappa; it counts as full agreement would (1) only
    // if every pair agrees, which is what the raters showed on it.
    kappas.push(value ?? 1);
  }
  kappas.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return { n, accuracy, kappa, interval: { low: percentile(kappas, tail), high: percentile(kappas, 1 - tail), confidence } };
}
