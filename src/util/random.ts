/**
 * opro's own seeded PRNGs, in one place (numpy's legacy Mersenne Twister, which the instruction
 * problem reproduces bit for bit, is datasets/numpy-random.ts).
 *
 * createRng: for the math demos (linear-regression noise and starting points, TSP points
 * and starting tours). The reference uses numpy's legacy Mersenne Twister; we do not reproduce its
 * streams (in particular numpy's normal draws), so our instances are our own, but every run with
 * the same seed is identical on every machine.
 *
 * Generator: xoshiro128** (32-bit state words, exact in JS integer maths), seeded through splitmix32
 * so that nearby seeds (0, 1, 2, ...) give unrelated streams.
 */

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
  /** Uniform integer in [low, high] (both inclusive). */
  int(low: number, high: number): number;
  /** Standard normal N(0, 1) by Box-Muller. */
  normal(): number;
  /** A uniformly random permutation of `items` (Fisher-Yates), as a new array. */
  shuffle<T>(items: readonly T[]): T[];
}

/** splitmix32: a good 32-bit mixer, used to expand one seed into the generator's state. */
function splitmix32(state: number): { value: number; state: number } {
  const nextState = (state + 0x9e3779b9) | 0;
  let z = nextState;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return { value: z >>> 0, state: nextState };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new Error(`a random seed must be a safe integer, got ${seed}`);
}

/** Folds a safe integer (possibly negative or above 2^32) into one 32-bit word without losing its high bits. */
function foldSeed(seed: number): number {
  const low = seed % TWO_POW_32 >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  return (low ^ Math.imul(high, 0x27d4eb2d)) >>> 0;
}

export function createRng(seed: number): Rng {
  assertSeed(seed);
  let mix = foldSeed(seed);
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const out = splitmix32(mix);
    mix = out.state;
    s[i] = out.value;
  }
  if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) s[0] = 1; // the all-zero state is a fixed point

  const nextUint32 = (): number => {
    const [s0, s1, s2, s3] = s as unknown as [number, number, number, number];
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s[2] = s2 ^ s0;
    s[3] = s3 ^ s1;
    s[1] = s1 ^ (s[2] as number);
    s[0] = s0 ^ (s[3] as number);
    s[2] = (s[2] as number) ^ t;
    s[3] = rotl(s[3] as number, 11) >>> 0;
    return result;
  };

  const next = (): number => {
    const high = nextUint32() >>> 5; // 27 bits
    const low = nextUint32() >>> 6; // 26 bits
    return (high * 2 ** 26 + low) / TWO_POW_53;
  };

  // Box-Muller yields two normals per pair of uniforms; the second is kept for the next call.
  let spareNormal: number | null = null;
  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    const u1 = 1 - next(); // (0, 1]: log(0) is avoided
    const u2 = next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };

  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    int: (low, high) => {
      if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high < low) {
        throw new Error(`rng.int needs integers low <= high, got ${low}, ${high}`);
      }
      return low + Math.floor(next() * (high - low + 1));
    },
    normal,
    shuffle: <T>(items: readonly T[]): T[] => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
  };
}

/**
 * A seed for an independent sub-stream, e.g. `deriveSeed(seed, 'noise')` or `deriveSeed(seed, n, i)`,
 * so that adding draws to one stream never shifts another (the reference seeds each stream apart too).
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  assertSeed(seed);
  let h = foldSeed(seed) ^ 0x811c9dc5;
  const text = labels.map((label) => `${typeof label}:${label}`).join('|');
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return splitmix32(h).value;
}

/**
 * The stream `--train-limit` and `--test-limit` subsample with: one 32-bit multiply-xorshift step
 * per draw, uniform in [0, 1). Kept exactly as it has always been, so a limit and a seed pick the
 * same examples in every version (and a resumed run the same ones it started with).
 */
export function subsampleStream(seed: number): () => number {
  let state = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / TWO_POW_32;
  };
}
