/**
 * Can the judge be trusted? Run the task's judge on outputs a human already labelled and report the
 * agreement: accuracy and Cohen's kappa with a bootstrap interval, a warning below a threshold, and
 * a few disagreements to read. Unparsable judge replies are counted and left out, never guessed.
 */
import { resolve } from 'node:path';
import { loadUserDataset } from '../datasets/user-file.js';
import { exampleFields } from '../datasets/types.js';
import { buildJudgeOptions } from '../metrics/build.js';
import { DEFAULT_JUDGE_SCALE, runJudge } from '../metrics/judge.js';
import type { JudgeScale } from '../metrics/judge-parse.js';
import { judgeSpecs, type JudgeMetricSpec } from '../metrics/spec.js';
import type { LanguageModel } from '../models/types.js';
import { agreement, type Agreement } from '../stats/kappa.js';
import { TaskError, type ResolvedTask } from './load-task.js';
import { judgeInputTemplate } from './prepare-task.js';

export const DEFAULT_MIN_KAPPA = 0.6;
export const DEFAULT_DISAGREEMENTS_SHOWN = 5;

const PASS_WORDS = new Set(['pass', 'passed', 'yes', 'true', 'good', 'ok', 'correct', 'acceptable']);
const FAIL_WORDS = new Set(['fail', 'failed', 'no', 'false', 'bad', 'wrong', 'incorrect', 'unacceptable']);

export type LabelMode = 'pass-fail' | 'scale';

export interface Disagreement {
  exampleIndex: number;
  input: string;
  output: string;
  human: string;
  judge: string;
  judgeReason: string;
}

export interface JudgeCheckResult {
  judge: string;
  mode: LabelMode;
  /** Judge scores at or above this count as pass (pass-fail mode). */
  passAt: number;
  scale: JudgeScale;
  labelled: number;
  /** Outputs the judge could not score (failed call or unparsable reply), left out of the agreement. */
  failures: number;
  failureReasons: string[];
  agreement: Agreement;
  minKappa: number;
  /** A sentence when kappa is below minKappa (or undefined), else null. */
  warning: string | null;
  disagreements: Disagreement[];
}

/** Labels that are all pass/fail words (or 0/1) compare as pass/fail; any other labels as points of the judge's scale. */
export function labelMode(labels: readonly string[]): LabelMode {
  const words = labels.map((label) => label.trim().toLowerCase());
  return words.every((word) => PASS_WORDS.has(word) || FAIL_WORDS.has(word) || word === '1' || word === '0') ? 'pass-fail' : 'scale';
}

function humanCategory(label: string, mode: LabelMode, where: string): string {
  const word = label.trim().toLowerCase();
  if (mode === 'pass-fail') return PASS_WORDS.has(word) || word === '1' ? 'pass' : 'fail';
  const value = Number(word);
  if (!Number.isFinite(value)) throw new TaskError(`${where}: the label ${JSON.stringify(label)} is neither pass/fail nor a number on the judge's scale`);
  return String(Math.round(value));
}

export interface JudgeCheckOptions {
  task: ResolvedTask;
  judge: LanguageModel | ((spec: JudgeMetricSpec) => LanguageModel);
  /** Override the task's judgeCheck.minKappa. */
  minKappa?: number;
  /** How many disagreements to show (default 5). */
  show?: number;
  seed?: number;
  signal?: AbortSignal;
  onJudged?: (done: number, total: number) => void;
}

