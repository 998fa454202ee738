import type { HistoryEntry } from '../../engine/problem.js';

/**
 * A candidate that racing dropped before it saw every training example carries `partial: 1` (and
 * `examplesSeen`) in its stats. Its score is a partial accuracy, never a full-evaluation score: the
 * meta-prompt leaves it out and the final ranking lists it after every full evaluation.
 */
export const PARTIAL_STAT = 'partial';
export const EXAMPLES_SEEN_STAT = 'examplesSeen';

export function isPartialEntry(entry: Pick<HistoryEntry<unknown>, 'stats'>): boolean {
  return entry.stats?.[PARTIAL_STAT] === 1;
}

/**
 * Full evaluations first, then partial ones, each group keeping its order (best first). A partial
 * accuracy over 30 easy examples may exceed a full one; it must still never outrank it.
 */
export function fullEvaluationsFirst<T extends Pick<HistoryEntry<unknown>, 'stats'>>(ranked: readonly T[]): T[] {
  return [...ranked.filter((entry) => !isPartialEntry(entry)), ...ranked.filter((entry) => isPartialEntry(entry))];
}
