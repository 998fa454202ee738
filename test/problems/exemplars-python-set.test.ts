/**
 * CPython's iteration order of a set of integers, against orders computed by CPython itself.
 *
 * Every literal below was printed by `list(set(values))` under CPython 3.8, 3.10 (the reference's
 * version), 3.11, 3.12 and 3.13, which all agree. The generated cases use a Park-Miller generator
 * (x = x * 48271 mod 2**31 - 1, seeded with the case number) that the test regenerates, and compare
 * the set's length, its first five values and a checksum sum((i + 1) * order[i]) mod 2**31 - 1.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonIntSetOrder } from '../../src/problems/instructions/exemplars-python-set.js';
import { wrongSetOrder } from '../../src/problems/instructions/exemplars.js';
import { PAPER_GSM8K_TRAIN_INDICES } from '../../src/datasets/paper-indices.js';

/** [values in insertion order, CPython's iteration order] */
const SMALL: [number[], number[]][] = [
  [[0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7]],
  [[13, 5], [5, 13]],
  [[5, 13], [13, 5]],
  [[8, 16, 24, 1], [8, 16, 24, 1]],
  [[5, 13, 21, 29, 37], [37, 5, 13, 21, 29]],
  [[7, 15, 23], [15, 23, 7]],
  [[1099511627779, 8589934592, 9007199254740991, 17], [8589934592, 17, 1099511627779, 9007199254740991]],
  [[3, 3, 11, 3, 19], [11, 19, 3]],
  [[0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120, 128, 136, 144, 152, 160, 168, 176, 184, 192], [0, 128, 8, 136, 16, 144, 24, 152, 32, 160, 40, 168, 48, 176, 56, 184, 64, 192, 72, 80, 88, 96, 104, 112, 120]],
  [[31, 63, 95, 127, 159, 191, 223, 255, 287, 319], [191, 223, 255, 287, 319, 31, 127, 63, 95, 159]],
];

/** `list(set(PAPER_GSM8K_TRAIN_INDICES))` (ascending insertion, as the reference builds it from a DataFrame). */
const GSM8K_TRAIN_ORDER = [
  6656, 1029, 2565, 6149, 521, 2570, 2065, 4113, 3605, 7190, 4632, 4123, 29, 6688, 33, 548, 3620, 38, 39, 42,
  3626, 49, 3124, 4664, 4668, 1087, 2623, 1601, 6722, 1091, 3140, 5699, 3654, 72, 3658, 2639, 3664, 5714, 2131,
  6231, 3677, 98, 2148, 4196, 5224, 1643, 5227, 7278, 1140, 2676, 4724, 1143, 4732, 5758, 2175, 5759, 4228,
  4229, 134, 4230, 1161, 3212, 3213, 3726, 144, 1168, 5264, 147, 3732, 5269, 6292, 7315, 152, 2200, 3225, 6811,
  3740, 158, 5792, 6817, 2211, 5283, 5286, 6823, 6827, 2734, 2735, 176, 6321, 693, 3768, 6335, 6336, 7363,
  4804, 7366, 2247, 200, 2761, 1741, 1742, 6353, 1234, 5842, 5844, 217, 733, 6365, 2784, 4834, 5858, 4839,
  6375, 233, 3305, 1771, 7405, 1775, 5879, 7417, 6396, 1790, 2815, 7424, 771, 5379, 773, 4358, 4359, 5381,
  6407, 4362, 5386, 4877, 6416, 273, 1811, 6420, 7443, 3862, 6423, 4900, 4902, 295, 296, 6445, 1326, 6447,
  1843, 1332, 1334, 311, 2359, 5433, 2875, 6460, 317, 1855, 6463, 834, 5955, 3910, 2378, 2891, 4428, 1361,
  3921, 3411, 4945, 3925, 5969, 5974, 4952, 5977, 347, 2396, 4448, 5984, 5986, 1379, 1891, 2404, 2915, 3939,
  4963, 5475, 6503, 2929, 2931, 5492, 4982, 6013, 2943, 1926, 4487, 4488, 3977, 394, 4490, 1422, 4498, 3989,
  5525, 2455, 3479, 2457, 5017, 4008, 6057, 3498, 4523, 6570, 1454, 1455, 944, 1456, 6575, 3508, 4534, 4029,
  6589, 451, 963, 3013, 3526, 6086, 456, 4553, 5067, 7116, 6093, 462, 978, 467, 979, 980, 2006, 6099, 5594,
  5087, 3552, 6112, 3042, 6628, 487, 4583, 3565, 4077, 495, 3055, 5101, 7154, 2549, 1014, 5621, 6134, 2553,
  2554, 7164, 1022, 5119,
  ];

