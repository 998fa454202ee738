/**
 * A metric spec in a few words, for report headers, `opro runs show` and the export card:
 * `judge (rubric.md, scale 1-5) 0.8 + max-length 80 words 0.2`. Reports use it to say what a
 * score is, and whether it is an accuracy (the paper's answer grading) or a mean score.
 */
import { basename } from 'node:path';
import type { MetricSpec } from './spec.js';

/** What a run's figures are: named in the report header, and "accuracy" or "score" in its columns. */
export interface MetricLabel {
  description: string;
  /** True for the paper's answer grading (a share of correct answers); false for any other metric. */
  accuracy: boolean;
}

const QUOTE_MAX = 30;
const quote = (text: string): string => JSON.stringify(text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text);

function expected(spec: { value?: unknown; field?: string | undefined }): string {
  if (spec.field !== undefined) return `{{${spec.field}}}`;
  if (spec.value !== undefined) return typeof spec.value === 'string' ? quote(spec.value) : JSON.stringify(spec.value);
  return 'the target';
}

/** Shares as the weighting really applies them (weights 2 and 1 are 0.67 and 0.33). */
const share = (weight: number, total: number): string => String(Number((weight / total).toFixed(2)));

export function describeMetric(spec: MetricSpec): string {
  switch (spec.type) {
    case 'answer':
      return `answer (${spec.answerType ? `${spec.answerType}, ` : ''}${spec.mode ?? 'fixed'} grading)`;
    case 'contains':
    case 'not-contains':
      return `${spec.type} ${expected(spec)}`;
    case 'regex':
      return `${spec.negate ? 'not ' : ''}regex /${spec.pattern.length > QUOTE_MAX ? `${spec.pattern.slice(0, QUOTE_MAX - 1)}…` : spec.pattern}/${spec.flags ?? ''}`;
    case 'numeric':
      return `numeric ${expected(spec)}${spec.tolerance ? ` ±${spec.tolerance}${spec.relative ? ' relative' : ''}` : ''}`;
    case 'json-field':
      return `json-field ${spec.pointer || '(whole document)'} = ${expected(spec)}`;
    case 'json-schema':
      return spec.schemaFile ? `json-schema (${basename(spec.schemaFile)})` : 'json-schema';
    case 'token-f1':
      return `token-f1 vs ${expected(spec)}`;
    case 'max-length':
      return `max-length ${spec.max} ${spec.unit ?? 'chars'}`;
    case 'js':
      return `js (${basename(spec.module)})`;
    case 'judge': {
      const rubric = spec.rubricFile ? basename(spec.rubricFile) : 'inline rubric';
      return `judge (${rubric}${spec.scale ? `, scale ${spec.scale[0]}-${spec.scale[1]}` : ''})`;
    }
    case 'weighted': {
      const total = spec.parts.reduce((sum, part) => sum + part.weight, 0);
      return spec.parts
        .map((part) => {
          const inner = describeMetric(part.metric);
          return `${part.metric.type === 'weighted' ? `(${inner})` : inner} ${share(part.weight, total)}`;
        })
        .join(' + ');
    }
  }
}

export function metricLabel(spec: MetricSpec): MetricLabel {
  return { description: describeMetric(spec), accuracy: spec.type === 'answer' };
}

/** A task's label: the one its spec gave, else its metric's name (a library user's own TaskScoring). */
export function taskMetricLabel(task: { metric: { name: string }; label?: MetricLabel }): MetricLabel {
  return task.label ?? { description: task.metric.name, accuracy: task.metric.name === 'answer' };
}
