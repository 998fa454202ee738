/** The fixed grader (default mode): each reference quirk it corrects, and what it still accepts. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeAnswer, parseChoiceOptions, type AnswerType } from '../../src/problems/instructions/grading/index.js';

const SPEC_MC = 'Options: (A) west (B) east (C) north (D) south';
const DUMMY = "This is a (dummy) question. (A) west (B) east west (C) north (D) south\nWhat's the answer in (A)(B)(C)(D)?";

function fixed(output: string, target: string | number, answerType: AnswerType, prompt?: string) {
  return gradeAnswer({ output, target, answerType, prompt });
}

describe('fixed is the default mode', () => {
  test('omitting mode grades like mode "fixed", unlike mode "reference"', () => {
    const input = { output: 'Answer: 18', target: 18, answerType: 'number' as const };
    assert.deepEqual(gradeAnswer(input), gradeAnswer({ ...input, mode: 'fixed' }));
    assert.notDeepEqual(gradeAnswer(input), gradeAnswer({ ...input, mode: 'reference' }));
  });
});

describe('numbers', () => {
  const cases: Array<[string, string | number, string, boolean]> = [
    ['The answer is 18.', 18, '18', true],
    ['Answer: 18', 18, '18', true], // case-insensitive marker
    ['ANSWER IS 18', 18, '18', true],
    ['The final answer is 18.0', 18, '18', true], // numeric comparison
    ['The final answer is $18.50.', 18, '18.5', false], // no rounding to an integer
    ['The answer is 0.5', 0, '0.5', false],
    ['The answer is .5', '0.5', '0.5', true],
    ['The answer is eighteen.', 18, '18', true], // whole-word number words
    ['there are twenty one', 21, '21', true],
    ['there are twenty-one', 21, '21', true],
    ['someone bought 3 pens', 3, '3', true], // "someone" untouched
    ['Total: 2,125 apples', 2125, '2125', true], // thousands separator understood
    ['So she makes $1,080 in total.', '1,080', '1080', true],
    ['She makes 9 * 2 = $18 every day.', 18, '18', true],
    ['18 is the answer.', 18, '18', true],
    ['The result is -5', -5, '-5', true],
    ['Step 1: 9-5 = 4.\nSo 4 apples', 4, '4', true], // "9-5" is not minus five
    ['It costs 156kgs', 156, '156', true],
    ['#### 72', 72, '72', true],
    ['The answer is: 42\nQ: What is 7 + 7?', 42, '42', true], // the next question is cut
    ['The answer is 5, not 7.', 5, '5', true], // first number after the marker
    ['We add 3 and 4 to get 7', 7, '7', true], // no marker: the last number
    ['I cannot tell.', 18, '', false],
  ];
  for (const [output, target, prediction, correct] of cases) {
    test(`${JSON.stringify(output)} vs ${target}`, () => assert.deepEqual(fixed(output, target, 'number'), { prediction, correct }));
  }
  test('a numeric gold that is not a number is compared as text', () =>
    assert.deepEqual(fixed('The answer is unknown.', 'Unknown', 'number'), { prediction: 'unknown', correct: true }));
});

describe('\\boxed{} answers', () => {
  test('the last boxed content wins, with balanced braces', () => {
    assert.deepEqual(fixed('First \\boxed{3}, finally \\boxed{7}. The answer is 3', 7, 'number'), { prediction: '7', correct: true });
    assert.deepEqual(fixed('\\boxed{\\text{(B)}}', '(B)', 'choice', SPEC_MC), { prediction: '(B)', correct: true });
    assert.deepEqual(fixed('So \\boxed{Yes}', 'Yes', 'boolean'), { prediction: 'yes', correct: true });
  });
});

describe('booleans: whole words, compared by meaning', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['The argument is invalid.', 'valid', 'invalid', false], // no substring credit
    ['The argument is invalid.', 'invalid', 'invalid', true],
    ['True', 'True', 'true', true],
    ['The answer is False.', 'False', 'false', true],
    ['1', 'True', 'true', true],
    ['0', 'True', 'false', false],
    ['So the answer is Yes.', 'Yes', 'yes', true],
    ['So the answer is true.', 'Yes', 'true', true], // same meaning as gold "Yes"
    ['not True is False. So the result is False', 'False', 'false', true], // no marker: the last word
    ['It is untrue and unknowable', 'True', '', false],
    ['The argument is not valid.', 'valid', 'invalid', false], // a negated word means its opposite
    ['The argument is not valid.', 'invalid', 'invalid', true],
    ['Evaluating the last step gives not False', 'True', 'true', true],
  ];
  for (const [output, target, prediction, correct] of cases) {
    test(`${JSON.stringify(output)} vs ${target}`, () => assert.deepEqual(fixed(output, target, 'boolean'), { prediction, correct }));
  }
});

describe('multiple choice: one letter or one option text', () => {
  const cases: Array<[string, string, string, string, boolean]> = [
    ['(A)', '(A)', SPEC_MC, '(A)', true],
    ['The answer is (B).', '(B)', SPEC_MC, '(B)', true],
    ['(B) east', '(B)', SPEC_MC, '(B)', true],
    ['B', '(B)', SPEC_MC, '(B)', true],
    ['So the answer is C', 'C', '', '(C)', true], // a bare letter works without a prompt
    ['The answer is east.', '(B)', SPEC_MC, '(B)', true], // the option text
    ['The answer is (A) or (B)', '(B)', SPEC_MC, '', false], // two options named: none chosen
    ['The answer is northeast', '(B)', SPEC_MC, '', false], // whole words only
    ['The answer is east or west', '(B)', SPEC_MC, '', false],
    ['The answer is east west.', 'B', DUMMY, '(B)', true], // "west" inside the longer option is not a second answer
    ['The answer is west.', 'A', DUMMY, '(A)', true],
    ['The answer is (E).', '(E)', SPEC_MC, '', false], // no such option: wrong, no crash
    ['east', '(B)', SPEC_MC, '(B)', true],
    ['I like east, west and north.', '(B)', SPEC_MC, '', false], // unmarked and not an option text
  ];
  for (const [output, target, prompt, prediction, correct] of cases) {
    test(`${JSON.stringify(output)} vs ${target}`, () =>
      assert.deepEqual(fixed(output, target, 'choice', prompt), { prediction, correct }));
  }
  test('options are read forward, so a trailing "answer in (A) (B)" line does not erase their texts', () => {
    const aqua = "How far?\n(A)120 km\n(B)150 km\nWhat's the answer in (A) (B)?";
    assert.deepEqual(parseChoiceOptions(aqua), [
      { letter: 'A', text: '120 km' },
      { letter: 'B', text: '150 km' },
    ]);
    assert.deepEqual(fixed('The answer is 150 km.', 'B', 'choice', aqua), { prediction: '(B)', correct: true });
  });
});

describe('free-form text: trimmed, whitespace-normalized, case-folded equality', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['The sorted list is: apple banana cherry', 'apple banana cherry', 'apple banana cherry', true],
    ['The answer is [ ] ).', '[ ] )', '[ ] )', true],
    ['The answer is   Apple  Banana.', 'apple banana', 'apple banana', true],
    ['The answer is **) ]**', ') ]', ') ]', true],
    ['apple\nbanana\ncherry', 'apple banana cherry', 'apple banana cherry', true],
    ['apple banana cherry date', 'apple banana cherry', 'apple banana cherry date', false], // no substring credit
  ];
  for (const [output, target, prediction, correct] of cases) {
    test(`${JSON.stringify(output)} vs ${JSON.stringify(target)}`, () =>
      assert.deepEqual(fixed(output, target, 'text'), { prediction, correct }));
  }
});