/** The same for every third training index: a realistic "questions answered wrong" set. */
const GSM8K_EVERY_THIRD_ORDER = [
  2565, 6149, 521, 7190, 4632, 4123, 29, 6688, 3620, 39, 1087, 72, 3658, 2639, 5714, 2131, 5227, 4724, 1143,
  4229, 3212, 3726, 144, 2200, 158, 5792, 6817, 5283, 2735, 6321, 3768, 7363, 1741, 6353, 1234, 217, 733, 4834,
  5858, 3305, 1775, 7417, 6396, 2815, 5381, 4359, 6420, 4900, 295, 6447, 1843, 1334, 2359, 317, 834, 5969,
  3921, 4952, 4448, 5984, 2915, 2404, 5475, 6503, 2943, 1926, 3977, 4490, 1422, 5017, 6057, 3498, 1456, 4534,
  4029, 6589, 451, 7116, 978, 467, 6099, 5594, 3552, 5101, 3055, 2549, 1014,
  ];

/** [seed, count, modulus, sorted before insertion, set size, checksum, first five] */
const GENERATED: [number, number, number, boolean, number, number, number[]][] = [
  [1, 0, 16, true, 0, 0, []],
  [2, 1, 16, false, 1, 14, [14]],
  [3, 4, 16, false, 4, 78, [9, 3, 13, 6]],
  [4, 5, 16, true, 4, 92, [8, 10, 12, 7]],
  [5, 19, 16, false, 10, 607, [0, 1, 5, 7, 9]],
  [6, 20, 16, false, 13, 985, [1, 2, 3, 5, 7]],
  [7, 50, 16, true, 16, 1360, [0, 1, 2, 3, 4]],
  [8, 300, 16, false, 16, 1360, [0, 1, 2, 3, 4]],
  [9, 1000, 16, false, 16, 1360, [0, 1, 2, 3, 4]],
  [10, 3000, 16, true, 16, 1360, [0, 1, 2, 3, 4]],
  [11, 0, 300, false, 0, 0, []],
  [12, 1, 300, false, 1, 252, [252]],
  [13, 4, 300, true, 4, 2023, [89, 275, 164, 223]],
  [14, 5, 300, false, 5, 2709, [194, 163, 269, 28, 254]],
  [15, 19, 300, false, 18, 24028, [224, 56, 165, 229, 263]],
  [16, 20, 300, true, 20, 35981, [0, 129, 257, 134, 136]],
  [17, 50, 300, false, 46, 179177, [128, 129, 255, 263, 9]],
  [18, 300, 300, false, 193, 3640628, [0, 1, 2, 3, 5]],
  [19, 1000, 300, true, 292, 8485277, [0, 1, 2, 3, 4]],
  [20, 3000, 300, false, 300, 8999900, [0, 1, 2, 3, 4]],
  [21, 0, 7473, false, 0, 0, []],
  [22, 1, 7473, true, 1, 796, [796]],
  [23, 4, 7473, false, 4, 43401, [3408, 3431, 4229, 5111]],
  [24, 5, 7473, false, 5, 39611, [2404, 1929, 6604, 3148, 189]],
  [25, 19, 7473, true, 19, 666524, [2304, 7304, 1040, 2078, 1441]],
  [26, 20, 7473, false, 20, 664960, [6915, 6405, 3213, 7055, 4113]],
  [27, 50, 7473, false, 50, 4827845, [2050, 4482, 3205, 6409, 2191]],
  [28, 300, 7473, true, 300, 167045497, [1538, 4611, 4, 3588, 6660]],
  [29, 1000, 7473, false, 942, 1705483063, [2, 2050, 6147, 3, 6151]],
  [30, 3000, 7473, false, 2482, 467747503, [4, 5, 6, 14, 15]],
  [31, 0, 2147483647, true, 0, 0, []],
  [32, 1, 2147483647, false, 1, 1544672, [1544672]],
  [33, 4, 2147483647, false, 4, 240861369, [1813841945, 908755258, 1731023908, 1592943]],
  [34, 5, 2147483647, true, 5, 436456850, [957753184, 1955270690, 1913629702, 675992248, 1641214]],
  [35, 19, 2147483647, false, 19, 1840283804, [1689485, 1886456084, 719048099, 51869989, 896382630]],
  [36, 20, 2147483647, false, 20, 1785168778, [1817641478, 705023122, 1737756, 2062161952, 1767472939]],
  [37, 50, 2147483647, true, 50, 1215808825, [2004384897, 1934872194, 109602185, 935131149, 1642009870]],
  [38, 300, 2147483647, false, 300, 1413841209, [597611008, 265792515, 418237959, 25366536, 686624265]],
  [39, 1000, 2147483647, false, 1000, 146554755, [1912868867, 1179607043, 976453637, 1428848646, 1886001156]],
  [40, 3000, 2147483647, true, 3000, 818024998, [1219346433, 1490165762, 716218371, 1076404228, 177709061]],
  [41, 0, 16, false, 0, 0, []],
  [42, 1, 16, false, 1, 6, [6]],
  [43, 4, 16, true, 3, 46, [9, 11, 5]],
  [44, 5, 16, false, 5, 99, [2, 3, 4, 6, 11]],
  [45, 19, 16, false, 12, 831, [1, 2, 3, 4, 6]],
  [46, 20, 16, true, 12, 718, [0, 1, 2, 3, 4]],
  [47, 50, 16, false, 16, 1360, [0, 1, 2, 3, 4]],
  [48, 300, 16, false, 16, 1360, [0, 1, 2, 3, 4]],
  [49, 1000, 16, true, 16, 1360, [0, 1, 2, 3, 4]],
  [50, 3000, 16, false, 16, 1360, [0, 1, 2, 3, 4]],
  [51, 0, 300, false, 0, 0, []],
  [52, 1, 300, true, 1, 292, [292]],
  [53, 4, 300, false, 4, 2053, [194, 252, 101, 263]],
  [54, 5, 300, false, 5, 2190, [40, 170, 234, 42, 188]],
  [55, 19, 300, true, 18, 27028, [32, 132, 164, 295, 139]],
  [56, 20, 300, false, 19, 28881, [0, 129, 261, 135, 141]],
  [57, 50, 300, false, 43, 167496, [258, 259, 131, 6, 12]],
  [58, 300, 300, true, 192, 3680382, [2, 4, 5, 7, 8]],
  [59, 1000, 300, false, 288, 8292622, [0, 1, 2, 3, 4]],
  [60, 3000, 300, false, 300, 8999900, [0, 1, 2, 3, 4]],
];

