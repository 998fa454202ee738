import { exampleFields, type DatasetExample, type AnswerType } from '../../datasets/types.js';
import type { Metric } from '../../metrics/types.js';
import type { MetricLabel } from '../../metrics/describe.js';
import type { GenerateRequest, LanguageModel } from '../../models/types.js';
import { renderPrompt, type PromptTemplate } from '../../prompts/template.js';
import { gradeAnswer, type GradingMode } from './grading/index.js';
import { beforeFirst, pyStrip } from '../../util/python-str.js';
import { buildScorerPrompt } from './scorer-prompt.js';
import type { EvaluationSplit, ExampleGradedEvent, ExampleOutcome } from './events.js';
import type { InstructionPosition } from './types.js';

/** The reference's second prompt for pre-trained scorers (extract_final_answer_by_prompting_again). */
export const FINAL_ANSWER_CUE = 'So the final answer is';
export const FINAL_ANSWER_MAX_TOKENS = 50;

/** A task's own prompt and metric (task files): the scorer prompt comes from the template, the score from the metric. */
export interface TaskScoring {
  template: PromptTemplate;
  metric: Metric;
  /**
   * Present: the optimizer's meta-prompt shows each exemplar through `template` (`<INS>` where the
   * instruction goes), with the task's description. Absent: the paper's wording for the run's
   * position (a preset template, or a custom one whose task names a `prompt.position`).
   */
  metaPrompt?: { description?: string };
  /** What the metric is, for report headers; absent: the metric's name. */
  label?: MetricLabel;
}

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
  /** Absent: the paper's prompt at `position` and answer grading. */
  task?: TaskScoring;
}

export type FailureCounts = Partial<Record<Exclude<ExampleOutcome, 'answered'>, number>>;

export interface InstructionScore {
  /** Mean score over the examples actually scored (accuracy for answer grading); null when none was. */
  score: number | null;
  total: number;
  answered: number;
  /** Examples with a full score (correct answers for answer grading). */
  correct: number;
  /** Sum of the scores of the answered examples (equals `correct` for answer grading). */
  scoreSum: number;
  failed: number;
  /** True when a hard cap or the user's Ctrl-C stopped some calls: the score would not be a full evaluation. */
  cutShort: boolean;
  failuresByKind: FailureCounts;
  /** The message of one failed call (the last in example order), or null when none failed. */
  lastError: string | null;
  /** Dataset indices not given a full score (for exemplar selection). */
  wrongIndices: number[];
  /**
   * Dataset example index -> correct, answered examples only: two instructions scored on the same
   * examples can then be compared example by example (a paired test), not just by their totals.
   */
  correctByIndex: Map<number, boolean>;
  /** Dataset example index -> score, answered examples only. */
  scoreByIndex: Map<number, number>;
  /** Dataset example index -> the metric's feedback, where it gave one. */
  feedbackByIndex: Map<number, string>;
  /**
   * With reference grading: answers it counted correct that the fixed grader does not accept (e.g. a
   * reply that never says yes or no read as "No"). Reports say so, since such a score measures the grader.
   */
  referenceOnlyCorrect?: number;
}

export function emptyInstructionScore(): InstructionScore {
  return { score: null, total: 0, answered: 0, correct: 0, scoreSum: 0, failed: 0, cutShort: false, failuresByKind: {}, lastError: null, wrongIndices: [], correctByIndex: new Map(), scoreByIndex: new Map(), feedbackByIndex: new Map() };
}

/** The part of the first reply the reference keeps before asking for the final answer (`_split_by_Q`). */
function beforeNextQuestion(text: string): string {
  return pyStrip(beforeFirst(text, 'Q:'));
}

/** The first scorer request for one instruction and example (the dry run sizes prompts with it too). */
export function scorerRequest(settings: ScorerSettings, instruction: string, example: DatasetExample, signal: AbortSignal | undefined): GenerateRequest {
  const base = { temperature: settings.temperature, maxTokens: settings.maxTokens, ...(signal ? { signal } : {}) };
  if (!settings.task) return { ...base, prompt: buildScorerPrompt({ instruction, question: example.question, position: settings.position, includeQA: settings.includeQA }) };
  const rendered = renderPrompt(settings.task.template, instruction, exampleFields(example));
  return { ...base, prompt: rendered.text, ...(rendered.messages ? { messages: rendered.messages } : {}) };
}

const NO_USAGE = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 };

