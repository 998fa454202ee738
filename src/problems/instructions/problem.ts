import type { LegacyRandomState } from '../../datasets/numpy-random.js';
import type { Dataset, DatasetExample } from '../../datasets/types.js';
import type { PromptTemplate } from '../../prompts/template.js';
import { inputAsShown } from './meta-prompt-template.js';
import type { Evaluation, EvaluateContext, HistoryEntry, MetaPrompt, ParseResult, Problem, Unscored } from '../../engine/problem.js';
import type { LanguageModel } from '../../models/types.js';
import { instructionKey, parseCandidate, polishInstruction, rejectReason } from './candidates.js';
import type { ExampleGradedEvent } from './events.js';
import { toExampleEvaluated } from './example-result.js';
import { selectExemplars, WrongAnswerCounter, wrongSetOrder, type ExemplarSelection } from './exemplars.js';
import { globalRandomAfterSplit, type SplitDraws } from './exemplars-global-random.js';
import type { GradingMode } from './grading/index.js';
import { renderInstructionMetaPrompt } from './meta-prompt.js';
import { selectShown } from './meta-prompt-scores.js';
import { EXAMPLES_SEEN_STAT, isPartialEntry, PARTIAL_STAT } from './partial.js';
import { raceInstruction, racingOrder, type RaceResult, type RacingConfig } from './racing.js';
import { racingBar } from './racing-bar.js';
import { scoreInstruction, type InstructionScore, type ScorerSettings, type TaskScoring } from './scoring.js';
import { renderFeedbackBlock, withFeedbackBlock, worstNotes, type FeedbackNote } from './feedback-block.js';
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
  /** Racing (racing.ts): null or absent = score every candidate on every training example. */
  racing?: InstructionRacingOptions | null;
  /**
   * The reference's split draws, which current_most_frequent's unseeded exemplar draws continue.
   * Absent: a seed-0 draw of `train` from the whole pool.
   */
  splitDraws?: SplitDraws;
  /** A task's prompt template and metric (task files); absent: the paper's prompt and answer grading. */
  task?: TaskScoring;
  /** Show the optimizer this many worst-scored training examples of the best instruction, with feedback (0 = off). */
  feedbackExamples?: number;
}

export interface InstructionRacingOptions extends RacingConfig {
  /** Leading ranks of the final ranking a dropped candidate must not have reached (evalTop, >= 1). */
  protectTop: number;
}

function cutShortReason(score: InstructionScore): Unscored {
  const seen = `${score.answered} of ${score.total} examples answered`;
  if ((score.failuresByKind.aborted ?? 0) > 0) return { cause: 'interrupted', reason: `interrupted before it was fully scored (${seen})` };
  return { cause: 'budget', reason: `a hard cap (--budget, --max-calls or --max-tokens) stopped its scoring (${seen})` };
}

