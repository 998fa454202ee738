/**
 * The reference accuracy (`_get_accuracy`). Cases: spec 6.5, the upstream unit tests of
 * eval_utils_test.py restated, and trap cases checked against the upstream function.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MissingOptionError,
  referenceAccuracy,
  referenceAccuracyStrict,
  referenceOptionText,
} from '../../src/problems/instructions/grading/index.js';

type Case = [gold: string, prediction: string, inputText: string, includeAsCorrect: boolean, expected: 0 | 1];

function check(cases: readonly Case[]): void {
  for (const [gold, prediction, inputText, include, expected] of cases) {
    const where = inputText === '' ? 'no prompt' : JSON.stringify(inputText.slice(0, 40));
    test(`${gold} vs ${JSON.stringify(prediction)} (${where}, include=${include}) -> ${expected}`, () =>
      assert.equal(referenceAccuracy(gold, prediction, inputText, include), expected));
  }
}

const SUN = 'From which direction does the sun rise in the morning? (A) west (B) east (C) north (D) south';
const SPEC_MC = 'Options: (A) west (B) east (C) north (D) south';
const DUMMY = "This is a (dummy) question. (A) west (B) east west (C) north (D) south\nWhat's the answer in (A)(B)(C)(D)?";
const AQUA = "A train covers 60 km in 1 h. How far in 3 h?\n(A)120\n(B)150\n(C)180\n(D)200\n(E)240\nWhat's the answer in (A) (B) (C) (D) (E)?";

describe('spec 6.5 accuracy vectors', () => {
  check([
    ['(B)', '(b)', SPEC_MC, true, 1],
    ['(B)', 'east', SPEC_MC, true, 1],
    ['(B)', '(a) or (b)', SPEC_MC, true, 1], // substring credit
    ['(B)', '(a) or (b)', SPEC_MC, false, 0],
    ['Valid', 'invalid', '', true, 1], // substring credit
    ['No', 'false', '', true, 1],
    ['True', '1', '', true, 1],
    ['18', '18', '', false, 1],
    ['18', '18.0', '', false, 0],
    ['A', '(a)', AQUA, true, 1],
  ]);
});

describe('upstream eval_utils_test: accuracy of individuals', () => {
  check([
    ['(A)', 'a', '', false, 1],
    ['(A)', 'b', '', false, 0],
    ['(A)', '(a)', '', false, 1],
    ['(A)', '(b)', '', false, 0],
    ['(B)', 'east', SUN, false, 1],
    ['(B)', 'b/c! ', 'This is a dummy (x) question: (A) a/b$ (B) b/c! (C) c/d (D) d/a', false, 1],
    ['(B)', 'west', SUN, false, 0],
    ['(B)', 'b', SUN, false, 1],
    ['(B)', 'a', SUN, false, 0],
  ]);
});

describe('upstream eval_utils_test: get_accuracy', () => {
  check([
    ['B', '(b)', DUMMY, false, 1],
    ['Yes', ':yes', '', false, 1],
    ['Yes', 'yes', '', false, 1],
    ['True', 'true', '', false, 1],
    ['Yes', 'true', '', false, 1],
    ['Yes', 'false', '', false, 0],
    ['Yes', '1', '', false, 1],
    ['Invalid', 'true', '', false, 0],
    ['Invalid', 'false', '', false, 1],
    ['Invalid', '1', '', false, 0],
    ['B', '(a)', DUMMY, false, 0],
    ['B', 'east west', DUMMY, false, 1],
    ['A', 'west', DUMMY, false, 1],
    ['B', 'east west is reported', DUMMY, false, 1],
    ['A', 'west is reported', DUMMY, false, 1],
    ['A', ': west', DUMMY, false, 1],
    ['A', ': west is reported', DUMMY, false, 1],
    ['A', ': east', DUMMY, false, 0],
    ['B', 'west is reported', DUMMY, false, 0],
    ['A', 'east west is reported', DUMMY, false, 0],
  ]);
});

describe('upstream eval_utils_test: accuracy of a list (mean over decodes)', () => {
  const mean = (gold: string, predictions: string[], inputText: string): number =>
    predictions.reduce((sum, p) => sum + referenceAccuracy(gold, p, inputText), 0) / predictions.length;
  test('gold A over A, A, A, B is 0.75', () => assert.equal(mean('A', ['A', 'A', 'A', 'B'], ''), 0.75));
  test('gold (B) over A, east, b, (B), (D) is 0.6', () => assert.equal(mean('(B)', ['A', 'east', 'b', '(B)', '(D)'], SUN), 0.6));
});

describe('upstream eval_utils_test: option lookup', () => {
  test('the text of (E) is "northwest"', () =>
    assert.equal(referenceOptionText(`${SUN} (E) northwest`, '(E)'), 'northwest'));
  test('b, (c) and (D) sit at 1, 2 and 3', () => {
    const prompt = '(A) a (B) b (C) c (D) d';
    assert.deepEqual(['b', '(c)', '(D)'].map((symbol) => referenceOptionText(prompt, symbol)), ['b', 'c', 'd']);
  });
  test('"A:" also splits the prompt, shifting the option texts', () =>
    assert.equal(referenceOptionText('Plan A: go (A) left (B) right', '(A)'), 'go'));
});

describe('trap: substring membership in the alphabet', () => {
  check([
    // "" is "in" the alphabet, so it becomes "()", which equals option (B)'s text "()".
    ['(B)', '', '(A) x (B) () (C) y', false, 1],
    ['(B)', 'x', '(A) x (B) () (C) y', false, 0],
    // "ab" is a substring of the alphabet ("(ab)"); "ac" is not.
    ['(B)', 'ab', '(A) x (B) (ab) (C) y', false, 1],
    ['(B)', 'ac', '(A) x (B) (ac) (C) y', false, 0],
    ['(B)', '', SPEC_MC, true, 0],
    ['abc', 'abc', 'Options: (A) x', true, 0], // a non-letter gold with a prompt is always wrong
    ['abc', 'abc', '', false, 1],
  ]);
});

describe('trap: option texts and punctuation', () => {
  check([
    ['(B)', 'east.', SPEC_MC, false, 1],
    ['(B)', 'East!', 'Options: (A) west (B) east! (C) north (D) south', false, 1],
    ['(A)', 'west', 'Q: x (A) west\n(B) east\n\nA:', false, 1],
    ['(B)', 'west', '(A) (B) west (C) north', false, 1],
    // Option (A) has an empty text, which every prediction "contains".
    ['(A)', 'zzz', '(A) (B) west (C) north', false, 1],
    ['(C)', 'x north', '(A) (B) west (C) north', false, 0],
    ['(A)', 'foo', 'A: foo', false, 1],
    ['(a)', 'a', '', false, 1],
    ['True', ' true', '', false, 1],
    ['valid', '0', '', false, 0],
    ['No', '0', '', false, 1],
  ]);
});

describe('where the reference raises IndexError', () => {
  test('a gold letter without an option text grades 0 instead of throwing', () => {
    assert.equal(referenceAccuracy('(E)', '(e)', SPEC_MC, true), 0);
    assert.equal(referenceAccuracy('(A)', '(a)', 'no options here', true), 0);
  });
  test('the strict variant throws exactly there', () => {
    assert.throws(() => referenceAccuracyStrict('(E)', '(e)', SPEC_MC, true), MissingOptionError);
    assert.equal(referenceAccuracyStrict('(D)', '(d)', SPEC_MC, true), 1);
  });
});
