/** A number in the output within a tolerance of the expected number (absolute or relative). */
import { expectedText, type ExpectedSource } from './expected-value.js';
import { check, failedMetric, type Metric } from './types.js';

export interface NumericOptions extends ExpectedSource {
  /** Default 0: exact. */
  tolerance?: number | undefined;
  /** Default false: the tolerance is absolute. True: a fraction of the expected value. */
  relative?: boolean | undefined;
}

/** Signed decimals and scientific notation; thousands separators are removed first. */
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** The last number in the text (reasoning usually ends with the answer), or null. */
export function lastNumber(text: string): number | null {
  const withoutSeparators = text.replace(/(\d),(?=\d{3}\b)/g, '$1');
  const matches = withoutSeparators.match(NUMBER);
  const last = matches?.at(-1);
  if (last === undefined) return null;
  const value = Number(last);
  return Number.isFinite(value) ? value : null;
}

export function numericMetric(options: NumericOptions): Metric {
  const tolerance = options.tolerance ?? 0;
  return {
    name: 'numeric',
    async score(output, example) {
      const expected = expectedText(options, example);
      if (!expected.ok) return failedMetric(expected.reason);
      const want = lastNumber(expected.value);
      if (want === null) return failedMetric(`the expected value ${JSON.stringify(expected.value)} of example ${example.index} is not a number`);
      const got = lastNumber(output);
      if (got === null) return { ok: true, score: 0, feedback: `the output has no number; expected ${want}` };
      const allowed = options.relative ? tolerance * Math.abs(want) : tolerance;
      // A small epsilon so 0.1 + 0.2 is within 0 of 0.3.
      const within = Math.abs(got - want) <= allowed + 1e-9 * Math.max(1, Math.abs(want));
      return check(within, `the output's number ${got} is off from ${want} by ${Math.abs(got - want)} (allowed ${allowed})`);
    },
  };
}
