/**
 * The LLM judge: a third model reads the rubric, the input, the reference answer when there is one
 * and the response, and replies with a score and a reason. Temperature 0 by default, so a judgement
 * is reproducible and the call cache can replay it. A failed call or an unparsable reply is a failed
 * evaluation with its reason, counted, never a zero.
 */
import type { CallErrorKind, LanguageModel } from '../models/types.js';
import { renderText } from '../prompts/template.js';
import { parseJudgeReply, type JudgeScale } from './judge-parse.js';
import type { Metric, MetricExample } from './types.js';

export const DEFAULT_JUDGE_SCALE: JudgeScale = { min: 1, max: 10 };
export const DEFAULT_JUDGE_TEMPERATURE = 0;
export const DEFAULT_JUDGE_MAX_TOKENS = 512;

export interface JudgeOptions {
  model: LanguageModel;
  /** The criteria; may use `{{field}}` variables of the example. */
  rubric: string;
  /** How the task input is shown to the judge: a template over the example's fields (no instruction). */
  input: string;
  scale?: JudgeScale;
  temperature?: number;
  maxTokens?: number;
  /** Show the gold answer as a reference when the example has one (default true). */
  showReference?: boolean;
}

/** The judge's prompt for one response. Fixed wording, so cached judgements stay valid across runs. */
export function buildJudgePrompt(options: Pick<JudgeOptions, 'rubric' | 'input' | 'showReference'> & { scale: JudgeScale }, output: string, example: MetricExample): string {
  const rubric = renderText(options.rubric, '', example.fields).trim();
  const input = renderText(options.input, '', example.fields).trim();
  const reference = (options.showReference ?? true) && example.target.trim() !== '' ? `\n\n[Reference answer]\n${example.target.trim()}` : '';
  const { min, max } = options.scale;
  return (
    'You are a strict, fair grader. Grade the response below against the rubric.\n\n' +
    `[Rubric]\n${rubric}\n\n[Input]\n${input}${reference}\n\n[Response]\n${output}\n\n` +
    `Reply with JSON only, on one line: {"reason": "<one or two sentences>", "score": <a number from ${min} to ${max}, ${max} best>}`
  );
}

export type JudgeRun =
  | { ok: true; raw: number; score: number; reason: string }
  | { ok: false; reason: string; callError?: CallErrorKind };

/** One judgement: the call, then the reply parsed. Also what `opro judge-check` runs on labelled outputs. */
export async function runJudge(options: JudgeOptions, output: string, example: MetricExample, signal?: AbortSignal): Promise<JudgeRun> {
  const scale = options.scale ?? DEFAULT_JUDGE_SCALE;
  const prompt = buildJudgePrompt({ ...options, scale }, output, example);
  const outcome = await options.model.generate({
    prompt,
    temperature: options.temperature ?? DEFAULT_JUDGE_TEMPERATURE,
    maxTokens: options.maxTokens ?? DEFAULT_JUDGE_MAX_TOKENS,
    ...(signal ? { signal } : {}),
  });
  if (!outcome.ok) return { ok: false, reason: `the judge call failed (${outcome.error.kind}): ${outcome.error.message}`, callError: outcome.error.kind };
  const verdict = parseJudgeReply(outcome.text, scale);
  if (!verdict.ok) return { ok: false, reason: `unparsable judge reply: ${verdict.reason}` };
  return verdict;
}

export function judgeMetric(options: JudgeOptions): Metric {
  const scale = options.scale ?? DEFAULT_JUDGE_SCALE;
  if (!(scale.max > scale.min)) throw new Error(`the judge's scale must go up: ${scale.min}-${scale.max}`);
  return {
    name: 'judge',
    async score(output, example, context) {
      const judged = await runJudge(options, output, example, context?.signal);
      if (!judged.ok) return judged;
      const feedback = judged.reason === '' ? `${judged.raw}/${scale.max}` : `${judged.raw}/${scale.max}: ${judged.reason}`;
      return { ok: true, score: judged.score, feedback };
    },
  };
}
