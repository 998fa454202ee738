/**
 * `type: js`: the user's own metric, the default export of a module:
 * `(output, example) => number | { score, feedback }`, sync or async. A throw or a bad return value
 * is a failed evaluation carrying the reason, never a zero score.
 */
import { pathToFileURL } from 'node:url';
import { failedMetric, type Metric, type MetricExample, type MetricResult } from './types.js';

/** The example as the user's function receives it: its fields, plus index, target and prompt. */
export interface JsMetricExample extends Record<string, unknown> {
  index: number;
  target: string;
  prompt: string;
  fields: Readonly<Record<string, string>>;
}

export type UserMetricFunction = (output: string, example: JsMetricExample) => unknown;

export class MetricSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricSetupError';
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return typeof value;
  }
}

const RETURN_SHAPE = 'a number in [0, 1] or { score, feedback? }';

/** Check what the user's function returned. */
export function readMetricReturn(value: unknown): MetricResult {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0 && value <= 1) return { ok: true, score: value };
    return failedMetric(`the metric returned ${describeValue(value)}; expected ${RETURN_SHAPE}`);
  }
  if (typeof value === 'boolean') return { ok: true, score: value ? 1 : 0 };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { score, feedback } = value as { score?: unknown; feedback?: unknown };
    const scored = typeof score === 'boolean' ? (score ? 1 : 0) : score;
    if (typeof scored !== 'number' || !Number.isFinite(scored) || scored < 0 || scored > 1) {
      return failedMetric(`the metric returned score ${describeValue(score)}; expected ${RETURN_SHAPE}`);
    }
    if (feedback !== undefined && feedback !== null && typeof feedback !== 'string') {
      return failedMetric(`the metric returned feedback of type ${typeof feedback}; expected a string`);
    }
    return typeof feedback === 'string' && feedback !== '' ? { ok: true, score: scored, feedback } : { ok: true, score: scored };
  }
  return failedMetric(`the metric returned ${describeValue(value)}; expected ${RETURN_SHAPE}`);
}

function jsExample(example: MetricExample): JsMetricExample {
  return { ...example.fields, index: example.index, target: example.target, prompt: example.prompt, fields: example.fields };
}

/** Wrap a function as a metric (also how library users pass one directly). */
export function functionMetric(fn: UserMetricFunction, name = 'js'): Metric {
  return {
    name,
    async score(output, example) {
      try {
        return readMetricReturn(await fn(output, jsExample(example)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return failedMetric(`the metric threw: ${message}`);
      }
    },
  };
}

/** Import the module (an absolute path) and check it has a default-exported function. */
export async function loadJsMetric(modulePath: string): Promise<Metric> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(modulePath).href)) as { default?: unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new MetricSetupError(`cannot load the metric module ${modulePath}: ${message}`);
  }
  if (typeof loaded.default !== 'function') {
    throw new MetricSetupError(`the metric module ${modulePath} must export a function as its default export: export default (output, example) => score`);
  }
  return functionMetric(loaded.default as UserMetricFunction, 'js');
}
