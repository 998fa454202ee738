/**
 * Where a check finds what it compares with: a literal `value`, a dataset `field`, or by default
 * the example's gold answer.
 */
import type { MetricExample } from './types.js';

export interface ExpectedSource {
  value?: string | number | boolean | null | undefined;
  field?: string | undefined;
}

export type ExpectedResult = { ok: true; value: string } | { ok: false; reason: string };

export function expectedText(source: ExpectedSource, example: MetricExample): ExpectedResult {
  if (source.value !== undefined && source.value !== null) return { ok: true, value: String(source.value) };
  if (source.field !== undefined) {
    const value = example.fields[source.field];
    if (value === undefined) return { ok: false, reason: `example ${example.index} has no field '${source.field}'` };
    return { ok: true, value };
  }
  return { ok: true, value: example.target };
}
