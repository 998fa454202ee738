/**
 * From a validated metric spec to a Metric: relative files (module, rubric, schema) are read from
 * the task file's folder; the judge's model is resolved by the caller (it is a model role with its
 * own spec, concurrency, cache and cost line, so the CLI builds it like the scorer).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LanguageModel } from '../models/types.js';
import type { AnswerType, GradingMode } from '../problems/instructions/grading/index.js';
import { answerMetric } from './answer.js';
import { weightedMetric } from './combine.js';
import { jsonFieldMetric, jsonSchemaMetric } from './json-checks.js';
import { loadJsMetric, MetricSetupError } from './js-module.js';
import { judgeMetric, type JudgeOptions } from './judge.js';
import { numericMetric } from './numeric.js';
import type { JudgeMetricSpec, MetricSpec } from './spec.js';
import { containsMetric, maxLengthMetric, regexMetric, tokenF1Metric } from './text-checks.js';
import type { Metric } from './types.js';

export interface MetricBuildContext {
  /** Folder relative paths are read from (the task file's folder). */
  baseDir: string;
  /** The dataset's answer type and choice flag, for `answer` without its own answerType. */
  answerType: AnswerType;
  multipleChoice: boolean;
  gradingMode: GradingMode;
  /** How the task input is shown to a judge by default: the prompt template's fields. */
  judgeInput: string;
  /** The judge model for a judge spec (resolved by the caller from spec.model or the task's judge role). */
  judgeModel?: (spec: JudgeMetricSpec) => LanguageModel;
}

async function readText(baseDir: string, file: string, what: string): Promise<string> {
  const path = resolve(baseDir, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new MetricSetupError(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

export async function buildMetric(spec: MetricSpec, context: MetricBuildContext): Promise<Metric> {
  switch (spec.type) {
    case 'answer':
      return answerMetric({
        answerType: spec.answerType ?? context.answerType,
        mode: spec.mode ?? context.gradingMode,
        multipleChoice: (spec.answerType ?? context.answerType) === 'choice' ? context.multipleChoice || spec.answerType === 'choice' : false,
      });
    case 'contains':
    case 'not-contains':
      return containsMetric(spec, spec.type === 'not-contains');
    case 'regex':
      return regexMetric(spec);
    case 'numeric':
      return numericMetric(spec);
    case 'json-field':
      return jsonFieldMetric(spec);
    case 'json-schema': {
      let schema: Record<string, unknown>;
      if (spec.schemaFile !== undefined) {
        try {
          schema = JSON.parse(await readText(context.baseDir, spec.schemaFile, 'JSON Schema file')) as Record<string, unknown>;
        } catch (error) {
          if (error instanceof MetricSetupError) throw error;
          throw new MetricSetupError(`the JSON Schema file ${spec.schemaFile} is not JSON: ${(error as Error).message}`);
        }
      } else {
        schema = spec.schema ?? {};
      }
      try {
        return jsonSchemaMetric(schema);
      } catch (error) {
        throw new MetricSetupError(`invalid JSON Schema: ${(error as Error).message}`);
      }
    }
    case 'token-f1':
      return tokenF1Metric(spec);
    case 'max-length':
      return maxLengthMetric(spec);
    case 'js':
      return loadJsMetric(resolve(context.baseDir, spec.module));
    case 'judge':
      return judgeMetric(await buildJudgeOptions(spec, context));
    case 'weighted':
      return weightedMetric(await Promise.all(spec.parts.map(async (part) => ({ weight: part.weight, metric: await buildMetric(part.metric, context) }))));
  }
}

/** The judge's settings from its spec: rubric (inline or file), input view, scale and sampling. */
export async function buildJudgeOptions(spec: JudgeMetricSpec, context: Pick<MetricBuildContext, 'baseDir' | 'judgeInput' | 'judgeModel'>): Promise<JudgeOptions> {
  if (!context.judgeModel) throw new MetricSetupError('the judge metric needs a judge model: set metric.model, models.judge or --judge');
  const rubric = spec.rubric ?? (await readText(context.baseDir, spec.rubricFile as string, 'rubric file'));
  return {
    model: context.judgeModel(spec),
    rubric,
    input: spec.input ?? context.judgeInput,
    ...(spec.scale ? { scale: { min: spec.scale[0], max: spec.scale[1] } } : {}),
    ...(spec.temperature !== undefined ? { temperature: spec.temperature } : {}),
    ...(spec.maxTokens !== undefined ? { maxTokens: spec.maxTokens } : {}),
    ...(spec.showReference !== undefined ? { showReference: spec.showReference } : {}),
  };
}
