/**
 * Prompt sizes of a run's calls, before any call: for each group of calls (call-bounds.ts) the
 * total prompt tokens twice, a typical figure (chars / 4 of the prompts with a typical instruction
 * and short replies) and the bound the budget reserves with (requestPromptTokensUpperBound).
 *
 * The bound renders the real prompts, with the run's own templates, over the real examples, with
 * each text the run does not know yet at its largest:
 * - an instruction: the longest of the initial ones, the baselines and a generated one of
 *   maxInstructionLength code points of 4 UTF-8 bytes each (longer ones are rejected);
 * - a model reply read again (--extract-final-answer's second prompt, the judge's prompt, the
 *   feedback block): REREAD_REPLY_BYTES_PER_TOKEN bytes per token of its maxTokens (an assumption
 *   about ordinary text, stated in token-bounds.ts), the feedback block's output at its clip;
 * - the meta-prompt: every shown entry at the largest instruction, and the largest exemplars.
 */
import { exampleFields, type Dataset, type DatasetExample } from '../datasets/types.js';
import type { CallGroup } from '../models/estimate.js';
import type { GenerateRequest, LanguageModel } from '../models/types.js';
import {
  CHARS_PER_TOKEN, MAX_UTF8_BYTES_PER_CODE_UNIT, promptTokensUpperBoundFromBytes, requestPromptTokensUpperBound, rereadReplyBytes, typicalPromptTokens,
} from '../models/token-bounds.js';
import { buildJudgePrompt, DEFAULT_JUDGE_MAX_TOKENS, DEFAULT_JUDGE_SCALE, type JudgeOptions } from '../metrics/judge.js';
import { FEEDBACK_BLOCK_INTRO, MAX_OUTPUT_CHARS } from '../problems/instructions/feedback-block.js';
import { renderInstructionMetaPrompt } from '../problems/instructions/meta-prompt.js';
import { inputAsShown } from '../problems/instructions/meta-prompt-template.js';
import { FINAL_ANSWER_CUE, FINAL_ANSWER_MAX_TOKENS, scorerRequest, type TaskScoring } from '../problems/instructions/scoring.js';
import type { CallBounds } from './call-bounds.js';
import { PAPER_BASELINE_INSTRUCTIONS } from './held-out.js';
import { scorerSettingsFor } from './scorer-settings.js';
import type { InstructionSettings } from './settings.js';

/** A typical instruction for the low figure (the reference caps them at 500 characters). */
const TYPICAL_INSTRUCTION = 'x'.repeat(120);
/** The typical reply read again in a later prompt: a short answer (16 tokens of 4 characters). */
const TYPICAL_REPLY = 'x'.repeat(16 * CHARS_PER_TOKEN);
/** A code point of 4 UTF-8 bytes: the largest a character of an instruction can be. */
const WIDEST_CHARACTER = '\u{1F600}';
/** Fixed text of one feedback note around its question, output and feedback ("input:", "score: 100"...). */
const FEEDBACK_NOTE_WORDING_BYTES = 64;
/**
 * Feedback of one metric part that is not a judge (a check's message, a JS metric's feedback), in a
 * feedback note. Checks say a short sentence; a JS metric's text is the user's and is assumed this long at most.
 */
const CHECK_FEEDBACK_BYTES = 1024;
/** A judge's feedback wording around its reason ("7/10: "), and a weighted part's name prefix. */
const JUDGE_FEEDBACK_WORDING_BYTES = 64;

