import { LegacyRandomState } from '../../datasets/numpy-random.js';
import { pythonIntSetOrder } from './exemplars-python-set.js';
import type { ExemplarSelection } from './types.js';

export { EXEMPLAR_SELECTIONS, type ExemplarSelection } from './types.js';

export interface ExemplarSelectionInput {
  selection: ExemplarSelection;
  step: number;
  count: number;
  /** Dataset indices of the training subset, ascending. */
  trainIndices: readonly number[];
  /**
   * accumulative_most_frequent: how often each question was answered wrong since the start, in the
   * insertion order of the reference's Counter (see WrongAnswerCounter).
   */
  wrongSinceStart: ReadonlyMap<number, number>;
  /**
   * current_most_frequent: the wrong questions of each instruction shown in this step's meta-prompt
   * (in meta-prompt order), each in the iteration order of its Python set (see wrongSetOrder).
   */
  wrongByShownInstruction: readonly (readonly number[])[];
  /**
   * current_most_frequent: numpy's global RNG, which the reference draws from without reseeding
   * (exemplars-global-random.ts). The draw advances it, so call once per step, in step order.
   */
  globalRandom: LegacyRandomState;
}

const ascending = (a: number, b: number): number => a - b;

/**
 * The order the reference iterates one instruction's wrong questions: `set(list(df.index))` over the
 * wrong rows, which come in training-subset order (ascending dataset index).
 */
export function wrongSetOrder(wrongIndices: Iterable<number>): number[] {
  return pythonIntSetOrder([...wrongIndices].sort(ascending));
}

/**
 * The reference's `collections.Counter` of wrong answers: a key keeps the place where it was first
 * counted, and the keys of one instruction are counted in its Python set order.
 */
export class WrongAnswerCounter {
  readonly counts = new Map<number, number>();

  countInstruction(wrongInSetOrder: readonly number[]): void {
    for (const index of wrongInSetOrder) this.counts.set(index, (this.counts.get(index) ?? 0) + 1);
  }
}

function seededChoice(population: readonly number[], count: number, seed: number): number[] {
  return new LegacyRandomState(seed).choice([...population], count, false).sort(ascending);
}

/** `sorted(counter, key=lambda k: -counter[k])`: most often wrong first, ties in Counter order (stable sort). */
function byFrequency(counts: ReadonlyMap<number, number>): number[] {
  return [...counts.entries()].map(([index, n], order) => ({ index, n, order }))
    .sort((a, b) => b.n - a.n || a.order - b.order)
    .map((entry) => entry.index);
}

/**
 * Dataset indices of this step's exemplars, in the order the reference lists them: ascending after a
 * random draw, most-often-wrong first when every candidate is taken. With `count` 0 nothing is drawn
 * (the reference's few_shot_qa_pairs = False).
 */
export function selectExemplars(input: ExemplarSelectionInput): number[] {
  const { selection, step, count, trainIndices } = input;
  if (count <= 0) return [];
  const draw = Math.min(count, trainIndices.length);
  switch (selection) {
    case 'random':
      return seededChoice(trainIndices, draw, step);
    case 'constant':
      return seededChoice(trainIndices, draw, 0);
    case 'accumulative_most_frequent': {
      const ranked = byFrequency(input.wrongSinceStart);
      return ranked.length <= count ? ranked : seededChoice(ranked, count, step);
    }
    case 'current_most_frequent': {
      const counter = new WrongAnswerCounter();
      for (const wrong of input.wrongByShownInstruction) counter.countInstruction(wrong);
      const counts = counter.counts;
      let max = 0;
      for (const n of counts.values()) max = Math.max(max, n);
      const mostWrong = [...counts.keys()].filter((index) => counts.get(index) === max);
      if (mostWrong.length < count) return byFrequency(counts).slice(0, count);
      // No reseed: the draw continues numpy's global stream (the split draws, then earlier steps).
      return input.globalRandom.choice(mostWrong, count, false).sort(ascending);
    }
  }
}
