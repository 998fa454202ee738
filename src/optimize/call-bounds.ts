/**
 * The most model calls a run can make, from its settings and split sizes: the one count that
 * --dry-run, the plan line and anything else that prints an estimate use.
 *
 * Every figure is an upper bound of the run's calls to each model (what a model object sees; cache
 * hits are still calls here, they just cost nothing), and a run that needs every call reaches it:
 * - optimizer: each step makes its N calls plus at most maxExtraDraws more when replies hold no
 *   candidate (engine/run.ts), so steps x (N + maxExtraDraws);
 * - a step scores at most N new instructions (extra draws only replace missing candidates), so the
 *   training set is scored for the initial instructions plus steps x N candidates;
 * - each scored example is one scorer call, two with --extract-final-answer;
 * - held-out: the top evalTop instructions, the initial ones and, with --compare-baselines, the
 *   paper's baselines, each once (those that coincide are measured once, so fewer);
 * - every judge in the metric tree is called once per example the scorer answered.
 * Racing, de-duplication, rejected candidates, early stops and failed calls only lower the counts.
 * Retries of failed requests (the scheduler's) are requests on top of these calls.
 */
import { instructionKey } from '../problems/instructions/candidates.js';
import { PAPER_BASELINE_INSTRUCTIONS } from './held-out.js';
import type { InstructionSettings } from './settings.js';

export type CallBoundSettings = Pick<
  InstructionSettings,
  'steps' | 'candidatesPerStep' | 'maxExtraDraws' | 'initialInstructions' | 'extractFinalAnswer' | 'evalSplit' | 'evalTop'
>;

export interface CallBoundsInput {
  settings: CallBoundSettings;
  trainSize: number;
  /** Held-out examples the split holds (before evalSplit says whether they are used). */
  testSize: number;
  compareBaselines: boolean;
  /** Judge calls per answered example: the number of judges in the metric tree (0 without a judge). */
  judgesPerExample?: number;
}

export interface CallBounds {
  optimizer: number;
  optimizerPerStep: number;
  /** Instructions scored on the training examples (initial + steps x N). */
  trainInstructions: number;
  /** Instructions measured on held-out examples (0 without a held-out evaluation). */
  heldOutInstructions: number;
  /** Held-out examples used (0 without a held-out evaluation). */
  heldOutExamples: number;
  scorerCallsPerExample: 1 | 2;
  scorerTrain: number;
  scorerHeldOut: number;
  scorer: number;
  judgesPerExample: number;
  judgeTrain: number;
  judgeHeldOut: number;
  judge: number;
}

/** The most instructions measured on held-out data: the top ones plus every distinct initial and baseline one. */
export function heldOutInstructionsBound(settings: CallBoundSettings, testSize: number, compareBaselines: boolean): number {
  if (settings.evalSplit !== 'test' || testSize === 0 || settings.evalTop === 0) return 0;
  const scored = settings.initialInstructions.length + settings.steps * settings.candidatesPerStep;
  const references = new Set([...settings.initialInstructions, ...(compareBaselines ? PAPER_BASELINE_INSTRUCTIONS : [])].map(instructionKey));
  return Math.min(settings.evalTop, scored) + references.size;
}

export function callBounds(input: CallBoundsInput): CallBounds {
  const { settings, trainSize } = input;
  const optimizerPerStep = settings.candidatesPerStep + settings.maxExtraDraws;
  const trainInstructions = settings.initialInstructions.length + settings.steps * settings.candidatesPerStep;
  const heldOutInstructions = heldOutInstructionsBound(settings, input.testSize, input.compareBaselines);
  const heldOutExamples = heldOutInstructions > 0 ? input.testSize : 0;
  const scorerCallsPerExample = settings.extractFinalAnswer ? 2 : 1;
  const trainExamples = trainInstructions * trainSize;
  const heldOutScored = heldOutInstructions * heldOutExamples;
  const judgesPerExample = input.judgesPerExample ?? 0;
  return {
    optimizer: settings.steps * optimizerPerStep,
    optimizerPerStep,
    trainInstructions,
    heldOutInstructions,
    heldOutExamples,
    scorerCallsPerExample,
    scorerTrain: trainExamples * scorerCallsPerExample,
    scorerHeldOut: heldOutScored * scorerCallsPerExample,
    scorer: (trainExamples + heldOutScored) * scorerCallsPerExample,
    judgesPerExample,
    judgeTrain: trainExamples * judgesPerExample,
    judgeHeldOut: heldOutScored * judgesPerExample,
    judge: (trainExamples + heldOutScored) * judgesPerExample,
  };
}

/** The plan line printed before a run: the same figures --dry-run prints. */
export function formatPlanLine(steps: number, bounds: CallBounds): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const judge = bounds.judge > 0 ? `, ${n(bounds.judge)} judge` : '';
  return (
    `plan: ${steps} steps, at most ${n(bounds.optimizer)} optimizer, ${n(bounds.scorer)} scorer${judge} calls ` +
    `(--dry-run prices it; Ctrl-C stops cleanly and --resume continues)`
  );
}