/** Instruction optimization as an OPRO problem: a solution is the instruction text. */
export class InstructionProblem implements Problem<string> {
  readonly kind = 'instructions';
  readonly direction = 'maximize' as const;
  private readonly wrongSinceStart = new WrongAnswerCounter();
  /** Each scored instruction's wrong questions, in the iteration order of the reference's Python set. */
  private readonly wrongByKey = new Map<string, number[]>();
  /**
   * numpy's global RNG for current_most_frequent. A run (and a resumed run, which replays from the
   * start) builds it from the split draws and advances it once per step, so it is where the reference's is.
   */
  private readonly globalRandom: LegacyRandomState;
  /** Exemplars already chosen per step: choosing again must not draw from the global stream again. */
  private readonly exemplarsByStep = new Map<number, number[]>();
  private readonly byIndex: Map<number, DatasetExample>;
  private readonly scorerSettings: ScorerSettings;
  /** The training subset in racing order, or null without racing. */
  private readonly racingOrdered: DatasetExample[] | null;
  /** Per-example notes of the best instruction so far (the feedback block), with its score and key. */
  private bestNotes: { key: string; score: number; notes: FeedbackNote[] } | null = null;
  /** Notes of this step's candidates until their scores are known. */
  private readonly pendingNotes = new Map<string, FeedbackNote[]>();

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
      ...(options.task ? { task: options.task } : {}),
    };
    this.racingOrdered = options.racing ? racingOrder(options.train, options.racing.seed) : null;
    this.globalRandom = globalRandomAfterSplit(options.splitDraws ?? { seed: 0, poolSize: options.dataset.pool.length, trainSize: options.train.length });
  }

  initialSolutions(): string[] {
    return [...this.options.initialInstructions];
  }

  buildMetaPrompt(history: readonly HistoryEntry<string>[], step: number): MetaPrompt {
    const o = this.options;
    // A candidate racing dropped has a partial score, never shown as if it were a full evaluation.
    const scored = history
      .filter((entry) => !isPartialEntry(entry))
      .map((entry) => ({ instruction: entry.solution, score: entry.score, step: entry.step }));
    const exemplarIndices = o.style === 'instructions-only' ? [] : this.chooseExemplars(scored, step);
    const template = this.shownTemplate();
    const exemplars = exemplarIndices.map((index) => {
      const example = this.byIndex.get(index);
      if (!example) throw new Error(`exemplar index ${index} is not in the training subset`);
      // A task's own template: the exemplar as the scorer sees it, <INS> where the instruction goes.
      return { question: example.question, answer: example.target, ...(template ? { input: inputAsShown(template, example) } : {}) };
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
      ...(o.task?.metaPrompt ? { taskTemplate: o.task.metaPrompt } : {}),
    });
    const feedback = this.feedbackBlock();
    return { text: withFeedbackBlock(text, feedback.block), details: { exemplarIndices, ...(feedback.indices.length > 0 ? { feedbackIndices: feedback.indices } : {}) } };
  }

  /** The task's own template when the optimizer is shown it (task files with text or chat messages), else null. */
  private shownTemplate(): PromptTemplate | null {
    const task = this.options.task;
    return task?.metaPrompt ? task.template : null;
  }

  private feedbackBlock(): { block: string; indices: number[] } {
    const count = this.options.feedbackExamples ?? 0;
    if (count <= 0 || !this.bestNotes || this.options.style === 'instructions-only') return { block: '', indices: [] };
    const notes = worstNotes(this.bestNotes.notes, count);
    return { block: renderFeedbackBlock(notes), indices: notes.map((note) => note.exampleIndex) };
  }

  private noteExample(event: ExampleGradedEvent): void {
    if ((this.options.feedbackExamples ?? 0) <= 0 || event.split !== 'train' || event.score === null || event.rawAnswer === null) return;
    const example = this.byIndex.get(event.exampleIndex);
    if (!example) return;
    const notes = this.pendingNotes.get(event.key) ?? [];
    // Shown like the exemplars: through the task's template, so every field the scorer read is there.
    notes.push({ exampleIndex: event.exampleIndex, input: inputAsShown(this.shownTemplate(), example), output: event.rawAnswer, score: event.score, feedback: event.feedback });
    this.pendingNotes.set(event.key, notes);
  }

  /** Keep the notes of a fully scored candidate that beats the best so far; forget the rest. */
  private keepBestNotes(key: string, score: number | null, partial: boolean): void {
    const notes = this.pendingNotes.get(key);
    this.pendingNotes.delete(key);
    if (!notes || score === null || partial) return;
    if (!this.bestNotes || score > this.bestNotes.score) this.bestNotes = { key, score, notes };
  }

  private chooseExemplars(scored: { instruction: string; score: number; step: number }[], step: number): number[] {
    const o = this.options;
    const chosen = this.exemplarsByStep.get(step);
    if (chosen) return chosen;
    // The reference shows every instruction at step 0 when picking current_most_frequent exemplars.
    const threshold = step > 0 ? o.scoreThreshold : 0;
    const shown = o.exemplarSelection === 'current_most_frequent' ? selectShown(scored, o.maxInstructions, threshold) : [];
    const indices = selectExemplars({
      selection: o.exemplarSelection,
      step,
      count: o.exemplarCount,
      trainIndices: o.train.map((example) => example.index),
      wrongSinceStart: this.wrongSinceStart.counts,
      wrongByShownInstruction: shown.map((entry) => this.wrongByKey.get(instructionKey(entry.instruction)) ?? []),
      globalRandom: this.globalRandom,
    });
    this.exemplarsByStep.set(step, indices);
    return indices;
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

  /** The bar this step's candidates race against, or null to score every candidate fully. */
  private racingBar(history: readonly HistoryEntry<string>[] | undefined): number | null {
    const racing = this.options.racing;
    // Without the history (a caller outside the engine) the bar is unknown: score fully, never drop.
    if (!racing || !history) return null;
    const o = this.options;
    return racingBar(history, {
      style: o.style,
      exemplarSelection: o.exemplarSelection,
      maxInstructions: o.maxInstructions,
      scoreThreshold: o.scoreThreshold,
      protectTop: racing.protectTop,
    });
  }

  private async scoreOne(instruction: string, bar: number | null, context: EvaluateContext<string>): Promise<RaceResult> {
    const onExample = (event: ExampleGradedEvent): void => {
      this.noteExample(event);
      context.emit(toExampleEvaluated(event));
    };
    const key = this.key(instruction);
    if (bar === null || !this.options.racing || !this.racingOrdered) {
      const score = await scoreInstruction(this.scorerSettings, instruction, key, this.options.train, 'train', onExample, context.signal);
      return { score, dropped: false };
    }
    return raceInstruction(this.scorerSettings, instruction, key, this.racingOrdered, bar, this.options.racing, onExample, context.signal);
  }

  async evaluate(solutions: readonly string[], context: EvaluateContext<string>): Promise<Evaluation[]> {
    const bar = this.racingBar(context.history);
    const results = await Promise.all(solutions.map((instruction) => this.scoreOne(instruction, bar, context)));
    return results.map(({ score, dropped }, i) => {
      const key = this.key(solutions[i] as string);
      const wrong = wrongSetOrder(score.wrongIndices);
      this.wrongByKey.set(key, wrong);
      this.wrongSinceStart.countInstruction(wrong);
      const stats: Record<string, number> = { total: score.total, answered: score.answered, correct: score.correct, failed: score.failed };
      // Failed calls are not examples seen: the partial score is over the answered ones.
      if (dropped) Object.assign(stats, { [PARTIAL_STAT]: 1, [EXAMPLES_SEEN_STAT]: score.answered });
      // A candidate cut short by a hard cap is not a full evaluation: leave it unscored rather than mislead.
      this.keepBestNotes(key, score.cutShort ? null : score.score, dropped);
      if (score.cutShort) return { score: null, stats, unscored: cutShortReason(score) };
      if (score.score === null) {
        return { score: null, stats, unscored: { cause: 'failed', reason: `every scorer call failed (${score.failed} of ${score.total}; last: ${score.lastError ?? 'unknown error'})` } };
      }
      return { score: score.score, stats };
    });
  }
}
