/**
 * A winner chosen on a small training subset is partly chosen for its luck on those examples.
 * When its train accuracy sits far above everything its held-out interval allows, say so.
 */
import { wilsonIntervalOfMean } from './wilson.js';

/** Train accuracy this far (in proportion) above the held-out interval's upper end triggers the warning. */
export const OVERFIT_MARGIN = 0.1;

export interface OverfitCheck {
  /** train accuracy − upper end of the held-out Wilson interval. */
  gap: number;
  testUpper: number;
}

/**
 * The gap when it exceeds the margin, else null (also null with no held-out answers). testK is the
 * count of correct answers, or the sum of partial scores (the interval is then Wilson on the mean).
 */
export function overfitGap(trainAccuracy: number, testK: number, testN: number, margin: number = OVERFIT_MARGIN): OverfitCheck | null {
  if (testN === 0) return null;
  const testUpper = wilsonIntervalOfMean(Math.min(1, Math.max(0, testK / testN)), testN).upper;
  const gap = trainAccuracy - testUpper;
  return gap > margin ? { gap, testUpper } : null;
}
