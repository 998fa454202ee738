/**
 * The linear-regression meta-prompt, identical in wording and layout to the reference's
 * `gen_meta_prompt` with its defaults (0 input decimals, 0 output decimals, 20 pairs).
 */
import type { HistoryEntry } from '../../engine/problem.js';
import type { Pair } from './data.js';

/** The reference shows at most 20 pairs: the lowest-loss ones. */
export const MAX_PAIRS_SHOWN = 20;

export const LINREG_HEADER =
  'Now you will help me minimize a function with two input variables w, b. I have some (w, b) pairs and the function values at those points. The pairs are arranged in descending order based on their function values, where lower values are better.';

export const LINREG_FOOTER =
  'Give me a new (w, b) pair that is different from all pairs above, and has a function value lower than any of the above. Do not write code. The output must end with a pair [w, b], where w and b are numerical values.';

/**
 * Python's `int(x)` printed: truncation toward zero, every digit written out (never "1e+21").
 * The reference shows w, b and the loss this way when it uses 0 decimals.
 */
export function pyIntString(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot show ${x} as an integer (Python's int() would raise)`);
  return BigInt(Math.trunc(x)).toString();
}

/**
 * The shown pairs: distinct by (w, b), the lowest losses, best LAST. The reference sorts its set
 * on the truncated loss, which leaves ties in hash order; sorting on the exact loss is one of the
 * orders it could produce and makes ours deterministic (among exact ties the earlier entry ranks
 * better, so it is shown later).
 */
export function selectShownPairs(history: readonly HistoryEntry<Pair>[], maxShown = MAX_PAIRS_SHOWN): HistoryEntry<Pair>[] {
  const distinct = new Map<string, HistoryEntry<Pair>>();
  for (const entry of history) if (!distinct.has(entry.key)) distinct.set(entry.key, entry);
  const ascending = [...distinct.values()]
    .map((entry, order) => ({ entry, order }))
    .sort((p, q) => p.entry.score - q.entry.score || p.order - q.order)
    .map(({ entry }) => entry);
  return ascending.slice(0, maxShown).reverse();
}

export function buildLinregMetaPrompt(history: readonly HistoryEntry<Pair>[], maxShown = MAX_PAIRS_SHOWN): string {
  const blocks = selectShownPairs(history, maxShown).map(
    ({ solution, score }) => `input:\nw=${pyIntString(solution.w)}, b=${pyIntString(solution.b)}\nvalue:\n${pyIntString(score)}`,
  );
  return `${LINREG_HEADER}\n\n${blocks.join('\n\n')}\n\n${LINREG_FOOTER}`;
}