/** Score one instruction on one example: one scorer call (two with final-answer extraction), then grading. */
async function scoreExample(
  settings: ScorerSettings,
  instruction: string,
  key: string,
  example: DatasetExample,
  split: EvaluationSplit,
  signal: AbortSignal | undefined,
): Promise<ExampleGradedEvent> {
  const request = scorerRequest(settings, instruction, example, signal);
  const prompt = request.prompt;
  const first = await settings.scorer.generate(request);
  const base = { type: 'example-graded' as const, key, instruction, split, exampleIndex: example.index, prompt, target: example.target };
  if (!first.ok) {
    return { ...base, rawAnswer: null, prediction: null, correct: null, score: null, feedback: null, outcome: first.error.kind, errorMessage: first.error.message, usage: NO_USAGE, cached: false, latencyMs: first.latencyMs };
  }
  let toGrade = first.text;
  let usage = first.usage;
  let latencyMs = first.latencyMs;
  let rawAnswer = first.text;
  if (settings.extractFinalAnswer) {
    const secondPrompt = `${prompt} ${beforeNextQuestion(first.text)} ${FINAL_ANSWER_CUE}`;
    const second = await settings.scorer.generate({ ...request, prompt: secondPrompt, maxTokens: FINAL_ANSWER_MAX_TOKENS });
    if (!second.ok) {
      return { ...base, rawAnswer: first.text, prediction: null, correct: null, score: null, feedback: null, outcome: second.error.kind, errorMessage: second.error.message, usage, cached: false, latencyMs };
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
  const answered = { ...base, rawAnswer, usage, cached: first.cached, latencyMs };
  if (settings.task) {
    const result = await settings.task.metric.score(toGrade, { index: example.index, target: example.target, fields: exampleFields(example), prompt }, signal ? { signal } : {});
    if (!result.ok) {
      // A judge cut off by a hard cap or Ctrl-C ends like the scorer call would have.
      const outcome: ExampleOutcome = result.callError === 'budget' || result.callError === 'aborted' ? result.callError : 'metric-failed';
      return { ...answered, prediction: null, correct: null, score: null, feedback: null, outcome, errorMessage: result.reason };
    }
    return { ...answered, prediction: null, correct: result.score >= 1, score: result.score, feedback: result.feedback ?? null, outcome: 'answered', errorMessage: null };
  }
  const gradeInput = {
    output: toGrade,
    target: example.target,
    answerType: settings.answerType,
    ...(settings.multipleChoice ? { prompt } : {}),
    extractedAgain: settings.extractFinalAnswer,
  };
  const graded = gradeAnswer({ ...gradeInput, mode: settings.gradingMode });
  const event: ExampleGradedEvent = { ...answered, prediction: graded.prediction, correct: graded.correct, score: graded.correct ? 1 : 0, feedback: null, outcome: 'answered', errorMessage: null };
  if (settings.gradingMode === 'reference' && graded.correct && !gradeAnswer({ ...gradeInput, mode: 'fixed' }).correct) referenceOnlyEvents.add(event);
  return event;
}

/** Answers reference grading counted correct that the fixed grader rejects (counted per instruction). */
const referenceOnlyEvents = new WeakSet<ExampleGradedEvent>();

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
  const result: InstructionScore = { ...emptyInstructionScore(), total: examples.length };
  const events = await Promise.all(
    examples.map(async (example) => {
      const event = await scoreExample(settings, instruction, key, example, split, signal);
      onExample(event);
      return event;
    }),
  );
  for (const event of events) {
    if (event.outcome === 'answered' && event.score !== null) {
      result.answered += 1;
      result.scoreSum += event.score;
      result.correctByIndex.set(event.exampleIndex, event.correct === true);
      result.scoreByIndex.set(event.exampleIndex, event.score);
      if (event.feedback !== null) result.feedbackByIndex.set(event.exampleIndex, event.feedback);
      if (event.correct) result.correct += 1;
      else result.wrongIndices.push(event.exampleIndex);
    } else {
      const outcome = event.outcome === 'answered' ? 'metric-failed' : event.outcome;
      result.failed += 1;
      result.failuresByKind[outcome] = (result.failuresByKind[outcome] ?? 0) + 1;
      result.lastError = event.errorMessage ?? event.outcome;
      if (outcome === 'budget' || outcome === 'aborted') result.cutShort = true;
    }
  }
  if (settings.gradingMode === 'reference' && !settings.task) result.referenceOnlyCorrect = events.filter((event) => referenceOnlyEvents.has(event)).length;
  result.score = result.answered > 0 ? result.scoreSum / result.answered : null;
  return result;
}
