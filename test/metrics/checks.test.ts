/** Every built-in check on vectors, including outputs that are not what the check expects. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerMetric } from '../../src/metrics/answer.js';
import { weightedMetric } from '../../src/metrics/combine.js';
import { jsonFieldMetric, jsonSchemaMetric } from '../../src/metrics/json-checks.js';
import { readJsonOutput, resolvePointer } from '../../src/metrics/json-output.js';
import { lastNumber, numericMetric } from '../../src/metrics/numeric.js';
import { containsMetric, maxLengthMetric, regexMetric, tokenF1, tokenF1Metric } from '../../src/metrics/text-checks.js';
import type { Metric, MetricExample, MetricResult } from '../../src/metrics/types.js';

function example(target: string, fields: Record<string, string> = {}, prompt = ''): MetricExample {
  return { index: 3, target, fields: { ...fields, target }, prompt };
}

async function score(metric: Metric, output: string, ex: MetricExample): Promise<MetricResult> {
  return metric.score(output, ex);
}

function assertScore(result: MetricResult, expected: number, feedback?: RegExp): void {
  assert.ok(result.ok, JSON.stringify(result));
  if (!result.ok) return;
  assert.ok(Math.abs(result.score - expected) < 1e-9, `score ${result.score}, expected ${expected}`);
  if (feedback) assert.match(result.feedback ?? '', feedback);
  else if (expected === 1) assert.equal(result.feedback, undefined);
}

describe('answer grading as a metric', () => {
  test('number, boolean and choice answers, with feedback naming what was read', async () => {
    const numbers = answerMetric({ answerType: 'number', mode: 'fixed', multipleChoice: false });
    assertScore(await score(numbers, 'So the answer is 1,234.', example('1234')), 1);
    assertScore(await score(numbers, 'It is 12.', example('1234')), 0, /expected "1234", the answer read as "12"/);
    const booleans = answerMetric({ answerType: 'boolean', mode: 'fixed', multipleChoice: false });
    assertScore(await score(booleans, 'No, it is not.', example('False')), 1);
    const choices = answerMetric({ answerType: 'choice', mode: 'fixed', multipleChoice: true });
    assertScore(await score(choices, 'The answer is (B).', example('B', {}, 'Q: pick\nOptions:\n(A) one\n(B) two\n\nA:')), 1);
  });
});

describe('text checks', () => {
  test('contains and not-contains, against a value, a field or the gold answer', async () => {
    assertScore(await score(containsMetric({ value: 'Refund' }, false), 'we will refund you', example('x')), 1);
    assertScore(await score(containsMetric({ value: 'Refund', caseSensitive: true }, false), 'we will refund you', example('x')), 0, /does not contain "Refund"/);
    assertScore(await score(containsMetric({ field: 'order' }, false), 'order A-17 shipped', example('x', { order: 'A-17' })), 1);
    assertScore(await score(containsMetric({}, false), 'Paris it is', example('paris')), 1);
    assertScore(await score(containsMetric({ value: 'as an AI' }, true), 'As an AI model I cannot', example('x')), 0, /contains "as an AI", which it must not/);
    assertScore(await score(containsMetric({ value: 'as an AI' }, true), 'Sure.', example('x')), 1);
  });
  test('an empty text to look for or a missing field is a failed evaluation, not a score', async () => {
    const empty = await score(containsMetric({}, false), 'anything', example(''));
    assert.equal(empty.ok, false);
    const missing = await score(containsMetric({ field: 'nope' }, false), 'anything', example('x'));
    assert.deepEqual(missing, { ok: false, reason: "example 3 has no field 'nope'" });
  });
  test('regex, plain and negated; the g flag does not make test() stateful', async () => {
    const starts = regexMetric({ pattern: '^[A-Z]', flags: 'g' });
    assertScore(await score(starts, 'Hello', example('')), 1);
    assertScore(await score(starts, 'Hello', example('')), 1);
    assertScore(await score(starts, 'hello', example('')), 0, /does not match/);
    assertScore(await score(regexMetric({ pattern: 'sorry', flags: 'i', negate: true }), 'Sorry!', example('')), 0, /must not/);
    assert.throws(() => regexMetric({ pattern: '(' }));
  });
  test('max length in characters (code points) and words', async () => {
    assertScore(await score(maxLengthMetric({ max: 3 }), ' héé ', example('')), 1);
    assertScore(await score(maxLengthMetric({ max: 3 }), 'four', example('')), 0, /4 chars long; the limit is 3/);
    assertScore(await score(maxLengthMetric({ max: 2, unit: 'words' }), 'one two three', example('')), 0, /3 words/);
  });
  test('token F1 follows SQuAD normalisation and counts repeated tokens once each', async () => {
    assert.equal(tokenF1('The Eiffel Tower!', 'eiffel tower'), 1);
    assert.equal(tokenF1('', ''), 1);
    assert.equal(tokenF1('tower', ''), 0);
    // precision 1/3 ("the" dropped), recall 1/2 -> F1 0.4
    assert.ok(Math.abs(tokenF1('a red big car', 'blue car') - 0.4) < 1e-12);
    assert.ok(Math.abs(tokenF1('car car', 'car') - 2 / 3) < 1e-12);
    assertScore(await score(tokenF1Metric({}), 'blue car', example('a red big car')), 0.4, /token F1 0\.40/);
  });
});

describe('numeric tolerance', () => {
  test('last number of the output, thousands separators removed', () => {
    assert.equal(lastNumber('first 3, then 1,250.5 units'), 1250.5);
    assert.equal(lastNumber('-2e3'), -2000);
    assert.equal(lastNumber('none'), null);
  });
  test('absolute and relative tolerance; no number is a zero with feedback', async () => {
    assertScore(await score(numericMetric({ tolerance: 0.03 }), 'about 3.14', example('3.1')), 0, /number 3\.14 is off from 3\.1 by 0\.04\d* \(allowed 0\.03\)/);
    assertScore(await score(numericMetric({ tolerance: 0.05 }), 'about 3.13', example('3.1')), 1);
    assertScore(await score(numericMetric({ tolerance: 0.01, relative: true }), '1005', example('1000')), 1);
    assertScore(await score(numericMetric({ tolerance: 0.01, relative: true }), '1011', example('1000')), 0, /allowed 10/);
    assertScore(await score(numericMetric({}), '0.30000000000000004', example('0.3')), 1);
    assertScore(await score(numericMetric({}), 'no idea', example('7')), 0, /no number; expected 7/);
    const notNumeric = await score(numericMetric({}), '7', example('seven'));
    assert.equal(notNumeric.ok, false);
  });
});

describe('JSON output', () => {
  test('JSON is read bare, fenced, or from inside prose', () => {
    assert.deepEqual(readJsonOutput('{"a":1}'), { ok: true, value: { a: 1 } });
    assert.deepEqual(readJsonOutput('Here:\n```json\n{"a": [1, 2]}\n```\nDone.'), { ok: true, value: { a: [1, 2] } });
    assert.deepEqual(readJsonOutput('Sure! {"a": {"b": 2}} hope this helps'), { ok: true, value: { a: { b: 2 } } });
    assert.equal(readJsonOutput('{"a": ').ok, false);
  });
  test('JSON Pointer per RFC 6901', () => {
    const doc = { 'a/b': { 'm~n': [10, 20] }, '': 1 };
    assert.deepEqual(resolvePointer(doc, '/a~1b/m~0n/1'), { found: true, value: 20 });
    assert.deepEqual(resolvePointer(doc, '/'), { found: true, value: 1 });
    assert.deepEqual(resolvePointer(doc, '/a~1b/m~0n/2'), { found: false });
    assert.deepEqual(resolvePointer(doc, '/a~1b/m~0n/01'), { found: false });
    assert.deepEqual(resolvePointer(doc, 'a'), { found: false });
  });
  test('a field matches a value, a dataset field, or the gold answer', async () => {
    assertScore(await score(jsonFieldMetric({ pointer: '/label' }), '{"label": "billing"}', example('billing')), 1);
    assertScore(await score(jsonFieldMetric({ pointer: '/label' }), '{"label": "bug"}', example('billing')), 0, /\/label is "\\"bug\\"", expected "billing"/);
    assertScore(await score(jsonFieldMetric({ pointer: '/n', field: 'count' }), '{"n": 3}', example('x', { count: '3' })), 1);
    assertScore(await score(jsonFieldMetric({ pointer: '/tags', value: ['a', 'b'] }), '{"tags": ["a","b"]}', example('x')), 1);
    assertScore(await score(jsonFieldMetric({ pointer: '/tags', value: ['a', 'b'] }), '{"tags": ["b","a"]}', example('x')), 0);
    assertScore(await score(jsonFieldMetric({ pointer: '/label' }), 'not json at all', example('billing')), 0, /not JSON/);
    assertScore(await score(jsonFieldMetric({ pointer: '/label' }), '{"other": 1}', example('billing')), 0, /has no \/label/);
    assert.throws(() => jsonFieldMetric({ pointer: 'label' }), /not a JSON Pointer/);
  });
  test('JSON Schema validity, with the first errors as feedback', async () => {
    const metric = jsonSchemaMetric({ type: 'object', required: ['label', 'confidence'], properties: { label: { enum: ['bug', 'billing'] }, confidence: { type: 'number', maximum: 1 } } });
    assertScore(await score(metric, '{"label": "bug", "confidence": 0.9}', example('')), 1);
    assertScore(await score(metric, '{"label": "other", "confidence": 2}', example('')), 0, /\/label must be equal to one of the allowed values; \/confidence must be <= 1/);
    assertScore(await score(metric, 'nope', example('')), 0, /not JSON/);
    assert.throws(() => jsonSchemaMetric({ type: 'not-a-type' }));
  });
});

describe('weighted combinations', () => {
  test('the weighted mean of the parts, feedback from the parts that lost points', async () => {
    const metric = weightedMetric([
      { weight: 3, metric: containsMetric({ value: 'refund' }, false) },
      { weight: 1, metric: maxLengthMetric({ max: 10 }) },
    ]);
    assertScore(await score(metric, 'a refund is on its way', example('')), 0.75, /^max-length: the output is 22 chars long/);
    assertScore(await score(metric, 'refund', example('')), 1);
  });
  test('one failing part fails the whole', async () => {
    const metric = weightedMetric([
      { weight: 1, metric: containsMetric({ field: 'missing' }, false) },
      { weight: 1, metric: maxLengthMetric({ max: 10 }) },
    ]);
    const result = await score(metric, 'short', example(''));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.reason, /^contains: example 3 has no field 'missing'/);
    assert.throws(() => weightedMetric([]), /at least one part/);
  });
});
