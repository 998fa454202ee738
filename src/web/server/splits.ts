/**
 * Which split a per-example view shows. Example 3 of train and example 3 of test are different
 * examples, and a training score is fitted while a held-out score is not: a tally or a pairing is
 * always of one split. The Examples and Compare views share these rules.
 */

/** The splits every instruction run has, listed even when nothing of one was graded. */
const KNOWN_SPLITS = ['train', 'test'] as const;
const HELD_OUT = 'test';
const TRAIN = 'train';

/** Train and test first (`empty` when none was recorded), then any other split recorded. */
export function listSplits<T extends { split: string }>(found: readonly T[], empty: (split: string) => T): T[] {
  const known = KNOWN_SPLITS.map((split) => found.find((s) => s.split === split) ?? empty(split));
  return [...known, ...found.filter((s) => !(KNOWN_SPLITS as readonly string[]).includes(s.split))];
}

/** The held-out split when `count` of it is above zero (the unbiased figure), else train. */
export function defaultSplit<T extends { split: string }>(splits: readonly T[], count: (split: T) => number): string {
  const heldOut = splits.find((s) => s.split === HELD_OUT);
  return heldOut !== undefined && count(heldOut) > 0 ? HELD_OUT : TRAIN;
}
