/**
 * Checks on the output text: contains / not-contains, a regular expression, a maximum length and
 * token F1 against the expected text (SQuAD-style normalisation).
 */
import { expectedText, type ExpectedSource } from './expected-value.js';
import { check, failedMetric, passed, quoteShort, type Metric } from './types.js';

export interface ContainsOptions extends ExpectedSource {
  /** Default false: compare without regard to case. */
  caseSensitive?: boolean | undefined;
}

function includesText(output: string, expected: string, caseSensitive: boolean): boolean {
  return caseSensitive ? output.includes(expected) : output.toLowerCase().includes(expected.toLowerCase());
}

export function containsMetric(options: ContainsOptions, negate: boolean): Metric {
  const caseSensitive = options.caseSensitive ?? false;
  return {
    name: negate ? 'not-contains' : 'contains',
    async score(output, example) {
      const expected = expectedText(options, example);
      if (!expected.ok) return failedMetric(expected.reason);
      // An empty needle is contained in everything: refuse it rather than grade every output correct.
      if (expected.value === '') return failedMetric(`the text to look for is empty for example ${example.index}`);
      const found = includesText(output, expected.value, caseSensitive);
      return negate
        ? check(!found, `the output contains ${quoteShort(expected.value)}, which it must not`)
        : check(found, `the output does not contain ${quoteShort(expected.value)}`);
    },
  };
}

export interface RegexOptions {
  pattern: string;
  flags?: string | undefined;
  /** Default false: the output must match. True: it must not. */
  negate?: boolean | undefined;
}

/** Throws for an invalid pattern (checked when the task file is read). */
export function regexMetric(options: RegexOptions): Metric {
  const expression = new RegExp(options.pattern, (options.flags ?? '').replace(/g|y/g, ''));
  const negate = options.negate ?? false;
  return {
    name: 'regex',
    async score(output) {
      const matches = expression.test(output);
      return negate
        ? check(!matches, `the output matches /${options.pattern}/, which it must not`)
        : check(matches, `the output does not match /${options.pattern}/`);
    },
  };
}

export interface MaxLengthOptions {
  max: number;
  unit?: 'chars' | 'words' | undefined;
}

export function countLength(text: string, unit: 'chars' | 'words'): number {
  if (unit === 'chars') return [...text.trim()].length;
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

export function maxLengthMetric(options: MaxLengthOptions): Metric {
  const unit = options.unit ?? 'chars';
  return {
    name: 'max-length',
    async score(output) {
      const length = countLength(output, unit);
      return check(length <= options.max, `the output is ${length} ${unit} long; the limit is ${options.max}`);
    },
  };
}

const ARTICLES = new Set(['a', 'an', 'the']);

/** SQuAD's normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizedTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/)
    .filter((token) => token !== '' && !ARTICLES.has(token));
}

/** Harmonic mean of token precision and recall (bag of tokens, counted with multiplicity). */
export function tokenF1(prediction: string, reference: string): number {
  const predicted = normalizedTokens(prediction);
  const gold = normalizedTokens(reference);
  if (predicted.length === 0 || gold.length === 0) return predicted.length === gold.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const token of gold) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = remaining.get(token) ?? 0;
    if (left > 0) {
      common += 1;
      remaining.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

export function tokenF1Metric(options: ExpectedSource): Metric {
  return {
    name: 'token-f1',
    async score(output, example) {
      const expected = expectedText(options, example);
      if (!expected.ok) return failedMetric(expected.reason);
      const f1 = tokenF1(output, expected.value);
      return f1 === 1 ? passed(1) : passed(f1, `token F1 ${f1.toFixed(2)} against ${quoteShort(expected.value)}`);
    },
  };
}
