import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  instructionKey,
  parseCandidate,
  polishInstruction,
  rejectReason,
} from '../../src/problems/instructions/candidates.js';

const bracket = { style: 'bracket', position: 'Q_begin' } as const;
const tagged = { style: 'tagged', position: 'Q_begin' } as const;
const taggedStart = { style: 'tagged', position: 'A_begin' } as const;
const textOnly = { style: 'instructions-only', position: 'Q_begin' } as const;

describe('parseCandidate', () => {
  test('bracket: the first [...] on one line (spec section 5 vector)', () => {
    assert.deepEqual(parseCandidate('Here: [Take a deep breath.] and [x]', bracket), { ok: true, text: 'Take a deep breath.' });
    // The first "[" has no "]" on its line, so the match starts at the second "[".
    assert.deepEqual(parseCandidate('[broken\nline] then [ok ]', bracket), { ok: true, text: 'ok ' });
    // Unlike JavaScript's ".", Python's crosses "\r" and U+2028.
    assert.deepEqual(parseCandidate('[a\rb\u2028c]', bracket), { ok: true, text: 'a\rb\u2028c' });
  });

  test('bracket: no brackets is a failure by default, "" with referenceQuirks', () => {
    assert.deepEqual(parseCandidate('I suggest: think.', bracket), { ok: false, reason: 'no [...] in the reply' });
    assert.deepEqual(parseCandidate('I suggest: think.', { ...bracket, referenceQuirks: true }), { ok: true, text: '' });
    assert.equal(parseCandidate('[]', bracket).ok, false);
    assert.deepEqual(parseCandidate('[]', { ...bracket, referenceQuirks: true }), { ok: true, text: '' });
  });

  test('tagged: slice between the first tags, stripped', () => {
    assert.deepEqual(parseCandidate('Sure! <INS> Solve it carefully. </INS> Done', tagged), { ok: true, text: 'Solve it carefully.' });
    assert.deepEqual(parseCandidate('<INS>Only a start tag\n', tagged), { ok: true, text: 'Only a start tag' });
    assert.deepEqual(parseCandidate('No start tag</INS> trailing', tagged), { ok: true, text: 'No start tag' });
    assert.deepEqual(parseCandidate('  no tags at all \u0085', tagged), { ok: true, text: 'no tags at all' });
    assert.deepEqual(parseCandidate('<Start>Let us begin.</Start>', taggedStart), { ok: true, text: 'Let us begin.' });
    // A_begin looks for <Start>, so <INS> stays in the text (and the INS filter will reject it later).
    assert.deepEqual(parseCandidate('<INS>x</INS>', taggedStart), { ok: true, text: '<INS>x</INS>' });
  });

  test('tagged: the end tag is searched from the start, so </INS> before <INS> gives nothing', () => {
    assert.deepEqual(parseCandidate('</INS> then <INS>late', tagged), { ok: false, reason: 'nothing between <INS> and </INS> in the reply' });
    assert.deepEqual(parseCandidate('</INS> then <INS>late', { ...tagged, referenceQuirks: true }), { ok: true, text: '' });
    assert.deepEqual(parseCandidate('  \n', tagged), { ok: false, reason: 'the reply is empty' });
  });

  test('instructions-only: first <TEXT>...</TEXT>, across lines; none gives no candidate in both modes', () => {
    assert.deepEqual(parseCandidate('Precision: 70 <TEXT>Line one\nline two</TEXT> <TEXT>b</TEXT>', textOnly), {
      ok: true,
      text: 'Line one\nline two',
    });
    assert.deepEqual(parseCandidate('<TEXT>unterminated', textOnly), { ok: false, reason: 'no <TEXT>...</TEXT> in the reply' });
    assert.equal(parseCandidate('<TEXT>unterminated', { ...textOnly, referenceQuirks: true }).ok, false);
    assert.equal(parseCandidate('<TEXT></TEXT>', textOnly).ok, false);
    assert.deepEqual(parseCandidate('<TEXT></TEXT>', { ...textOnly, referenceQuirks: true }), { ok: true, text: '' });
  });
});

