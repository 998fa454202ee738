/**
 * The TSP meta-prompt, identical in wording and layout to the reference's `gen_meta_prompt`
 * (10 traces, lengths shown truncated to integers as its 0-decimal evaluation prints them).
 */
import type { HistoryEntry } from '../../engine/problem.js';
import type { Point, Tour } from './instance.js';

/** The reference shows at most 10 traces: the shortest ones. */
export const MAX_TRACES_SHOWN = 10;

export const TSP_POINTS_INTRO = 'You are given a list of points with coordinates below:';
export const TSP_TRACES_INTRO =
  'Below are some previous traces and their lengths. The traces are arranged in descending order based on their lengths, where lower values are better.';
export const TSP_FOOTER =
  "Give me a new trace that is different from all traces above, and has a length lower than any of the above. The trace should traverse all points exactly once. The trace should start with '<trace>' and end with </trace>.";

/** `(0): (10, 5), (1): (-20, 5), ...` */
export function formatPoints(points: readonly Point[]): string {
  return points.map(({ x, y }, i) => `(${i}): (${x}, ${y})`).join(', ');
}

/** The reference computes lengths with 0 decimals, i.e. Python's `int()`: truncation toward zero. */
export function displayedLength(length: number): string {
  return String(Math.trunc(length));
}

/**
 * The shown traces: distinct, the shortest, best LAST. The reference sorts on the truncated length
 * and leaves ties in set order; sorting on the exact length is one order it could produce and is
 * deterministic (among exact ties the earlier entry ranks better, so it is shown later).
 */
export function selectShownTraces(history: readonly HistoryEntry<Tour>[], maxShown = MAX_TRACES_SHOWN): HistoryEntry<Tour>[] {
  const distinct = new Map<string, HistoryEntry<Tour>>();
  for (const entry of history) if (!distinct.has(entry.key)) distinct.set(entry.key, entry);
  return [...distinct.values()]
    .map((entry, order) => ({ entry, order }))
    .sort((p, q) => p.entry.score - q.entry.score || p.order - q.order)
    .slice(0, maxShown)
    .map(({ entry }) => entry)
    .reverse();
}

export function buildTspMetaPrompt(points: readonly Point[], history: readonly HistoryEntry<Tour>[], maxShown = MAX_TRACES_SHOWN): string {
  const traces = selectShownTraces(history, maxShown).map(
    ({ solution, score }) => `<trace> ${solution.join(',')} </trace>\nlength:\n${displayedLength(score)}`,
  );
  return `${TSP_POINTS_INTRO}\n${formatPoints(points)}.\n\n${TSP_TRACES_INTRO}\n\n${traces.join('\n\n')}\n\n${TSP_FOOTER}`;
}
