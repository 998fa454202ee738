import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstructionMetaPrompt } from '../../src/problems/instructions/meta-prompt.js';
import type { ScoredInstruction } from '../../src/problems/instructions/types.js';
import { BRACKET_FOOTER, BRACKET_HEADER, baseOptions } from './fixtures.js';

/** The scored-instructions block alone: bracket style, no exemplars. */
function pairsOf(history: ScoredInstruction[], overrides: Parameters<typeof baseOptions>[0] = {}): string {
  const text = renderInstructionMetaPrompt(baseOptions({ history, exemplars: [], ...overrides }));
  assert.ok(text.startsWith(BRACKET_HEADER) && text.endsWith(BRACKET_FOOTER));
  return text.slice(BRACKET_HEADER.length, text.length - BRACKET_FOOTER.length);
}

const pair = (instruction: string, score: string) => `\ntext:\n${instruction}\nscore:\n${score}\n`;
const entry = (instruction: string, score: number, step = 0): ScoredInstruction => ({ instruction, score, step });

describe('which past instructions are shown, and how', () => {
  test('top-K keeps the K best, best last', () => {
    const history = [entry('a', 0.5), entry('b', 0.9), entry('c', 0.1), entry('d', 0.7)];
    assert.equal(pairsOf(history, { maxInstructions: 2 }), pair('d', '70') + pair('b', '90'));
  });

  test('ties keep insertion order (stable sort), so the newest equal entry survives a cut', () => {
    const history = [entry('first', 0.5), entry('low', 0.2), entry('second', 0.5), entry('third', 0.5)];
    assert.equal(pairsOf(history), pair('low', '20') + pair('first', '50') + pair('second', '50') + pair('third', '50'));
    assert.equal(pairsOf(history, { maxInstructions: 2 }), pair('second', '50') + pair('third', '50'));
  });

  test('threshold 0 shows everything; 0.3 hides lower scores (after the top-K cut)', () => {
    const history = [entry('a', 0), entry('b', 0.29), entry('c', 0.3), entry('d', 0.8)];
    assert.equal(pairsOf(history, { scoreThreshold: 0 }), pair('a', '0') + pair('b', '29') + pair('c', '30') + pair('d', '80'));
    assert.equal(pairsOf(history, { scoreThreshold: 0.3 }), pair('c', '30') + pair('d', '80'));
    // The cut happens first: the top 3 are b, c, d, then b is filtered out.
    assert.equal(pairsOf(history, { scoreThreshold: 0.3, maxInstructions: 3 }), pair('c', '30') + pair('d', '80'));
  });

  test('maxInstructions 0 behaves like the Python slice [-0:] (everything)', () => {
    const history = [entry('a', 0.1), entry('b', 0.2)];
    assert.equal(pairsOf(history, { maxInstructions: 0 }), pair('a', '10') + pair('b', '20'));
  });

  test('buckets round half to even on the exact product', () => {
    const history = [entry('a', 0.125), entry('b', 0.135), entry('c', 0.145), entry('d', 1)];
    // 0.125*100 = 12.5 -> 12; 0.135*100 = 13.5 -> 14; 0.145*100 = 14.499999999999998 -> 14.
    assert.equal(pairsOf(history), pair('a', '12') + pair('b', '14') + pair('c', '14') + pair('d', '100'));
    assert.equal(pairsOf([entry('x', 0.125)], { scoreBuckets: 20 }), pair('x', '2'));
  });

  test('null buckets print round(score, 3) as Python prints floats', () => {
    const history = [entry('a', 0), entry('b', 0.0625), entry('c', 0.5), entry('d', 0.6667), entry('e', 1)];
    assert.equal(
      pairsOf(history, { scoreBuckets: null }),
      pair('a', '0.0') + pair('b', '0.062') + pair('c', '0.5') + pair('d', '0.667') + pair('e', '1.0'),
    );
  });

  test('bucketizing a score outside [0, 1] throws, like the reference', () => {
    assert.throws(() => pairsOf([entry('a', 1.5)]), /Cannot bucketize score 1.5/);
    assert.throws(() => pairsOf([entry('a', Number.NaN)], { scoreBuckets: null }), /is not a number/);
    assert.throws(() => pairsOf([entry('a', 0.5)], { scoreBuckets: 2.5 }), /scoreBuckets must be a positive integer or null/);
  });

  test('answers print like Python str(): ints without .0, floats as repr, strings verbatim', () => {
    const text = renderInstructionMetaPrompt(
      baseOptions({
        exemplars: [
          { question: 'q', answer: 72 },
          { question: 'q', answer: -5 },
          { question: 'q', answer: 2.5 },
          { question: 'q', answer: 1e-7 },
          { question: 'q', answer: 'valid' },
        ],
      }),
    );
    const answers = [...text.matchAll(/output:\n(.*)\n/g)].map((match) => match[1]);
    assert.deepEqual(answers, ['72', '-5', '2.5', '1e-07', 'valid']);
  });

  test('the input history is not reordered in place', () => {
    const history = [entry('b', 0.9), entry('a', 0.1)];
    pairsOf(history);
    assert.deepEqual(history.map((item) => item.instruction), ['b', 'a']);
  });
});
