import type { Dataset, DatasetExample } from '../../datasets/types.js';
import type { Evaluation, EvaluateContext, HistoryEntry, MetaPrompt, ParseResult, Problem } from '../../engine/problem.js';
import type { LanguageModel } from '../../models/types.js';
import { instructionKey, parseCandidate, polishInstruction, rejectReason } from './candidates.js';
import { selectExemplars, type ExemplarSelection } from './exemplars.js';
import type { GradingMode } from './grading/index.js';
import { renderInstructionMetaPrompt } from './meta-prompt.js';
import { selectShown } from './meta-prompt-scores.js';
import { scoreInstruction, type ScorerSettings } from './scoring.js';
import type { InstructionPosition, MetaPromptStyle } from './types.js';

export interface InstructionProblemOptions {
  dataset: Dataset;
  /** The training subset every candidate is scored on. */
  train: readonly DatasetExample[];
  scorer: LanguageModel;
  style: MetaPromptStyle;
  position: InstructionPosition;
  includeQA: boolean;
  scoreThreshold: number;
  maxInstructions: number;
  scoreBuckets: number | null;
  instructionsBeforeExemplars: boolean;
  exemplarCount: number;
  exemplarSelection: ExemplarSelection;
  initialInstructions: readonly string[];
  gradingMode: GradingMode;
  extractFinalAnswer: boolean;
  scorerTemperature: number;
  scorerMaxTokens: number;
  maxInstructionLength: number;
  forbidDigits: boolean;
  /** Reproduce the reference's parse quirk: a reply with no candidate becomes the empty instruction. */
  referenceQuirks: boolean;
}

/** Instruction optimization as an OPRO problem: a solution is the instruction text. */
export class InstructionProblem implements Problem<string> {
  readonly kind = 'instructions';
  readonly direction = 'maximize' as const;
  private readonly wrongSinceStart = new Map<number, number>();
  private readonly wrongByKey = new Map<string, Set<number>>();
  private readonly byIndex: Map<number, DatasetExample>;
  private readonly scorerSettings: ScorerSettings;

  constructor(private readonly options: InstructionProblemOptions) {
    this.byIndex = new Map(options.train.map((example) => [example.index, example]));
    this.scorerSettings = {
      scorer: options.scorer,
      position: options.position,
      includeQA: options.includeQA,
      answerType: options.dataset.answerType,
      multipleChoice: options.dataset.multipleChoice,
      gradingMode: options.gradingMode,
      temperature: options.scorerTemperature,
      maxTokens: options.scorerMaxTokens,
      extractFinalAnswer: options.extractFinalAnswer,
    };
  }

  initialSolutions(): string[] {
    return [...this.options.initialInstructions];
  }

  buildMetaPrompt(history: readonly HistoryEntry<string>[], step: number): MetaPrompt {
    const o = this.options;
    const scored = history.map((entry) => ({ instruction: entry.solution, score: entry.score, step: entry.step }));
    const exemplarIndices = o.style === 'instructions-only' ? [] : this.chooseExemplars(scored, step);
    const exemplars = exemplarIndices.map((index) => {
      const example = this.byIndex.get(index);
      if (!example) throw new Error(`exemplar index ${index} is not in the training subset`);
      return { question: example.question, answer: example.target };
    });
    const text = renderInstructionMetaPrompt({
      style: o.style,
      history: scored,
      exemplars,
      position: o.position,
      includeQA: o.includeQA,
      scoreThreshold: o.scoreThreshold,
      maxInstructions: o.maxInstructions,
      scoreBuckets: o.scoreBuckets,
      instructionsBeforeExemplars: o.instructionsBeforeExemplars,
      taskDescription: o.dataset.taskDescription,
    });
    return { text, details: { exemplarIndices } };
  }

  private chooseExemplars(scored: { instruction: string; score: number; step: number }[], step: number): number[] {
    const o = this.options;
    // The reference shows every instruction at step 0 when picking current_most_frequent exemplars.
    const threshold = step > 0 ? o.scoreThreshold : 0;
    const shown = selectShown(scored, o.maxInstructions, threshold);
    return selectExemplars({
      selection: o.exemplarSelection,
      step,
      count: o.exemplarCount,
      trainIndices: o.train.map((example) => example.index),
      wrongSinceStart: this.wrongSinceStart,
      wrongByShownInstruction: shown.map((entry) => this.wrongByKey.get(instructionKey(entry.instruction)) ?? new Set<number>()),
    });
  }

  parseReply(reply: string): ParseResult<string> {
    const parsed = parseCandidate(reply, { style: this.options.style, position: this.options.position, referenceQuirks: this.options.referenceQuirks });
    if (!parsed.ok) return parsed;
    return { ok: true, solution: polishInstruction(parsed.text) };
  }

  key(solution: string): string {
    return instructionKey(solution);
  }

  validate(solution: string): string | null {
    return rejectReason(solution, { forbidDigits: this.options.forbidDigits, maxLength: this.options.maxInstructionLength });
  }

  describe(solution: string): string {
    return solution === '' ? '(empty instruction)' : solution;
  }

  async evaluate(solutions: readonly string[], context: EvaluateContext): Promise<Evaluation[]> {
    const scores = await Promise.all(
      solutions.map((instruction) =>
        scoreInstruction(this.scorerSettings, instruction, this.key(instruction), this.options.train, 'train', (event) => context.emit({ ...event }), context.signal),
      ),
    );
    return scores.map((score, i) => {
      const key = this.key(solutions[i] as string);
      const wrong = new Set(score.wrongIndices);
      this.wrongByKey.set(key, wrong);
      for (const index of [...wrong].sort((a, b) => a - b)) this.wrongSinceStart.set(index, (this.wrongSinceStart.get(index) ?? 0) + 1);
      const stats = { total: score.total, answered: score.answered, correct: score.correct, failed: score.failed };
      // A candidate cut short by a hard cap is not a full evaluation: leave it unscored rather than mislead.
      return { score: score.budgetStopped ? null : score.score, stats };
    });
  }
}
