import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCount, roundSchedule, upperConfidenceBound, type BoundInput } from '../../src/problems/instructions/racing-bound.js';
import { createRng, type Rng } from '../../src/util/random.js';

const N = 261;
const FIRST_ROUND = 30;
const DELTA = 0.05;

type Bound = (input: BoundInput) => number;

/**
 * Race one candidate whose outcomes on the N examples are `outcomes`, in a random order, against the
 * hardest bar it still reaches: its own full-evaluation score. Returns true when it was dropped.
 */
function droppedAtOwnScore(outcomes: readonly number[], rng: Rng, bound: Bound, delta: number): boolean {
  const full = outcomes.reduce((a, b) => a + b, 0) / outcomes.length;
  const order = rng.shuffle(outcomes);
  const checks = checkCount(outcomes.length, FIRST_ROUND);
  let correct = 0;
  let seen = 0;
  for (const end of roundSchedule(outcomes.length, FIRST_ROUND).slice(0, -1)) {
    for (; seen < end; seen++) correct += order[seen] as number;
    if (bound({ correct, answered: seen, population: outcomes.length, checks, delta }) < full) return true;
  }
  return false;
}

/** Wrong drops over `trials` candidates with i.i.d. Bernoulli(p) outcomes (a fresh stream each). */
function wrongDrops(p: number, trials: number, seed: number, bound: Bound, delta = DELTA): number {
  const rng = createRng(seed);
  let dropped = 0;
  for (let t = 0; t < trials; t++) {
    const outcomes = Array.from({ length: N }, () => (rng.next() < p ? 1 : 0));
    if (droppedAtOwnScore(outcomes, rng, bound, delta)) dropped += 1;
  }
  return dropped;
}

const TRIALS = 4000;

describe('racing bound', () => {
  test('rounds grow from the first round to the whole subset; every boundary but the last is a check', () => {
    assert.deepEqual(roundSchedule(261, 30), [30, 45, 68, 102, 153, 230, 261]);
    assert.equal(checkCount(261, 30), 6);
    assert.deepEqual(roundSchedule(20, 30), [20], 'a subset smaller than the first round is one full round');
    assert.equal(checkCount(20, 30), 0);
  });

  test('the bound: 1 with nothing seen, wider for a smaller delta, narrower with more examples', () => {
    const base = { correct: 15, answered: 30, population: N, checks: 6, delta: DELTA };
    assert.equal(upperConfidenceBound({ ...base, correct: 0, answered: 0 }), 1);
    const ucb = upperConfidenceBound(base);
    assert.ok(ucb > 0.5 && ucb < 1, `${ucb}`);
    assert.ok(upperConfidenceBound({ ...base, delta: 0.01 }) > ucb);
    assert.ok(upperConfidenceBound({ ...base, correct: 75, answered: 150 }) < ucb);
    // Having seen all but one example leaves almost no doubt (finite-population factor).
    assert.ok(upperConfidenceBound({ ...base, correct: 130, answered: 260 }) < 0.5 + 0.01);
    assert.throws(() => upperConfidenceBound({ ...base, delta: 0 }), /delta/);
  });

  for (const p of [0.3, 0.5, 0.7, 0.9]) {
    test(`coverage: a candidate of true accuracy ${p} is wrongly dropped at a rate below delta`, () => {
      const dropped = wrongDrops(p, TRIALS, 1000 + Math.round(p * 100), upperConfidenceBound);
      assert.ok(dropped / TRIALS < DELTA, `${dropped} of ${TRIALS} dropped`);
    });
  }

  test('coverage holds for a larger delta too (the union bound, not luck)', () => {
    const delta = 0.3;
    const dropped = wrongDrops(0.5, TRIALS, 77, upperConfidenceBound, delta);
    assert.ok(dropped / TRIALS < delta, `${dropped} of ${TRIALS} dropped`);
  });

  test('the simulation catches an unsound bound: no union bound, no finite-population care, half the margin', () => {
    const naive: Bound = ({ correct, answered, delta }) => correct / answered + 0.5 * Math.sqrt(Math.log(1 / delta) / (2 * answered));
    const dropped = wrongDrops(0.5, TRIALS, 1050, naive);
    assert.ok(dropped / TRIALS > DELTA, `the naive bound dropped only ${dropped} of ${TRIALS}`);
  });
});
