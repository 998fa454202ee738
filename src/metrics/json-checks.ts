/**
 * Checks on JSON output: one field (a JSON Pointer) equal to the expected value, and validity
 * against a JSON Schema (ajv, draft 2020-12 and draft-07 keywords).
 */
import { Ajv, type ErrorObject } from 'ajv';
import { canonicalJson } from '../models/wrappers/call-key.js';
import { expectedText, type ExpectedSource } from './expected-value.js';
import { isJsonPointer, readJsonOutput, resolvePointer } from './json-output.js';
import { check, failedMetric, quoteShort, type Metric } from './types.js';

export interface JsonFieldOptions {
  pointer: string;
  /** Any JSON value to compare with; else `field`, else the gold answer (as text). */
  value?: unknown;
  field?: string | undefined;
  caseSensitive?: boolean | undefined;
}

/** A field value compared with expected text: strings as text, anything else by its JSON form. */
function matchesText(actual: unknown, expected: string, caseSensitive: boolean): boolean {
  const actualText = typeof actual === 'string' ? actual.trim() : JSON.stringify(actual);
  const want = expected.trim();
  if (caseSensitive ? actualText === want : actualText.toLowerCase() === want.toLowerCase()) return true;
  // '{"a": 1}' in a CSV column equals the object {a: 1}.
  try {
    return canonicalJson(JSON.parse(want)) === canonicalJson(actual);
  } catch {
    return false;
  }
}

export function jsonFieldMetric(options: JsonFieldOptions): Metric {
  if (!isJsonPointer(options.pointer)) throw new Error(`'${options.pointer}' is not a JSON Pointer (e.g. /label or /items/0/name)`);
  const caseSensitive = options.caseSensitive ?? true;
  return {
    name: 'json-field',
    async score(output, example) {
      const read = readJsonOutput(output);
      if (!read.ok) return { ok: true, score: 0, feedback: `${read.reason}, so ${options.pointer} could not be read` };
      const resolved = resolvePointer(read.value, options.pointer);
      if (!resolved.found) return { ok: true, score: 0, feedback: `the output JSON has no ${options.pointer}` };
      if (options.value !== undefined) {
        const same = canonicalJson(resolved.value) === canonicalJson(options.value);
        return check(same, `${options.pointer} is ${quoteShort(JSON.stringify(resolved.value))}, expected ${quoteShort(JSON.stringify(options.value))}`);
      }
      const source: ExpectedSource = options.field !== undefined ? { field: options.field } : {};
      const expected = expectedText(source, example);
      if (!expected.ok) return failedMetric(expected.reason);
      return check(
        matchesText(resolved.value, expected.value, caseSensitive),
        `${options.pointer} is ${quoteShort(JSON.stringify(resolved.value))}, expected ${quoteShort(expected.value)}`,
      );
    },
  };
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const first = (errors ?? []).slice(0, 3).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
  return first.join('; ');
}

/** Throws for a schema ajv cannot compile (checked when the task file is read). */
export function jsonSchemaMetric(schema: Record<string, unknown>): Metric {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return {
    name: 'json-schema',
    async score(output) {
      const read = readJsonOutput(output);
      if (!read.ok) return { ok: true, score: 0, feedback: read.reason };
      const valid = validate(read.value);
      return check(valid === true, `the output JSON breaks the schema: ${describeErrors(validate.errors)}`);
    },
  };
}
