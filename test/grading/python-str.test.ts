import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ASCII_PUNCTUATION,
  afterLast,
  beforeFirst,
  dropLastCodePoint,
  lastCodePoint,
  pyIsAlpha,
  pyParseFloat,
  pyRemovePunctuation,
  pyReplace,
  pyStr,
  pyStrip,
} from '../../src/util/python-str.js';

describe('pyStrip', () => {
  test('strips what Python strips, which is not what String.trim strips', () => {
    assert.equal(pyStrip('\u001c\u001d x \u001e\u001f'), 'x');
    assert.equal(pyStrip('\u0085x\u0085'), 'x');
    assert.equal(pyStrip('\ufeffx\ufeff'), '\ufeffx\ufeff');
    assert.equal(pyStrip('\u3000\u2028\u00a0x\t\r\n'), 'x');
  });
  test('with characters strips exactly that set, from both ends', () => {
    assert.equal(pyStrip('::a:b::', ':'), 'a:b');
    assert.equal(pyStrip(' :a: ', ':'), ' :a: ');
  });
});

describe('pyIsAlpha', () => {
  test('is false for the empty string and true for any Unicode letters', () => {
    assert.equal(pyIsAlpha(''), false);
    assert.equal(pyIsAlpha('abc'), true);
    assert.equal(pyIsAlpha('\u00e9t\u00e9'), true);
    assert.equal(pyIsAlpha('\u{1d400}'), true); // mathematical bold A is one letter
    assert.equal(pyIsAlpha('e\u0301'), false); // a combining accent is not a letter
    assert.equal(pyIsAlpha('a1'), false);
  });
});

describe('code points, not UTF-16 units', () => {
  test('the last character of a string ending in an astral character is the whole character', () => {
    assert.equal(lastCodePoint('5\u{1f600}'), '\u{1f600}');
    assert.equal(dropLastCodePoint('5\u{1d400}'), '5');
    assert.equal(dropLastCodePoint('ab'), 'a');
    assert.equal(lastCodePoint(''), '');
  });
});

describe('split and replace helpers', () => {
  test('behave like split(sep)[0], split(sep)[-1] and replace', () => {
    assert.equal(beforeFirst('a:b:c', ':'), 'a');
    assert.equal(afterLast('a:b:c', ':'), 'c');
    assert.equal(afterLast('abc', ':'), 'abc');
    assert.equal(pyReplace('$1 and $2', '$', '$&'), '$&1 and $&2'); // no JS replacement patterns
  });
  test('punctuation is ASCII only', () => {
    assert.equal(ASCII_PUNCTUATION.length, 32);
    assert.equal(pyRemovePunctuation('\u201cyes!\u201d \u2026'), '\u201cyes\u201d \u2026');
  });
});

describe('pyParseFloat (Python float())', () => {
  const accepted: Array<[string, number]> = [
    ['18', 18],
    [' 18.5\n', 18.5],
    ['+5', 5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1_000', 1000],
    ['1_000.2_5', 1000.25],
    ['\u0661\u0662', 12], // Arabic-Indic digits
    ['\uff11\uff12.5', 12.5], // full-width digits
    ['\u{1d7cf}\u{1d7d9}', 11], // mathematical bold 1 then double-struck 1
    ['\u0085 7 \u3000', 7], // non-ASCII whitespace becomes a space and is stripped
    ['1e400', Infinity],
    ['-Infinity', -Infinity],
    ['iNf', Infinity],
  ];
  for (const [text, value] of accepted) {
    test(`accepts ${JSON.stringify(text)}`, () => assert.equal(pyParseFloat(text), value));
  }
  test('accepts nan', () => assert.ok(Number.isNaN(pyParseFloat('NaN'))));
  test('keeps the sign of zero', () => assert.ok(Object.is(pyParseFloat('-0'), -0)));
  const rejected = ['', ' ', '1__0', '_1', '1_', '1_.5', '1e', 'e5', '0x10', '1 2', '\u001c1.5', '1.5\u001f', '\ufeff1', 'in f', '5\u{1f600}', '--1'];
  for (const text of rejected) {
    test(`rejects ${JSON.stringify(text)}`, () => assert.equal(pyParseFloat(text), null));
  }
});

describe('pyStr', () => {
  test('prints ints as Python does and non-integers as Python floats', () => {
    assert.equal(pyStr(18), '18');
    assert.equal(pyStr(-5), '-5');
    assert.equal(pyStr(1e21), '1000000000000000000000');
    assert.equal(pyStr(12345678901234567890n), '12345678901234567890');
    assert.equal(pyStr(18.5), '18.5');
  });
});
