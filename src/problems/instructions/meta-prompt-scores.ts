/**
 * Which past instructions a meta-prompt shows, in what order, and how their scores and the exemplar
 * answers are printed. Mirrors the reference's Python semantics: stable ascending sort, top-K as a
 * `[-K:]` slice, `not threshold or score >= threshold`, `round()` half to even, `str()` of numbers.
 */
import { pyFloatRepr, pyRound, pyRoundToInt } from '../../util/python-float.js';
import type { ScoredInstruction } from './types.js';

/** Decimals of a raw (unbucketized) score: the bracket/tagged styles and the instructions-only style. */
export const RAW_SCORE_DECIMALS = 3;
export const RAW_SCORE_DECIMALS_INSTRUCTIONS_ONLY = 2;

/** Ascending by score; ties keep insertion order, so the best (and among equals the newest) comes last. */
export function sortAscending(history: readonly ScoredInstruction[]): ScoredInstruction[] {
  for (const entry of history) {
    if (typeof entry.score !== 'number' || Number.isNaN(entry.score)) {
      throw new Error(`The score of instruction ${JSON.stringify(entry.instruction)} is not a number (${entry.score}).`);
    }
  }
  return [...history].sort((a, b) => a.score - b.score);
}

/** The top-K entries, ascending, minus those under the threshold (0 disables the threshold). */
export function selectShown(
  history: readonly ScoredInstruction[],
  maxInstructions: number,
  scoreThreshold: number,
): ScoredInstruction[] {
  if (!Number.isInteger(maxInstructions)) {
    throw new Error(`maxInstructions must be an integer, got ${maxInstructions}.`);
  }
  if (!Number.isFinite(scoreThreshold)) {
    throw new Error(`scoreThreshold must be a finite number (0 disables it), got ${scoreThreshold}.`);
  }
  // slice(-K) behaves like Python's [-K:], including K = 0 keeping everything.
  const topK = sortAscending(history).slice(-maxInstructions);
  return topK.filter((entry) => !scoreThreshold || entry.score >= scoreThreshold);
}

/** Check the bucket count: null (or Infinity) means "show raw scores", otherwise a positive integer. */
export function normalizeBuckets(scoreBuckets: number | null): number | null {
  if (scoreBuckets === null || scoreBuckets === Number.POSITIVE_INFINITY) return null;
  if (!Number.isInteger(scoreBuckets) || scoreBuckets <= 0) {
    throw new Error(`scoreBuckets must be a positive integer or null (raw scores), got ${scoreBuckets}.`);
  }
  return scoreBuckets;
}

/** The score as the reference prints it: round(score * buckets), or round(score, decimals) as a float. */
export function formatScore(score: number, buckets: number | null, rawDecimals: number): string {
  if (buckets === null) return pyFloatRepr(pyRound(score, rawDecimals));
  if (!(score >= 0 && score <= 1)) {
    throw new Error(`Cannot bucketize score ${score}: scores must be between 0 and 1.`);
  }
  return String(pyRoundToInt(score * buckets));
}

/** Python `str()` of an exemplar answer: integers print without ".0" (GSM8K gold answers are ints). */
export function formatAnswer(answer: string | number): string {
  if (typeof answer === 'string') return answer;
  if (Number.isInteger(answer)) return BigInt(answer).toString();
  return pyFloatRepr(answer);
}