export interface PromptBoundsInput {
  settings: InstructionSettings;
  dataset: Dataset;
  scorer: LanguageModel;
  train: readonly DatasetExample[];
  /** The held-out examples a run measures on (empty without a held-out evaluation). */
  test: readonly DatasetExample[];
  bounds: CallBounds;
  compareBaselines: boolean;
  task?: TaskScoring;
  /** Every judge of the metric tree (one group each). */
  judges?: readonly JudgeOptions[];
  /** Parts of the metric tree that are not judges (for the feedback block's bound); default 0 with judges, else 1. */
  otherMetricParts?: number;
  feedbackExamples?: number;
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const longest = (texts: readonly string[]): string => texts.reduce((a, b) => (bytes(b) > bytes(a) ? b : a), '');
const sum = <T>(items: readonly T[], size: (item: T) => number): number => items.reduce((total, item) => total + size(item), 0);

/** The largest instruction any call of the run can carry. */
export function largestInstruction(settings: Pick<InstructionSettings, 'maxInstructionLength' | 'initialInstructions'>, compareBaselines: boolean): string {
  return longest([WIDEST_CHARACTER.repeat(settings.maxInstructionLength), ...settings.initialInstructions, ...(compareBaselines ? PAPER_BASELINE_INSTRUCTIONS : [])]);
}

/** The request of --extract-final-answer's second call, as scoring.ts builds it, for a given first reply. */
function secondRequest(first: GenerateRequest, reply: string): GenerateRequest {
  return { ...first, prompt: `${first.prompt} ${reply} ${FINAL_ANSWER_CUE}`, maxTokens: FINAL_ANSWER_MAX_TOKENS };
}

export function scorerGroups(input: PromptBoundsInput): CallGroup[] {
  const { settings, bounds } = input;
  const scorer = scorerSettingsFor(input.scorer, input.dataset, settings, input.task);
  const largest = largestInstruction(settings, input.compareBaselines);
  const worstReply = 'x'.repeat(rereadReplyBytes(settings.scorerMaxTokens));
  const perExample = (examples: readonly DatasetExample[], second: boolean) => {
    let low = 0;
    let high = 0;
    for (const example of examples) {
      const typical = scorerRequest(scorer, TYPICAL_INSTRUCTION, example, undefined);
      const worst = scorerRequest(scorer, largest, example, undefined);
      low += typicalPromptTokens(second ? secondRequest(typical, TYPICAL_REPLY).prompt : typical.prompt);
      high += requestPromptTokensUpperBound(second ? secondRequest(worst, worstReply) : worst);
    }
    return { low, high };
  };
  const groups: CallGroup[] = [];
  const add = (label: string, instructions: number, examples: readonly DatasetExample[], second: boolean) => {
    if (instructions === 0 || examples.length === 0) return;
    const sums = perExample(examples, second);
    groups.push({
      label,
      calls: instructions * examples.length,
      promptTokens: { low: instructions * sums.low, high: instructions * sums.high },
      maxTokens: second ? FINAL_ANSWER_MAX_TOKENS : settings.scorerMaxTokens,
    });
  };
  const heldOut = input.test.slice(0, bounds.heldOutExamples);
  add('training', bounds.trainInstructions, input.train, false);
  add('held-out', bounds.heldOutInstructions, heldOut, false);
  if (bounds.scorerCallsPerExample === 2) {
    add('training, final answer', bounds.trainInstructions, input.train, true);
    add('held-out, final answer', bounds.heldOutInstructions, heldOut, true);
  }
  return groups;
}

/** One group per judge: a call per answered example, training and held-out. */
export function judgeGroups(input: PromptBoundsInput): CallGroup[] {
  const { settings, bounds } = input;
  const gradedTokens = settings.extractFinalAnswer ? FINAL_ANSWER_MAX_TOKENS : settings.scorerMaxTokens;
  const worstOutput = 'x'.repeat(rereadReplyBytes(gradedTokens));
  const heldOut = input.test.slice(0, bounds.heldOutExamples);
  const examples = [
    ...input.train.map((example) => ({ example, times: bounds.trainInstructions })),
    ...heldOut.map((example) => ({ example, times: bounds.heldOutInstructions })),
  ].filter(({ times }) => times > 0);
  return (input.judges ?? []).map((judge, i) => {
    const options = { ...judge, scale: judge.scale ?? DEFAULT_JUDGE_SCALE };
    let low = 0;
    let high = 0;
    let calls = 0;
    for (const { example, times } of examples) {
      const metricExample = { index: example.index, target: example.target, fields: exampleFields(example), prompt: '' };
      low += times * typicalPromptTokens(buildJudgePrompt(options, TYPICAL_REPLY, metricExample));
      high += times * requestPromptTokensUpperBound({ prompt: buildJudgePrompt(options, worstOutput, metricExample) });
      calls += times;
    }
    return { label: (input.judges?.length ?? 0) > 1 ? `judge ${i + 1}` : 'judge', calls, promptTokens: { low, high }, maxTokens: judge.maxTokens ?? DEFAULT_JUDGE_MAX_TOKENS };
  });
}

/** The largest feedback block (off by default): its notes at their clip, with the metric's feedback at its largest. */
function feedbackBlockBytes(input: PromptBoundsInput): number {
  const notes = Math.min(input.feedbackExamples ?? 0, input.train.length);
  if (notes <= 0 || input.settings.style === 'instructions-only') return 0;
  // Each note's input is shown as the exemplars are (inputAsShown): through the task's template when it has one.
  const template = input.task?.metaPrompt ? input.task.template : null;
  const question = Math.max(...input.train.map((example) => bytes(inputAsShown(template, example))));
  // The scorer's raw answer (with --extract-final-answer: both replies and the cue between them), at most its clip.
  const scorerMaxTokens = input.settings.scorerMaxTokens;
  const answer = input.settings.extractFinalAnswer
    ? rereadReplyBytes(scorerMaxTokens) + rereadReplyBytes(FINAL_ANSWER_MAX_TOKENS) + bytes(`\n--- ${FINAL_ANSWER_CUE} ---\n`)
    : rereadReplyBytes(scorerMaxTokens);
  const output = Math.min(answer, MAX_OUTPUT_CHARS * MAX_UTF8_BYTES_PER_CODE_UNIT);
  const judgeFeedback = sum(input.judges ?? [], (judge) => rereadReplyBytes(judge.maxTokens ?? DEFAULT_JUDGE_MAX_TOKENS) + JUDGE_FEEDBACK_WORDING_BYTES);
  const others = input.otherMetricParts ?? ((input.judges ?? []).length > 0 ? 0 : 1);
  const feedback = input.task ? judgeFeedback + others * CHECK_FEEDBACK_BYTES : 0;
  return bytes(FEEDBACK_BLOCK_INTRO) + notes * (question + output + feedback + FEEDBACK_NOTE_WORDING_BYTES);
}

/**
 * The optimizer's calls, step by step: the meta-prompt of step s shows at most the instructions
 * scored so far (initial + s x N; the top maxInstructions unless 'instructions-only'), each at the
 * largest instruction, and the largest exemplars of the training set.
 */
export function optimizerGroups(input: PromptBoundsInput): CallGroup[] {
  const { settings, bounds } = input;
  if (bounds.optimizer === 0) return [];
  // A task's own template is shown to the optimizer rendered for each exemplar (meta-prompt-template.ts).
  const template = input.task?.metaPrompt ? input.task.template : null;
  const exemplarBytes = (example: DatasetExample): number => bytes(inputAsShown(template, example)) + bytes(example.target);
  const bySize = [...input.train].sort((a, b) => exemplarBytes(b) - exemplarBytes(a));
  const exemplarsOf = (examples: readonly DatasetExample[]) =>
    settings.style === 'instructions-only'
      ? []
      : examples.slice(0, settings.exemplarCount).map((example) => {
          return { question: example.question, answer: example.target, ...(template ? { input: inputAsShown(template, example) } : {}) };
        });
  const render = (instruction: string, entries: number, score: number, examples: readonly DatasetExample[]) =>
    renderInstructionMetaPrompt({
      style: settings.style,
      history: Array.from({ length: entries }, (_, step) => ({ instruction, score, step })),
      exemplars: exemplarsOf(examples),
      position: settings.position,
      includeQA: settings.includeQA,
      scoreThreshold: 0,
      maxInstructions: Number.MAX_SAFE_INTEGER,
      scoreBuckets: settings.scoreBuckets,
      instructionsBeforeExemplars: settings.instructionsBeforeExemplars,
      taskDescription: input.dataset.taskDescription,
      ...(input.task?.metaPrompt ? { taskTemplate: input.task.metaPrompt } : {}),
    });
  // Entries are identical, so a meta-prompt grows by the same text per entry: size(n) = base + n x entry.
  const largest = largestInstruction(settings, false);
  const scores = [0, 1, 1 / 3, 0.999];
  const baseHigh = bytes(render(largest, 0, 0, bySize)) + feedbackBlockBytes(input);
  const entryHigh = Math.max(...scores.map((score) => bytes(render(largest, 1, score, bySize)) - bytes(render(largest, 0, score, bySize))));
  const baseLow = render(TYPICAL_INSTRUCTION, 0, 0.5, input.train).length;
  const entryLow = render(TYPICAL_INSTRUCTION, 1, 0.5, input.train).length - baseLow;
  let low = 0;
  let high = 0;
  for (let step = 0; step < settings.steps; step++) {
    const scored = settings.initialInstructions.length + step * settings.candidatesPerStep;
    const shown = settings.style === 'instructions-only' ? scored : Math.min(settings.maxInstructions, scored);
    low += bounds.optimizerPerStep * Math.ceil((baseLow + shown * entryLow) / CHARS_PER_TOKEN);
    high += bounds.optimizerPerStep * promptTokensUpperBoundFromBytes(baseHigh + shown * entryHigh);
  }
  return [{ label: 'meta-prompts', calls: bounds.optimizer, promptTokens: { low, high }, maxTokens: settings.optimizerMaxTokens }];
}
