/**
 * The linear-regression instance of the paper (spec section 8): x = 1..50, y = w_true·x + b_true + noise,
 * the sum-of-squared-residuals objective, and the random integer starting pairs.
 *
 * The reference draws its noise with numpy's `np.random.randn` (seed rep + 1); we cannot reproduce
 * numpy's normal stream, so our noise comes from our own seeded PRNG (xoshiro128** + Box-Muller).
 * Same distribution, different numbers: our instances are not the paper's instances.
 */
import { pyRoundToInt } from '../../util/python-float.js';
import { createRng, deriveSeed } from '../../util/random.js';

export const NUM_POINTS = 50;
export const NUM_STARTING_POINTS = 5;
/** Starting w and b are uniform in [10, 20) before rounding (reference `np.random.uniform(10, 20)`). */
export const STARTING_RANGE: readonly [number, number] = [10, 20];

export interface Pair {
  w: number;
  b: number;
}

export interface RegressionData {
  xs: readonly number[];
  ys: readonly number[];
}

export function generateData(wTrue: number, bTrue: number, seed: number): RegressionData {
  const rng = createRng(deriveSeed(seed, 'noise'));
  const xs = Array.from({ length: NUM_POINTS }, (_, i) => i + 1);
  const ys = xs.map((x) => x * wTrue + bTrue + rng.normal());
  return { xs, ys };
}

/** Sum of squared residuals Σ (y − (w·x + b))², the objective to minimise. */
export function squaredLoss(data: RegressionData, { w, b }: Pair): number {
  let total = 0;
  data.xs.forEach((x, i) => {
    const residual = (data.ys[i] as number) - (x * w + b);
    total += residual * residual;
  });
  return total;
}

/** The real-valued least-squares fit (closed form) and its loss: the floor no integer pair can beat. */
export function leastSquares(data: RegressionData): Pair & { loss: number } {
  const n = data.xs.length;
  if (n < 2) throw new Error('least squares needs at least two points');
  const xMean = data.xs.reduce((s, x) => s + x, 0) / n;
  const yMean = data.ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  data.xs.forEach((x, i) => {
    sxy += (x - xMean) * ((data.ys[i] as number) - yMean);
    sxx += (x - xMean) ** 2;
  });
  const w = sxy / sxx;
  const b = yMean - w * xMean;
  return { w, b, loss: squaredLoss(data, { w, b }) };
}

/**
 * The reference's starting pairs: 5 uniform w and 5 uniform b from separate streams, each rounded
 * half-even to an integer, paired index-wise, de-duplicated and sorted (as `np.unique(axis=0)` does).
 */
export function startingPairs(seed: number): Pair[] {
  const [low, high] = STARTING_RANGE;
  const wRng = createRng(deriveSeed(seed, 'init-w'));
  const bRng = createRng(deriveSeed(seed, 'init-b'));
  const ws = Array.from({ length: NUM_STARTING_POINTS }, () => pyRoundToInt(wRng.uniform(low, high)));
  const bs = Array.from({ length: NUM_STARTING_POINTS }, () => pyRoundToInt(bRng.uniform(low, high)));
  const unique = new Map<string, Pair>();
  ws.forEach((w, i) => unique.set(`${w},${bs[i]}`, { w, b: bs[i] as number }));
  return [...unique.values()].sort((p, q) => p.w - q.w || p.b - q.b);
}
