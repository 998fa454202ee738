/**
 * A whole scripted run per exemplar selection, against the reference loop itself.
 *
 * The expected exemplars and trajectories were produced by running the reference `run_evolution`
 * (google-deepmind/opro at e81b2f5, CPython 3.11, numpy 1.24, pandas 1.5) with the same scripted
 * models, the same synthetic pool, and `main()`'s split lines (numpy seed 0, train ratio 0.1, a
 * size-0 evaluation draw). One new instruction per step keeps the reference's `list(set(strings))`
 * (hash-seed dependent) out of the comparison.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimize, type OptimizeEvent } from '../../src/optimize/optimize.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import type { Dataset } from '../../src/datasets/types.js';
import type { GenerateRequest } from '../../src/models/types.js';
import type { ExemplarSelection } from '../../src/problems/instructions/exemplars.js';

const POOL = 300;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

function sumsDataset(): Dataset {
  const pool = Array.from({ length: POOL }, (_, index) => ({ index, question: `What is ${index} plus ${index + 1}?`, target: String(2 * index + 1) }));
  return { id: 'file:sums', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'sums', pool, heldOut: null, contentHash: 'x', source: 'memory' };
}

/** Instruction number: 0 for the initial one, k for "Plan <k-th word>". */
function instructionId(instruction: string): number {
  if (instruction === "Let's solve the problem.") return 0;
  const word = /^Plan (\w+)$/.exec(instruction)?.[1];
  return word ? WORDS.indexOf(word) + 1 : 99;
}

/** Wrong on roughly 6/17 to 9/17 of the questions, in a pattern that differs per instruction. */
function answersWrong(instructionNumber: number, index: number): boolean {
  return (index * 37 + instructionNumber * 101) % 17 < 6 + (instructionNumber % 4);
}

function scorer() {
  return createScriptedModel({
    spec: 'scripted:scorer',
    respond: (request: GenerateRequest) => {
      const [instruction = '', question = ''] = request.prompt.split('\n');
      const index = Number(/What is (\d+) plus/.exec(question)?.[1]);
      const gold = 2 * index + 1;
      return `The answer is ${answersWrong(instructionId(instruction), index) ? gold + 1 : gold}.`;
    },
  });
}

/** Both calls of step s propose "Plan <s-th word>": one new instruction and one duplicate per step. */
function optimizer() {
  let step = -1;
  let lastPrompt = '';
  return createScriptedModel({
    spec: 'scripted:optimizer',
    respond: (request: GenerateRequest) => {
      if (request.prompt !== lastPrompt) {
        step += 1;
        lastPrompt = request.prompt;
      }
      return `[Plan ${WORDS[step]}]`;
    },
  });
}

/** The reference's trajectory (the same for every selection: exemplars do not change the scorer's answers). */
const REFERENCE_HISTORY: [string, number, number][] = [
  ["Let's solve the problem.", 0.533333, -1], ['Plan alpha', 0.533333, 0], ['Plan bravo', 0.5, 1],
  ['Plan charlie', 0.433333, 2], ['Plan delta', 0.733333, 3], ['Plan echo', 0.666667, 4], ['Plan foxtrot', 0.6, 5],
];

const REFERENCE_TRAIN = [12, 15, 22, 52, 74, 90, 103, 108, 116, 124, 129, 136, 164, 184, 188, 190, 194, 206, 208, 221, 222, 229, 230, 234, 239, 248, 270, 286, 290, 295];

/** few_shot_index_list_by_step_dict of the reference run, per selection. */
const REFERENCE_EXEMPLARS: Record<ExemplarSelection, number[][]> = {
  random: [[22, 184, 290], [129, 206, 229], [12, 15, 188], [90, 190, 230], [136, 229, 290], [136, 234, 295]],
  constant: [[22, 184, 290], [22, 184, 290], [22, 184, 290], [22, 184, 290], [22, 184, 290], [22, 184, 290]],
  accumulative_most_frequent: [[12, 234, 295], [12, 221, 295], [12, 190, 229], [15, 74, 286], [15, 194, 230], [15, 229, 230]],
  // Steps 0-4 draw from numpy's unseeded global stream; step 5 takes the three most-often-wrong in Counter order.
  current_most_frequent: [[108, 136, 194], [12, 74, 290], [12, 52, 222], [222, 239, 290], [194, 234, 290], [234, 194, 229]],
};

async function runWith(selection: ExemplarSelection) {
  const events: OptimizeEvent[] = [];
  const result = await optimize({
    dataset: sumsDataset(),
    scorer: scorer(),
    optimizer: optimizer(),
    preset: 'reference',
    // The pool is a user file: draw its subset like main() does, with the reference's seed 0.
    paperTrainIndices: false,
    trainRatio: 0.1,
    steps: 6,
    candidatesPerStep: 2,
    exemplarSelection: selection,
    evalSplit: 'none',
    onEvent: (event) => events.push(event),
  });
  const exemplars = events.flatMap((event) => (event.type === 'step-started' ? [event.metaPrompt.details?.exemplarIndices] : []));
  return { result, exemplars };
}

describe('exemplar selection over a whole run matches the reference loop', () => {
  for (const selection of Object.keys(REFERENCE_EXEMPLARS) as ExemplarSelection[]) {
    test(selection, async () => {
      const { result, exemplars } = await runWith(selection);
      assert.equal(result.status, 'completed');
      assert.deepEqual(result.trainIndices, REFERENCE_TRAIN);
      assert.deepEqual(result.history.map((h) => [h.solution, Number(h.score.toFixed(6)), h.step]), REFERENCE_HISTORY);
      assert.deepEqual(exemplars, REFERENCE_EXEMPLARS[selection]);
    });
  }

  test('current_most_frequent: a run stopped after three steps saw the same exemplars, and a replay continues the same stream', async () => {
    const { exemplars: full } = await runWith('current_most_frequent');
    const events: OptimizeEvent[] = [];
    let stepsStarted = 0;
    const stopped = await optimize({
      dataset: sumsDataset(), scorer: scorer(), optimizer: optimizer(), preset: 'reference', paperTrainIndices: false, trainRatio: 0.1,
      steps: 6, candidatesPerStep: 2, exemplarSelection: 'current_most_frequent', evalSplit: 'none',
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'step-started') stepsStarted += 1;
      },
      shouldStop: () => (stepsStarted >= 3 ? { status: 'interrupted', reason: 'test stop' } : null),
    });
    assert.equal(stopped.status, 'interrupted');
    const seen = events.flatMap((event) => (event.type === 'step-started' ? [event.metaPrompt.details?.exemplarIndices] : []));
    assert.deepEqual(seen, full.slice(0, 3));
  });
});
