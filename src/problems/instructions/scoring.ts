import type { DatasetExample, AnswerType } from '../../datasets/types.js';
import type { CallErrorKind, LanguageModel } from '../../models/types.js';
import { gradeAnswer, type GradingMode } from './grading/index.js';
import { beforeFirst, pyStrip } from '../../util/python-str.js';
import { buildScorerPrompt } from './scorer-prompt.js';
import type { EvaluationSplit, ExampleGradedEvent } from './events.js';
import type { InstructionPosition } from './types.js';

/** The reference's second prompt for pre-trained scorers (extract_final_answer_by_prompting_again). */
export const FINAL_ANSWER_CUE = 'So the final answer is';
export const FINAL_ANSWER_MAX_TOKENS = 50;

export interface ScorerSettings {
  scorer: LanguageModel;
  position: InstructionPosition;
  includeQA: boolean;
  answerType: AnswerType;
  multipleChoice: boolean;
  gradingMode: GradingMode;
  temperature: number;
  maxTokens: number;
  /** Ask a second time with "So the final answer is" and grade that reply (reference option). */
  extractFinalAnswer: boolean;
}

export interface InstructionScore {
  /** Accuracy over the examples actually answered; null when none was answered. */
  score: number | null;
  total: number;
  answered: number;
  correct: number;
  failed: number;
  /** True when a hard cap or the user's Ctrl-C stopped some calls: the score would not be a full evaluation. */
  cutShort: boolean;
  failuresByKind: Partial<Record<CallErrorKind, number>>;
  /** The message of one failed call (the last in example order), or null when none failed. */
  lastError: string | null;
  /** Dataset indices answered wrong (for exemplar selection). */
  wrongIndices: number[];
  /**
   * Dataset example index -> correct, answered examples only: two instructions scored on the same
   * examples can then be compared example by example (a paired test), not just by their totals.
   */
  correctByIndex: Map<number, boolean>;
  /**
   * With reference grading: answers it counted correct that the fixed grader does not accept (e.g. a
   * reply that never says yes or no read as "No"). Reports say so, since such a score measures the grader.
   */
  referenceOnlyCorrect?: number;
}

/** The part of the first reply the reference keeps before asking for the final answer (`_split_by_Q`). */
function beforeNextQuestion(text: string): string {
  return pyStrip(beforeFirst(text, 'Q:'));
}

/** Score one instruction on one example: one scorer call (two with final-answer extraction), then grading. */
async function scoreExample(
  settings: ScorerSettings,
  instruction: string,
  key: string,
  example: DatasetExample,
  split: EvaluationSplit,
  signal: AbortSignal | undefined,
): Promise<{ event: ExampleGradedEvent; referenceOnly: boolean }> {
  const prompt = buildScorerPrompt({ instruction, question: example.question, position: settings.position, includeQA: settings.includeQA });
  const request = { prompt, temperature: settings.temperature, maxTokens: settings.maxTokens, ...(signal ? { signal } : {}) };
  const first = await settings.scorer.generate(request);
  const base = { type: 'example-graded' as const, key, instruction, split, exampleIndex: example.index, prompt, target: example.target };
  if (!first.ok) {
    return { referenceOnly: false, event: { ...base, rawAnswer: null, prediction: null, correct: null, outcome: first.error.kind, errorMessage: first.error.message, usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 }, cached: false, latencyMs: first.latencyMs } };
  }
  let toGrade = first.text;
  let usage = first.usage;
  let latencyMs = first.latencyMs;
  let rawAnswer = first.text;
  if (settings.extractFinalAnswer) {
    const secondPrompt = `${prompt} ${beforeNextQuestion(first.text)} ${FINAL_ANSWER_CUE}`;
    const second = await settings.scorer.generate({ ...request, prompt: secondPrompt, maxTokens: FINAL_ANSWER_MAX_TOKENS });
    if (!second.ok) {
      return { referenceOnly: false, event: { ...base, rawAnswer: first.text, prediction: null, correct: null, outcome: second.error.kind, errorMessage: second.error.message, usage, cached: false, latencyMs } };
    }
    // Graded as a second-round reply: the grader cleans it the way the reference does.
    toGrade = second.text;
    rawAnswer = `${first.text}\n--- ${FINAL_ANSWER_CUE} ---\n${second.text}`;
    usage = {
      inputTokens: usage.inputTokens + second.usage.inputTokens,
      outputTokens: usage.outputTokens + second.usage.outputTokens,
      cachedInputTokens: usage.cachedInputTokens + second.usage.cachedInputTokens,
      reasoningTokens: usage.reasoningTokens + second.usage.reasoningTokens,
    };
    latencyMs += second.latencyMs;
  }
  const gradeInput = {
    output: toGrade,
    target: example.target,
    answerType: settings.answerType,
    ...(settings.multipleChoice ? { prompt } : {}),
    extractedAgain: settings.extractFinalAnswer,
  };
  const graded = gradeAnswer({ ...gradeInput, mode: settings.gradingMode });
  const referenceOnly = settings.gradingMode === 'reference' && graded.correct && !gradeAnswer({ ...gradeInput, mode: 'fixed' }).correct;
  return { referenceOnly, event: { ...base, rawAnswer, prediction: graded.prediction, correct: graded.correct, outcome: 'answered', errorMessage: null, usage, cached: first.cached, latencyMs } };
}

/**
 * Score one instruction on a set of examples, all calls in flight at once (the scheduler wrapped
 * around the scorer bounds the real concurrency). Each finished example is reported at once.
 */
export async function scoreInstruction(
  settings: ScorerSettings,
  instruction: string,
  key: string,
  examples: readonly DatasetExample[],
  split: EvaluationSplit,
  onExample: (event: ExampleGradedEvent) => void,
  signal?: AbortSignal,
): Promise<InstructionScore> {
  const result: InstructionScore = { score: null, total: examples.length, answered: 0, correct: 0, failed: 0, cutShort: false, failuresByKind: {}, lastError: null, wrongIndices: [], correctByIndex: new Map() };
  let referenceOnly = 0;
  const events = await Promise.all(
    examples.map(async (example) => {
      const graded = await scoreExample(settings, instruction, key, example, split, signal);
      onExample(graded.event);
      if (graded.referenceOnly) referenceOnly += 1;
      return graded.event;
    }),
  );
  if (settings.gradingMode === 'reference') result.referenceOnlyCorrect = referenceOnly;
  for (const event of events) {
    if (event.outcome === 'answered') {
      result.answered += 1;
      result.correctByIndex.set(event.exampleIndex, event.correct === true);
      if (event.correct) result.correct += 1;
      else result.wrongIndices.push(event.exampleIndex);
    } else {
      result.failed += 1;
      result.failuresByKind[event.outcome] = (result.failuresByKind[event.outcome] ?? 0) + 1;
      result.lastError = event.errorMessage ?? event.outcome;
      if (event.outcome === 'budget' || event.outcome === 'aborted') result.cutShort = true;
    }
  }
  result.score = result.answered > 0 ? result.correct / result.answered : null;
  return result;
}
