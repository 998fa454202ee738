/** gradeAnswer in reference mode: normalize, clean up, then the reference accuracy. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gradeAnswer, type AnswerType } from '../../src/problems/instructions/grading/index.js';

const SPEC_MC = 'Options: (A) west (B) east (C) north (D) south';

function reference(output: string, target: string | number, answerType: AnswerType, prompt?: string) {
  return gradeAnswer({ output, target, answerType, prompt, mode: 'reference' });
}

describe('reference mode pipeline', () => {
  test('numeric tasks compare exactly, without substring credit', () => {
    assert.deepEqual(reference('The final answer is $18.50.', 18, 'number'), { prediction: '18', correct: true });
    assert.deepEqual(reference('The answer is 118', 18, 'number'), { prediction: '118', correct: false });
    assert.deepEqual(reference('Answer: 18', '18', 'number'), { prediction: '', correct: false });
    assert.deepEqual(reference('The answer is eighteen.', 18, 'number'), { prediction: '8', correct: false });
  });
  test('a numeric gold is printed as Python str() prints an int', () => {
    assert.equal(reference('The answer is 39', 39, 'number').correct, true);
    assert.equal(reference('The answer is 39', 39.0, 'number').correct, true);
    assert.equal(reference('The answer is -7', -7, 'number').correct, true);
  });
  test('boolean tasks get substring credit ("invalid" contains "valid")', () => {
    assert.deepEqual(reference('The argument is invalid.', 'valid', 'boolean'), {
      prediction: 'the argument is invalid',
      correct: true,
    });
    assert.deepEqual(reference('1', 'True', 'boolean'), { prediction: 'true', correct: true });
    assert.deepEqual(reference('So the answer is No.', 'Yes', 'boolean'), { prediction: 'no', correct: false });
  });
  test('choice uses the prompt for option texts and gives substring credit', () => {
    assert.deepEqual(reference('The answer is east.', '(B)', 'choice', SPEC_MC), { prediction: 'east', correct: true });
    assert.deepEqual(reference('The answer is (A) or (B)', '(B)', 'choice', SPEC_MC), {
      prediction: '(a) or (b)',
      correct: true,
    });
    assert.deepEqual(reference('The answer is west.', '(B)', 'choice', SPEC_MC), { prediction: 'west', correct: false });
  });
  test('choice without a prompt has no option texts', () => {
    assert.deepEqual(reference('The answer is east.', '(B)', 'choice'), { prediction: 'east', correct: false });
    assert.deepEqual(reference('The answer is E.', 'E', 'choice'), { prediction: 'e', correct: true });
  });
  test('the prompt is ignored for other answer types', () => {
    assert.deepEqual(reference('(a) west', '(A)', 'text', SPEC_MC), reference('(a) west', '(A)', 'text'));
  });
  test('a gold letter with no option in the prompt is graded wrong, not thrown', () => {
    assert.deepEqual(reference('The answer is (E).', '(E)', 'choice', SPEC_MC), { prediction: '(e)', correct: false });
  });
  test('free-form answers get substring credit too', () => {
    assert.deepEqual(reference('The answer is [ ] ).', '[ ] )', 'text'), { prediction: '[ ] )', correct: true });
    assert.equal(reference('apple banana cherry date', 'apple banana cherry', 'text').correct, true);
  });
  test('the clean-up keeps the first line and strips colons', () => {
    assert.deepEqual(reference('The sorted list is: apple banana\ncherry', 'apple banana', 'text'), {
      prediction: 'apple banana',
      correct: true,
    });
  });
});

describe('input validation', () => {
  test('unknown answer types and modes are rejected', () => {
    assert.throws(() => gradeAnswer({ output: '1', target: '1', answerType: 'numeric' as AnswerType }), TypeError);
    assert.throws(() => gradeAnswer({ output: '1', target: '1', answerType: 'number', mode: 'strict' as 'fixed' }), TypeError);
  });
});
