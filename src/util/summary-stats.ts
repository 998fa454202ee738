/**
 * The summary statistics of the paper's math tables (shared by linear regression and TSP).
 *
 * Which spread: the paper does not say, but its TSP table prints "438.0 ± 0.0 (1)" for a single
 * success, which only the POPULATION standard deviation (numpy's default, ddof = 0) gives; the
 * sample std of one value is undefined. So we use the population std everywhere, and the standard
 * error is population std / sqrt(count), as `np.std(v) / np.sqrt(len(v))` would compute it.
 */
import { pyFormatFixed } from './python-float.js';

export interface MeanSpread {
  mean: number;
  /** Population std (Table 2) or standard error (Table 3), depending on the producer. */
  spread: number;
  count: number;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Population standard deviation (ddof = 0). NaN for no values, 0 for one value. */
export function populationStd(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length);
}

/** Population std / sqrt(count): the paper's "standard error" (see the header). */
export function standardError(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return populationStd(values) / Math.sqrt(values.length);
}

/** Mean ± population std, or null when there is nothing to summarise. */
export function meanAndStd(values: readonly number[]): MeanSpread | null {
  return values.length === 0 ? null : { mean: mean(values), spread: populationStd(values), count: values.length };
}

/** Mean ± standard error, or null when there is nothing to summarise. */
export function meanAndStandardError(values: readonly number[]): MeanSpread | null {
  return values.length === 0 ? null : { mean: mean(values), spread: standardError(values), count: values.length };
}

/** "5.8 ± 2.6", rounded half-even on the exact value as numpy would print it; "N/A" for null. */
export function formatMeanSpread(value: MeanSpread | null, decimals = 1): string {
  if (value === null) return 'N/A';
  return `${pyFormatFixed(value.mean, decimals)} ± ${pyFormatFixed(value.spread, decimals)}`;
}