export async function judgeCheck(options: JudgeCheckOptions): Promise<JudgeCheckResult> {
  const { task } = options;
  const check = task.file.judgeCheck;
  if (!check) throw new TaskError(`the task ${task.name} has no judgeCheck section: add judgeCheck: { file, output, label } with human-labelled outputs`);
  const spec = judgeSpecs(task.metric)[0];
  if (!spec) throw new TaskError(`the task ${task.name} has no judge metric to check`);
  const judge = options.judge;
  const judgeOptions = await buildJudgeOptions(spec, { baseDir: task.baseDir, judgeInput: judgeInputTemplate(task), judgeModel: typeof judge === 'function' ? judge : () => judge });
  const scale = judgeOptions.scale ?? DEFAULT_JUDGE_SCALE;
  const passAt = check.passAt ?? (scale.min + scale.max) / 2;
  const path = resolve(task.baseDir, check.file);
  const labelled = await loadUserDataset(path, { inputField: check.output, targetField: check.label, answerType: 'text', keepFields: true });
  const labels = labelled.pool.map((example) => example.target);
  const mode = labelMode(labels);

  let done = 0;
  const judged = await Promise.all(
    labelled.pool.map(async (example) => {
      const fields = exampleFields(example);
      // The reference answer, if the labelled set has the task's target field.
      const target = task.file.dataset.target ? (fields[task.file.dataset.target] ?? '') : '';
      const result = await runJudge(judgeOptions, example.question, { index: example.index, target, fields, prompt: '' }, options.signal);
      options.onJudged?.(++done, labelled.pool.length);
      return { example, result };
    }),
  );

  const pairs: { first: string; second: string }[] = [];
  const disagreements: Disagreement[] = [];
  const failureReasons: string[] = [];
  for (const { example, result } of judged) {
    if (!result.ok) {
      failureReasons.push(`row ${example.index + 1}: ${result.reason}`);
      continue;
    }
    const human = humanCategory(example.target, mode, `${path} row ${example.index + 1}`);
    const judgeLabel = mode === 'pass-fail' ? (result.raw >= passAt ? 'pass' : 'fail') : String(Math.round(result.raw));
    pairs.push({ first: judgeLabel, second: human });
    if (judgeLabel !== human) {
      disagreements.push({
        exampleIndex: example.index,
        input: judgeOptions.input.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => exampleFields(example)[name] ?? ''),
        output: example.question,
        human,
        judge: mode === 'pass-fail' ? `${judgeLabel} (${result.raw}/${scale.max})` : judgeLabel,
        judgeReason: result.reason,
      });
    }
  }
  const stats = agreement(pairs, { seed: options.seed ?? 0 });
  const minKappa = options.minKappa ?? check.minKappa ?? DEFAULT_MIN_KAPPA;
  let warning: string | null = null;
  if (stats.kappa === null) warning = 'kappa is undefined: the judge and the humans each used a single, identical label; add examples of the other label';
  else if (stats.kappa < minKappa) warning = `the judge agrees with the human labels less than required (kappa ${stats.kappa.toFixed(2)} < ${minKappa}); refine the rubric before trusting its scores`;
  if (failureReasons.length > 0 && pairs.length === 0) warning = 'the judge scored none of the labelled outputs';
  return {
    judge: judgeOptions.model.spec,
    mode,
    passAt,
    scale,
    labelled: labelled.pool.length,
    failures: failureReasons.length,
    failureReasons,
    agreement: stats,
    minKappa,
    warning,
    disagreements: disagreements.slice(0, options.show ?? DEFAULT_DISAGREEMENTS_SHOWN),
  };
}

/** The report `opro judge-check` prints. */
export function formatJudgeCheck(result: JudgeCheckResult): string {
  const { agreement: a } = result;
  const lines = [
    `judge ${result.judge} on ${result.labelled} human-labelled outputs (${result.mode === 'pass-fail' ? `pass = score >= ${result.passAt} on ${result.scale.min}-${result.scale.max}` : `labels on the ${result.scale.min}-${result.scale.max} scale`})`,
    `  agreement: ${(a.accuracy * 100).toFixed(1)}% of ${a.n}`,
    `  Cohen's kappa: ${a.kappa === null ? 'undefined' : a.kappa.toFixed(2)}${a.interval ? ` (${Math.round(a.interval.confidence * 100)}% CI ${a.interval.low.toFixed(2)} to ${a.interval.high.toFixed(2)})` : ''}`,
  ];
  if (result.failures > 0) lines.push(`  unscored: ${result.failures} (${result.failureReasons.slice(0, 3).join('; ')})`);
  if (result.warning) lines.push(`warning: ${result.warning}`);
  if (result.disagreements.length > 0) {
    lines.push('', 'disagreements:');
    for (const d of result.disagreements) {
      lines.push(`  row ${d.exampleIndex + 1}: human ${d.human}, judge ${d.judge}`);
      lines.push(`    input:  ${oneLine(d.input)}`);
      lines.push(`    output: ${oneLine(d.output)}`);
      if (d.judgeReason) lines.push(`    judge:  ${oneLine(d.judgeReason)}`);
    }
  }
  return lines.join('\n');
}

function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