/** 60,000 values (i * 7919) mod 1,000,003: past 50,000 entries the table grows x2 instead of x4. */
const BIG = { size: 60000, checksum: 1365201012, firstEight: [0, 786433, 131075, 786436, 131078, 786439, 917514, 262156] };

const PARK_MILLER_MODULUS = 2147483647;

function* parkMiller(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 48271) % PARK_MILLER_MODULUS;
    yield x;
  }
}

function checksum(order: readonly number[]): number {
  let sum = 0n;
  order.forEach((value, i) => (sum += BigInt(i + 1) * BigInt(value)));
  return Number(sum % BigInt(PARK_MILLER_MODULUS));
}

describe('pythonIntSetOrder reproduces CPython', () => {
  test('small sets: collisions, linear probing, the jump near the table end, the first resize, duplicates, big ints', () => {
    for (const [values, order] of SMALL) assert.deepEqual(pythonIntSetOrder(values), order, JSON.stringify(values));
  });

  test('the order depends on insertion order where slots collide', () => {
    assert.deepEqual(pythonIntSetOrder([13, 5]), [5, 13]);
    assert.deepEqual(pythonIntSetOrder([5, 13]), [13, 5]);
  });

  test('the GSM8K training subset and a subset of it', () => {
    assert.deepEqual(pythonIntSetOrder(PAPER_GSM8K_TRAIN_INDICES), GSM8K_TRAIN_ORDER);
    assert.deepEqual(wrongSetOrder(PAPER_GSM8K_TRAIN_INDICES.filter((_, i) => i % 3 === 0)), GSM8K_EVERY_THIRD_ORDER);
  });

  test('sixty generated sets of 0 to 3,000 values below 16, 300, 7,473 and 2**31 - 1', () => {
    for (const [seed, count, modulus, sorted, size, sum, firstFive] of GENERATED) {
      const draws = parkMiller(seed);
      const values = Array.from({ length: count }, () => (draws.next().value as number) % modulus);
      if (sorted) values.sort((a, b) => a - b);
      const order = pythonIntSetOrder(values);
      assert.deepEqual([order.length, checksum(order), order.slice(0, 5)], [size, sum, firstFive], `case ${seed}`);
    }
  });

  test('a set of 60,000', () => {
    const order = pythonIntSetOrder(Array.from({ length: 60_000 }, (_, i) => (i * 7919) % 1_000_003));
    assert.deepEqual({ size: order.length, checksum: checksum(order), firstEight: order.slice(0, 8) }, BIG);
  });

  test('wrongSetOrder inserts ascending, the order of the reference DataFrame rows', () => {
    assert.deepEqual(wrongSetOrder([13, 5]), pythonIntSetOrder([5, 13]));
  });

  test('refuses values whose Python hash is not the value itself', () => {
    assert.throws(() => pythonIntSetOrder([-1]), RangeError);
    assert.throws(() => pythonIntSetOrder([1.5]), RangeError);
  });
});
