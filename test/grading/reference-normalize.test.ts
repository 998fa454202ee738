/**
 * The reference normalizer plus the reference clean-up. Expected values are the outputs of the upstream
 * Python (spec 6.5 vectors, and our own trap cases checked against the upstream functions).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanReferenceAnswer, normalizePrediction } from '../../src/problems/instructions/grading/index.js';

type Case = [input: string, expected: string];

function numeric(text: string, numDecimals = 0): string {
  return cleanReferenceAnswer(normalizePrediction(text, { treatAsNumber: true, numDecimals }));
}
function plain(text: string): string {
  return cleanReferenceAnswer(normalizePrediction(text, { treatAsNumber: false }));
}
function boolean(text: string): string {
  return cleanReferenceAnswer(normalizePrediction(text, { treatAsNumber: false, treatAsBool: true }));
}
function check(parse: (text: string) => string, cases: readonly Case[]): void {
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => assert.equal(parse(input), expected));
  }
}

describe('spec 6.5 numeric vectors', () => {
  check(numeric, [
    ['The answer is 18.', '18'],
    ['Answer: 18', ''], // capital "Answer: " is not a primary marker; "answer" then loses its letters
    ['answer: 18', '18'],
    ['She makes 9 * 2 = $18 every day.', '18'],
    ['So she makes $1,080 in total.', '1080'],
    ['The final answer is $18.50.', '18'], // half-even rounding
    ['Therefore, the total is 3.5 hours', '4'],
    ['The answer is 0.5', '0'],
    ['18 is the answer.', '18'],
    ['The answer is eighteen.', '8'], // "eight" is replaced inside "eighteen"
    ['The answer is: 42\nQ: next question', '42'],
    ['x = 7', '7'],
    ['It costs 156kgs', '156'],
    ['The result is -5', '-5'],
    ['Total: 2,125 apples', ''], // cut before the first ":"
    ['there are twenty one', '1'],
    ['#### 72', '72'],
  ]);
});

describe('spec 6.5 multiple-choice strings', () => {
  check(plain, [
    ['(A)', '(a)'],
    ['The answer is (B).', '(b)'],
    ['(B) east', '(b)'],
    ['B', 'b'],
    ['So the answer is (C) north.', '(c)'],
    ['The answer is east.', 'east'],
    ['The answer is (A) or (B)', '(a) or (b)'],
  ]);
});

describe('spec 6.5 boolean vectors', () => {
  check(boolean, [
    ['True', 'true'],
    ['The answer is False.', 'false'],
    ['1', 'true'],
    ['0', 'false'],
    ['The argument is invalid.', 'the argument is invalid'],
    ['So the answer is Yes.', 'yes'],
  ]);
});

describe('spec 6.5 free-form vectors', () => {
  check(plain, [
    ['The sorted list is: apple banana cherry', 'apple banana cherry'],
    ['The answer is [ ] ).', '[ ] )'],
  ]);
});

describe('trap: Python whitespace and strip', () => {
  check(numeric, [['\u001c18\u001c', '18']]);
  check(plain, [
    ['\u0085apple\u0085', 'apple'],
    ['\ufeffapple', '\ufeffapple'], // Python does not strip U+FEFF
  ]);
});

describe("trap: ''.isalpha() is False, so an empty token from a double space is picked", () => {
  check(numeric, [['The total is 5  apples', '']]);
});

describe('trap: code points (astral letters and emoji are one character)', () => {
  check(numeric, [
    ['It weighs 5\u{1d400}', '5'],
    ['The answer is 5\u{1f600}', '5'],
  ]);
});

describe('trap: Python float() syntax', () => {
  check(numeric, [
    ['The answer is 1_000', '1000'],
    ['The answer is 1__000', '000'], // not a float: the last digit run is kept
    ['The answer is \u0661\u0662', '12'],
    ['The answer is \uff11\uff12.5', '12'],
    ['The answer is 1e3', '1000'],
    ['The answer is 1e400', 'inf'],
    // float() strips only ASCII spaces and maps other Unicode spaces to ' ': U+001C makes it fail and the
    // last digit run is kept, while U+0085 is ignored and 1.5 rounds to 2.
    ['The answer is 1.5\u001c kg', '5'],
    ['The answer is 1.5\u0085 kg', '2'],
  ]);
});

describe('trap: half-even rounding of the exact binary value, -0, huge values', () => {
  check(numeric, [
    ['The answer is 2.5', '2'],
    ['The answer is 3.5', '4'],
    ['The answer is -0.4', '-0'],
    ['The answer is 12345678901234567890', '12345678901234567168'],
  ]);
  test('2.675 with two decimals is 2.67 (2.675 is stored below the half)', () => assert.equal(numeric('The answer is 2.675', 2), '2.67'));
});

describe('trap: regex dot', () => {
  // Python's "." matches "\r" and U+2028; only "\n" stops it.
  check(plain, [['(x\ry) so (b)', '(x\ry)']]);
  check(numeric, [
    ['the answer is 5\u20286', '6'],
    ['the answer is 5\n6', '5'],
  ]);
});

describe('trap: number words are replaced as substrings', () => {
  check(numeric, [
    ['someone', '1'],
    ['The answer is seventeen', '7'],
    ['It is 823-yard', '823'],
  ]);
});

describe('markers: order, case, next question, solution cut', () => {
  check(numeric, [
    ['THE ANSWER IS 7', '7'], // lower-cased text, but the original holds no case-sensitive "answer is "
    ['Question: what? The answer is 5', ''],
    ['Frage: x\nThe answer is 5', ''],
    ['5 \u554f\u984c\uff1a 7', '5'],
    ['Step-by-Step Answer: 5 then #### 7', '7'],
    ['#### 7 then Step-by-Step Answer: 5', '5'], // the step-by-step markers are tried before "#### "
    ['The answer is 5. this is the solution: 7', '5'],
    ['x = 3 = 4 kg', '4'],
    ['\u00a35,000.50 total', '5000'],
    ['The answer is -', ''],
    ['', ''],
  ]);
  check(plain, [
    ["'the answer is (c)'.", '(c)'],
    ['The answer is (A) and (B)', '(a) and (b)'],
    ['The answers are: east', 'east'],
    ['answer is: apple\n\nmore', 'apple'],
    ['The answer is \u0130stanbul', 'i\u0307stanbul'], // Unicode lower-casing of dotted capital I
  ]);
  check(boolean, [
    ['Answer: True', 'answer true'],
    ['answer: 1.', 'true'],
    ['It is 0', 'false'],
    [':\n\n: yes', 'yes'],
    ['', ''],
  ]);
});

describe('options', () => {
  test('rejects a negative or fractional number of decimals', () => {
    assert.throws(() => normalizePrediction('1', { treatAsNumber: true, numDecimals: -1 }), RangeError);
    assert.throws(() => normalizePrediction('1', { treatAsNumber: true, numDecimals: 0.5 }), RangeError);
  });
});
