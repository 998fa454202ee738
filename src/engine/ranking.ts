import type { Direction, HistoryEntry } from './problem.js';

/**
 * Entries from best to worst. Ties keep the order in which entries were added (earliest first),
 * which is what a stable sort over the trajectory gives in the reference.
 */
export function rankEntries<S>(history: readonly HistoryEntry<S>[], direction: Direction): HistoryEntry<S>[] {
  const sign = direction === 'maximize' ? -1 : 1;
  return history
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => sign * (a.entry.score - b.entry.score) || a.order - b.order)
    .map(({ entry }) => entry);
}

export function bestEntry<S>(history: readonly HistoryEntry<S>[], direction: Direction): HistoryEntry<S> | null {
  return rankEntries(history, direction)[0] ?? null;
}