describe('polishInstruction', () => {
  test('spec vector', () => {
    assert.equal(polishInstruction('  **take a deep breath**  '), 'Take a deep breath');
  });

  test('strip uses the Python whitespace set', () => {
    assert.equal(polishInstruction('\u001c\u0085go\u3000'), 'Go');
    // U+FEFF is not whitespace for Python, so it stays (and is its own "first character").
    assert.equal(polishInstruction('\ufeffgo'), '\ufeffgo');
  });

  test('"**" removal happens before the length check; single characters are not upper-cased', () => {
    assert.equal(polishInstruction('**a**'), 'a');
    assert.equal(polishInstruction('***'), '*');
    assert.equal(polishInstruction('** hi'), ' hi');
    assert.equal(polishInstruction(''), '');
    assert.equal(polishInstruction('   '), '');
  });

  test('first character by code point, full upper-case mapping', () => {
    assert.equal(polishInstruction('ßtraße'), 'SStraße');
    assert.equal(polishInstruction('éa'), 'Éa');
    assert.equal(polishInstruction('😀x'), '😀x');
    // One code point (two UTF-16 units) is length 1 for Python: left alone.
    assert.equal(polishInstruction('\u{10428}'), '\u{10428}');
    assert.equal(polishInstruction('\u{10428}a'), '\u{10400}a');
  });
});

describe('instructionKey', () => {
  test('ASCII text gives the reference key (md5 hex)', () => {
    assert.equal(instructionKey("Let's solve the problem."), createHash('md5').update("Let's solve the problem.").digest('hex'));
    assert.equal(instructionKey(''), 'd41d8cd98f00b204e9800998ecf8427e');
  });

  test('non-ASCII text does not crash and hashes its UTF-8 bytes', () => {
    const text = 'Let’s work this out in a step by step way to be sure we have the right answer.';
    assert.equal(instructionKey(text), createHash('md5').update(Buffer.from(text, 'utf8')).digest('hex'));
    assert.notEqual(instructionKey('Let’s think'), instructionKey("Let's think"));
  });
});

describe('rejectReason', () => {
  test('length in code points, default 500', () => {
    assert.equal(rejectReason('a'.repeat(500)), null);
    assert.equal(rejectReason('a'.repeat(501)), 'too long (501 > 500 characters)');
    assert.equal(rejectReason('😀'.repeat(500)), null);
    assert.equal(rejectReason('abcdef', { maxLength: 5 }), 'too long (6 > 5 characters)');
  });

  test('digits only when asked, with Python isdigit semantics', () => {
    assert.equal(rejectReason('Step 1: read.'), null);
    assert.equal(rejectReason('Step 1: read.', { datasetIsGsm8k: true }), 'contains a digit');
    assert.equal(rejectReason('Use x² here', { forbidDigits: true }), 'contains a digit');
    assert.equal(rejectReason('Circle ①', { forbidDigits: true }), 'contains a digit');
    assert.equal(rejectReason('Arabic ٣', { forbidDigits: true }), 'contains a digit');
    // Vulgar fractions and Roman numerals are numeric but not digits in Python.
    assert.equal(rejectReason('Half ½ and Ⅻ', { forbidDigits: true }), null);
  });

  test("'INS' is rejected, case-sensitively", () => {
    assert.equal(rejectReason('Replace <INS> here'), "contains 'INS'");
    assert.equal(rejectReason('INSTRUCTIONS: think'), "contains 'INS'");
    assert.equal(rejectReason('instructions: think'), null);
  });

  test('checks run in the reference order: length, digit, INS', () => {
    assert.equal(rejectReason(`INS 1 ${'a'.repeat(500)}`, { forbidDigits: true }), 'too long (506 > 500 characters)');
    assert.equal(rejectReason('INS 1', { forbidDigits: true }), 'contains a digit');
  });
});
