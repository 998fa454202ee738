/**
 * Instruction racing: score a candidate on the training subset in rounds, in one shuffled order, and
 * stop as soon as its upper confidence bound (racing-bound.ts) falls below the bar it would need to
 * matter (racing-bar.ts). Clearly bad candidates cost 30-120 scorer calls instead of the whole subset;
 * candidates that could matter are, with probability >= 1 - delta each, scored on every example and
 * get exactly the score a full evaluation gives.
 */
import type { DatasetExample } from '../../datasets/types.js';
import { createRng, deriveSeed } from '../../util/random.js';
import type { ExampleGradedEvent } from './events.js';
import { checkCount, roundSchedule, upperConfidenceBound } from './racing-bound.js';
import { emptyInstructionScore, scoreInstruction, type InstructionScore, type ScorerSettings } from './scoring.js';

/** Reference point for the first round: enough examples that a 0.3-0.5 candidate can already fall out. */
export const DEFAULT_RACING_FIRST_ROUND = 30;
export const DEFAULT_RACING_CONFIDENCE = 0.05;

export interface RacingConfig {
  /** delta: the chance, per candidate, of dropping one whose full score would reach the bar. */
  confidence: number;
  /** Examples in the first round; each later round sees ROUND_GROWTH times as many in total. */
  firstRound: number;
  /** Run seed: one shuffled order per run, the same for every candidate. */
  seed: number;
}

export interface RaceResult {
  /** Summed over the rounds run; `total` counts the examples attempted (all of them unless dropped). */
  score: InstructionScore;
  /** True when the bound fell below the bar before the last round. */
  dropped: boolean;
}

/**
 * The order racing visits the training examples in. Seeded from the run seed only, so every candidate
 * of a run meets the same examples first (their partial scores compare like with like) and a replay
 * makes the same calls.
 */
export function racingOrder(train: readonly DatasetExample[], seed: number): DatasetExample[] {
  return createRng(deriveSeed(seed, 'racing-order')).shuffle(train);
}

function addScores(sum: InstructionScore, part: InstructionScore): InstructionScore {
  const failuresByKind = { ...sum.failuresByKind };
  for (const [kind, n] of Object.entries(part.failuresByKind) as [keyof typeof failuresByKind, number][]) {
    failuresByKind[kind] = (failuresByKind[kind] ?? 0) + n;
  }
  const answered = sum.answered + part.answered;
  const scoreSum = sum.scoreSum + part.scoreSum;
  return {
    score: answered > 0 ? scoreSum / answered : null,
    total: sum.total + part.total,
    answered,
    correct: sum.correct + part.correct,
    scoreSum,
    failed: sum.failed + part.failed,
    cutShort: sum.cutShort || part.cutShort,
    failuresByKind,
    lastError: part.lastError ?? sum.lastError,
    wrongIndices: [...sum.wrongIndices, ...part.wrongIndices],
    correctByIndex: new Map([...sum.correctByIndex, ...part.correctByIndex]),
    scoreByIndex: new Map([...sum.scoreByIndex, ...part.scoreByIndex]),
    feedbackByIndex: new Map([...sum.feedbackByIndex, ...part.feedbackByIndex]),
  };
}

function emptyScore(): InstructionScore {
  return emptyInstructionScore();
}

/**
 * Race one instruction against `bar` over `ordered` (the racing order). A round's calls are all in
 * flight at once, like a full evaluation's; rounds of different candidates do not wait for each other
 * (the bar is fixed for the whole step).
 */
export async function raceInstruction(
  settings: ScorerSettings,
  instruction: string,
  key: string,
  ordered: readonly DatasetExample[],
  bar: number,
  config: RacingConfig,
  onExample: (event: ExampleGradedEvent) => void,
  signal?: AbortSignal,
): Promise<RaceResult> {
  const boundaries = roundSchedule(ordered.length, config.firstRound);
  const checks = checkCount(ordered.length, config.firstRound);
  let sum = emptyScore();
  let start = 0;
  for (const end of boundaries) {
    const round = await scoreInstruction(settings, instruction, key, ordered.slice(start, end), 'train', onExample, signal);
    sum = addScores(sum, round);
    start = end;
    // A hard cap stopped calls: the caller leaves the candidate unscored, as without racing.
    if (sum.cutShort || end >= ordered.length) break;
    const bound = upperConfidenceBound({ correct: sum.scoreSum, answered: sum.answered, population: ordered.length, checks, delta: config.confidence });
    if (bound < bar) return { score: sum, dropped: true };
  }
  return { score: sum, dropped: false };
}
