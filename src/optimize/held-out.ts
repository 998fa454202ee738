/**
 * The end-of-run held-out measurement: the best instructions, plus what they should be compared
 * with (where the run started, and optionally the paper's baselines), each measured once on the
 * same examples, then paired comparisons of the winner against every reference.
 */
import type { DatasetExample } from '../datasets/types.js';
import { instructionKey } from '../problems/instructions/candidates.js';
import type { ExampleGradedEvent } from '../problems/instructions/events.js';
import { scoreInstruction, type InstructionScore, type ScorerSettings } from '../problems/instructions/scoring.js';
import { comparePairedScores, type Count, type PairedMethod, type ScoreDifference } from '../stats/index.js';

export { PAPER_BASELINE_INSTRUCTIONS } from './baseline-instructions.js';

export type ReferenceLabel = 'initial' | 'baseline';

/** An instruction the winner is compared with, and its held-out score. */
export interface HeldOutReference {
  label: ReferenceLabel;
  instruction: string;
  key: string;
  test: InstructionScore;
}

/** The winner against one reference, over the held-out examples both answered (McNemar; paired permutation with partial scores). */
export interface HeldOutComparison {
  against: string;
  againstKey: string;
  label: ReferenceLabel;
  best: Count;
  other: Count;
  /** b = the winner right and the reference wrong; c = the reverse. */
  discordant: { b: number; c: number };
  pValue: number;
  /** p < 0.05. */
  significant: boolean;
  method: PairedMethod;
  statistic: number | null;
  /** Partial scores: the mean scores and the interval of their difference. */
  scores?: ScoreDifference;
}

/** A top instruction whose held-out score this fills in. */
export interface HeldOutCandidate {
  instruction: string;
  key: string;
  test: InstructionScore | null;
}

export interface HeldOutPlan {
  scorer: ScorerSettings;
  examples: readonly DatasetExample[];
  /** The best instructions, best first; `test` is set on each. */
  top: HeldOutCandidate[];
  initial: readonly string[];
  baselines: readonly string[];
  signal?: AbortSignal;
  /** How many distinct instructions will be measured (for progress). */
  onStart(instructions: number): void;
  onExample(event: ExampleGradedEvent): void;
  onScored(instruction: string, key: string, score: InstructionScore): void;
}

export interface HeldOutResult {
  references: HeldOutReference[];
  comparisons: HeldOutComparison[];
}

export async function measureHeldOut(plan: HeldOutPlan): Promise<HeldOutResult> {
  // One measurement per distinct instruction: a baseline that is also a top or initial one is reused.
  const toMeasure = new Map<string, string>(plan.top.map((entry) => [entry.key, entry.instruction]));
  const roles: Omit<HeldOutReference, 'test'>[] = [];
  const addRole = (label: ReferenceLabel, instruction: string): void => {
    const key = instructionKey(instruction);
    if (roles.some((role) => role.key === key)) return;
    roles.push({ label, instruction, key });
    if (!toMeasure.has(key)) toMeasure.set(key, instruction);
  };
  plan.initial.forEach((instruction) => addRole('initial', instruction));
  plan.baselines.forEach((instruction) => addRole('baseline', instruction));

  plan.onStart(toMeasure.size);
  const scores = new Map<string, InstructionScore>();
  await Promise.all(
    [...toMeasure].map(async ([key, instruction]) => {
      const score = await scoreInstruction(plan.scorer, instruction, key, plan.examples, 'test', plan.onExample, plan.signal);
      scores.set(key, score);
      plan.onScored(instruction, key, score);
    }),
  );
  for (const entry of plan.top) entry.test = scores.get(entry.key) ?? null;
  const references = roles.map((role) => ({ ...role, test: scores.get(role.key) as InstructionScore }));

  const best = plan.top[0];
  const comparisons: HeldOutComparison[] = [];
  if (best?.test) {
    for (const reference of references) {
      // The winner compared with itself says nothing (the run never beat where it started).
      if (reference.key === best.key) continue;
      const paired = comparePairedScores(best.test.scoreByIndex, reference.test.scoreByIndex);
      comparisons.push({
        against: reference.instruction,
        againstKey: reference.key,
        label: reference.label,
        best: paired.first,
        other: paired.second,
        discordant: paired.discordant,
        pValue: paired.pValue,
        significant: paired.significant,
        method: paired.method,
        statistic: paired.statistic,
        ...(paired.scores ? { scores: paired.scores } : {}),
      });
    }
  }
  return { references, comparisons };
}
