/**
 * The bar a raced candidate must be able to reach to matter, from the full evaluations so far.
 *
 * A candidate's score is used in two places, and racing may drop it only when it matters in neither:
 *
 * 1. The next meta-prompts (what steers the optimizer). The bracket/tagged styles show the top-K
 *    entries by score, minus those under the threshold; the sort is stable ascending and keeps the last
 *    K, so a newcomer EQUAL to the K-th best still gets in. Once at least K full evaluations score at or
 *    above the threshold ("the top-K is full"), a candidate can appear only if its score is >= the K-th
 *    best, now or later (the K-th best never decreases). Until then every candidate may appear, so none is
 *    dropped. Styles or options where EVERY score reaches the meta-prompt leave no bar at all:
 *    'instructions-only' lists the whole history, and 'accumulative_most_frequent' exemplars count every
 *    candidate's wrong answers.
 * 2. The final ranking (optimize()'s result, whose first `evalTop` entries get a held-out evaluation).
 *    A candidate matters there if it could reach the `protectTop`-th best full score.
 *
 * The bar is the LOWER of the two, since a candidate that matters for either must be kept. With the
 * usual settings (top-K 20 >= evalTop 3) the meta-prompt's bar is the binding one: racing against the
 * best so far instead would be more aggressive, but it would drop candidates the meta-prompt shows and
 * so change what the optimizer sees; the trajectory has priority over saving calls. A candidate that
 * could be the best can always enter the top-K, so the final best is protected too.
 *
 * Entries racing dropped (partial) are left out: their scores are not full evaluations, and they were
 * (with probability >= 1 - delta) below the bar, which only rises.
 */
import type { HistoryEntry } from '../../engine/problem.js';
import type { ExemplarSelection } from './exemplars.js';
import { isPartialEntry } from './partial.js';
import type { MetaPromptStyle } from './types.js';

export interface RacingBarOptions {
  style: MetaPromptStyle;
  exemplarSelection: ExemplarSelection;
  /** The meta-prompt's top-K. */
  maxInstructions: number;
  /** 0 disables the threshold, as in the meta-prompt. */
  scoreThreshold: number;
  /** Leading ranks of the final ranking that must be exact (evalTop, at least 1 for the best). */
  protectTop: number;
}

/** The k-th highest of `scores` (1-based), or null when there are fewer than k. */
function kthBest(scores: readonly number[], k: number): number | null {
  if (k < 1 || scores.length < k) return null;
  return [...scores].sort((a, b) => b - a)[k - 1] ?? null;
}

/** The score below which a candidate cannot matter, or null when every candidate may matter (never drop). */
export function racingBar(history: readonly HistoryEntry<string>[], options: RacingBarOptions): number | null {
  if (options.style === 'instructions-only' || options.exemplarSelection === 'accumulative_most_frequent') return null;
  const full = history.filter((entry) => !isPartialEntry(entry)).map((entry) => entry.score);
  const threshold = options.scoreThreshold;
  const shownEligible = full.filter((score) => !threshold || score >= threshold);
  const metaBar = kthBest(shownEligible, options.maxInstructions);
  const rankingBar = kthBest(full, Math.max(1, options.protectTop));
  if (metaBar === null || rankingBar === null) return null;
  return Math.min(metaBar, rankingBar);
}
