import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractBracketed, parsePairReply, parsePythonFloat } from '../../src/problems/linear-regression/parse.js';

function solution(reply: string): { w: number; b: number } | null {
  const parsed = parsePairReply(reply);
  return parsed.ok ? parsed.solution : null;
}

function reason(reply: string): string {
  const parsed = parsePairReply(reply);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(reply)} to be rejected`);
  return parsed.ok ? '' : parsed.reason;
}

describe('linear regression reply parsing (spec section 8 vectors)', () => {
  test('"I think [w, b] = [15, 14]" -> (15, 14): the [w, b] placeholder is skipped', () => {
    assert.deepEqual(solution('I think [w, b] = [15, 14]'), { w: 15, b: 14 });
  });

  test('"[w=15, b=14]" -> (15, 14): text after "=" is kept', () => {
    assert.deepEqual(solution('[w=15, b=14]'), { w: 15, b: 14 });
  });

  test('"[15, 14, 2]" is rejected: three values', () => {
    assert.match(reason('[15, 14, 2]'), /expected 2 numbers.*found 3/);
  });

  test('a reply without brackets is rejected', () => {
    assert.match(reason('w is 15 and b is 14'), /no \[w, b\] pair/);
  });
});

describe('linear regression parsing details (checked against the reference functions)', () => {
  test('the LAST usable span wins', () => {
    assert.deepEqual(solution('first [1, 2], then better [15, 14]'), { w: 15, b: 14 });
    assert.deepEqual(solution('[x=3, y=4] and finally [w, b]'), { w: 3, b: 4 });
  });

  test('only placeholders means no pair', () => {
    assert.equal(extractBracketed('the answer has the form [w, b]'), null);
    assert.match(reason('the answer has the form [w, b]'), /no \[w, b\] pair/);
  });

  test('spans do not cross line breaks (Python "." stops at \\n)', () => {
    assert.deepEqual(solution('[3,\n4] [5, 6]'), { w: 5, b: 6 });
    assert.deepEqual(solution('[1,2]\r[3,4]'), { w: 3, b: 4 });
  });

  test('any piece that is not a Python float rejects the reply', () => {
    assert.match(reason('[1,]'), /"" in \[1,\] is not a number/);
    assert.match(reason('[[1,2]]'), /"\[1" .* is not a number/);
    assert.match(reason('[w=1, b]'), /"b" .* is not a number/);
    assert.match(reason('[1 0, 2]'), /is not a number/);
    assert.match(reason('[0x10, 2]'), /is not a number/);
    assert.match(reason('[]'), /empty/);
  });

  test('Python float syntax: exponents, bare dots, underscores, signs', () => {
    assert.deepEqual(solution('[ 1e3 , -2.5 ]'), { w: 1000, b: -2 }); // -2.5 rounds half to even
    assert.deepEqual(solution('[ .5, 5. ]'), { w: 0, b: 5 }); // 0.5 -> 0 (half-even)
    assert.deepEqual(solution('[5.e3,1E-2]'), { w: 5000, b: 0 });
    assert.deepEqual(solution('[1_0, +2]'), { w: 10, b: 2 });
    assert.equal(parsePythonFloat('1__0'), null);
    assert.equal(parsePythonFloat('_1'), null);
    assert.equal(parsePythonFloat(' -iNf '), -Infinity);
    assert.ok(Number.isNaN(parsePythonFloat('nan')));
  });

  test('values round half to even: 14.5 -> 14, 15.5 -> 16, -0.4 -> 0', () => {
    assert.deepEqual(solution('[14.5, 15.5]'), { w: 14, b: 16 });
    const pair = solution('[-0.4, 2.51]');
    assert.deepEqual(pair, { w: 0, b: 3 });
    assert.ok(pair && !Object.is(pair.w, -0));
  });

  test('non-finite numbers are refused (the reference would crash on them later)', () => {
    assert.match(reason('[inf, 2]'), /finite/);
    assert.match(reason('[nan, 1]'), /finite/);
    assert.match(reason('[1e999, 1]'), /finite/);
  });
});
