import { LegacyRandomState } from '../../datasets/numpy-random.js';

/**
 * How the meta-prompt's exemplars are chosen each step (reference `few_shot_selection_criteria`).
 * - random: numpy seeded with the step index draws `count` distinct training questions (the default);
 * - constant: numpy seeded with 0, so the same questions every step;
 * - accumulative_most_frequent: the questions answered wrong most often since the start;
 * - current_most_frequent: the questions most often wrong among the instructions currently shown.
 */
export type ExemplarSelection = 'random' | 'constant' | 'accumulative_most_frequent' | 'current_most_frequent';

export const EXEMPLAR_SELECTIONS: readonly ExemplarSelection[] = [
  'random',
  'constant',
  'accumulative_most_frequent',
  'current_most_frequent',
];

export interface ExemplarSelectionInput {
  selection: ExemplarSelection;
  step: number;
  count: number;
  /** Dataset indices of the training subset, ascending. */
  trainIndices: readonly number[];
  /** How often each training question was answered wrong since the start, in first-seen order. */
  wrongSinceStart: ReadonlyMap<number, number>;
  /** For current_most_frequent: the wrong-question sets of the instructions shown in this step's meta-prompt. */
  wrongByShownInstruction: readonly ReadonlySet<number>[];
}

function seededChoice(population: readonly number[], count: number, seed: number): number[] {
  return new LegacyRandomState(seed).choice([...population], count, false).sort((a, b) => a - b);
}

/** Indices ordered from most to least often wrong; ties keep first-seen order, as Python's stable sort does. */
function byFrequency(counts: ReadonlyMap<number, number>): number[] {
  return [...counts.entries()].map(([index, n], order) => ({ index, n, order }))
    .sort((a, b) => b.n - a.n || a.order - b.order)
    .map((entry) => entry.index);
}

/**
 * Dataset indices of this step's exemplars. The frequency-based criteria iterate Python sets in the
 * reference, whose order we cannot reproduce; we use first-seen order instead (documented deviation).
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
      const counts = new Map<number, number>();
      for (const wrong of input.wrongByShownInstruction) for (const index of wrong) counts.set(index, (counts.get(index) ?? 0) + 1);
      const ranked = byFrequency(counts);
      const max = Math.max(0, ...counts.values());
      const mostWrong = ranked.filter((index) => counts.get(index) === max);
      if (mostWrong.length < count) return ranked.slice(0, count);
      return seededChoice(mostWrong, count, step);
    }
  }
}
