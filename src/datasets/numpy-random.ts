/**
 * numpy's legacy `RandomState` (the generator behind `np.random.seed` / `np.random.choice`), reproduced
 * bit for bit for the operations OPRO uses to draw its training subset and per-step exemplars.
 *
 * Only the int-seed path is implemented: numpy seeds MT19937 with the classic `init_genrand` recurrence
 * for an integer seed (an array seed would use `init_by_array`). Bounded integers use numpy's
 * mask-and-reject `random_interval`, so the draw sequence, and not just the distribution, matches.
 */

const STATE_SIZE = 624; // N
const SHIFT_SIZE = 397; // M
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const SEED_MULTIPLIER = 1812433253;
const TEMPER_MASK_B = 0x9d2c5680;
const TEMPER_MASK_C = 0xefc60000;
const MAX_UINT32 = 0xffffffff;

export class LegacyRandomState {
  private readonly key = new Uint32Array(STATE_SIZE);
  private pos = STATE_SIZE;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** `np.random.seed(seed)` for an integer seed in [0, 2**32 - 1], as numpy accepts. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_UINT32) {
      throw new RangeError(`A numpy seed must be an integer between 0 and 2**32 - 1; got ${seed}.`);
    }
    let value = seed >>> 0;
    for (let i = 0; i < STATE_SIZE; i++) {
      this.key[i] = value;
      // Math.imul keeps the low 32 bits of the product, which is what the C code's uint32 arithmetic does.
      value = (Math.imul(SEED_MULTIPLIER, (value ^ (value >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.pos = STATE_SIZE;
  }

  /**
   * numpy's `get_state()[1:3]`: the 624-word key and the position in it. Two generators with equal
   * states produce the same stream from here on, so this is how a test pins the stream position.
   */
  getState(): { key: number[]; pos: number } {
    return { key: Array.from(this.key), pos: this.pos };
  }

  /** One raw 32-bit output (numpy's `next_uint32`). */
  nextUint32(): number {
    if (this.pos >= STATE_SIZE) this.regenerate();
    let y = this.key[this.pos++] as number;
    y ^= y >>> 11;
    y ^= (y << 7) & TEMPER_MASK_B;
    y ^= (y << 15) & TEMPER_MASK_C;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A uniform integer in [0, max] by numpy's `random_interval`: mask to the smallest all-ones value
   * >= max and redraw until the masked draw is <= max. numpy switches to 64-bit draws above 2**32 - 1;
   * JS arrays never get that long, so that branch is refused instead of approximated.
   */
  randomInterval(max: number): number {
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`randomInterval needs an integer >= 0; got ${max}.`);
    if (max === 0) return 0; // numpy returns without consuming a draw
    if (max > MAX_UINT32) throw new RangeError('randomInterval above 2**32 - 1 (numpy 64-bit path) is not supported.');
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** numpy's legacy in-place Fisher-Yates: for i from n-1 down to 1, swap i with random_interval(i). */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i >= 1; i--) {
      const j = this.randomInterval(i);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
  }

  /** `permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation needs an integer >= 0; got ${n}.`);
    const values = Array.from({ length: n }, (_, i) => i);
    this.shuffle(values);
    return values;
  }

  /**
   * `choice(a, size, replace)` without probabilities. Without replacement numpy takes the first `size`
   * entries of `permutation(len(a))`; with replacement it draws `randint(0, len(a))` per sample, which
   * for these sizes is the same masked rejection as `random_interval(len(a) - 1)`.
   */
  choice(populationSize: number, size: number, replace?: boolean): number[];
  choice<T>(population: readonly T[], size: number, replace?: boolean): T[];
  choice<T>(aOrN: number | readonly T[], size: number, replace = false): Array<T | number> {
    const popSize = typeof aOrN === 'number' ? aOrN : aOrN.length;
    if (!Number.isInteger(popSize) || popSize < 0) {
      throw new RangeError(`choice needs a population size >= 0; got ${popSize}.`);
    }
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`choice needs a sample size >= 0; got ${size}.`);
    if (popSize === 0 && size > 0) throw new RangeError('Cannot take a sample from an empty population.');
    let picked: number[];
    if (replace) {
      picked = Array.from({ length: size }, () => this.randomInterval(popSize - 1));
    } else {
      if (size > popSize) {
        throw new RangeError(`Cannot take a sample of ${size} from a population of ${popSize} without replacement.`);
      }
      picked = this.permutation(popSize).slice(0, size);
    }
    if (typeof aOrN === 'number') return picked;
    return picked.map((i) => aOrN[i] as T);
  }

  /** Refill the 624-word state (the standard MT19937 "twist"). */
  private regenerate(): void {
    const key = this.key;
    const mix = (upper: number, lower: number, far: number): number => {
      const y = ((key[upper] as number) & UPPER_MASK) | ((key[lower] as number) & LOWER_MASK);
      return ((key[far] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)) >>> 0;
    };
    let i = 0;
    for (; i < STATE_SIZE - SHIFT_SIZE; i++) key[i] = mix(i, i + 1, i + SHIFT_SIZE);
    for (; i < STATE_SIZE - 1; i++) key[i] = mix(i, i + 1, i + SHIFT_SIZE - STATE_SIZE);
    key[STATE_SIZE - 1] = mix(STATE_SIZE - 1, 0, SHIFT_SIZE - 1);
    this.pos = 0;
  }
}
