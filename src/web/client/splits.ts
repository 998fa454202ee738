/**
 * How the per-example views (Examples, Compare) name a split. They show one split at a time: example
 * 3 of train and example 3 of test are different examples, and a training score is fitted while a
 * held-out one is not, so no tally or pairing mixes them.
 */
const SPLIT_NAMES: Record<string, string> = { train: 'training', test: 'held-out (test)' };
/** The split's score as `opro runs show` heads it: TRAIN, TEST (held-out). */
const SCORE_NAMES: Record<string, string> = { train: 'training', test: 'held-out' };

export const splitName = (split: string): string => SPLIT_NAMES[split] ?? split;
export const splitScoreName = (split: string): string => SCORE_NAMES[split] ?? split;
export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
