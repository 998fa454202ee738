import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, redact, redactText } from '../../src/web/server/redact.js';
import { displayUrl, exposureWarning, hostHeaderAllowed, isLoopback } from '../../src/web/server/hosts.js';
import { linregInstance } from '../../src/problems/linear-regression/dashboard.js';
import { tspInstance } from '../../src/problems/tsp/dashboard.js';
import * as p from '../../src/web/server/params.js';
import { HttpError } from '../../src/web/server/http-util.js';
import { budgetOf, statusLabel } from '../../src/web/server/views.js';

describe('redaction', () => {
  const keys = [
    'sk-proj-abcdefghijklmnopqrstuvwxyz012345',
    'sk-ant-api03-abcdefghijklmnopqrstuvwxyz',
    'AIzaSyA1234567890abcdefghijklmnopqrstuv',
    'hf_abcdefghijklmnopqrstuvwxyz',
    'gsk_abcdefghijklmnopqrstuvwxyz',
    'AKIAABCDEFGHIJKLMNOP',
  ];
  for (const key of keys) {
    test(`hides ${key.slice(0, 7)}… inside any text`, () => {
      assert.equal(redactText(`export KEY=${key} # mine`), `export KEY=${REDACTED} # mine`);
    });
  }

  test('hides bearer tokens and secret-named fields, keeps variable names and ordinary values', () => {
    const out = redact({
      headers: { Authorization: 'Bearer abc.def.ghijklmnopqrstu' },
      apiKey: 'plain-secret-value',
      apiKeyEnv: 'OPENAI_API_KEY',
      password: 'hunter2',
      key: '5d41402abc4b2a76b9719d911017c592',
      bestKey: '15,14',
      usage: { inputTokens: 120, outputTokens: 40 },
      instruction: "Let's think step by step.",
      nested: [{ secret: 'x1' }, 'sk-abcdefghijklmnopqrstuvwx'],
    }) as Record<string, unknown>;
    assert.equal((out.headers as Record<string, string>).Authorization, REDACTED);
    assert.equal(out.apiKey, REDACTED);
    assert.equal(out.apiKeyEnv, 'OPENAI_API_KEY');
    assert.equal(out.password, REDACTED);
    assert.equal(out.key, '5d41402abc4b2a76b9719d911017c592', 'candidate keys are not secrets');
    assert.equal(out.bestKey, '15,14');
    assert.deepEqual(out.usage, { inputTokens: 120, outputTokens: 40 });
    assert.equal(out.instruction, "Let's think step by step.");
    assert.deepEqual(out.nested, [{ secret: REDACTED }, REDACTED]);
  });

  test('leaves short sk- words alone (an instruction may say "sk-8 skills")', () => {
    assert.equal(redactText('use sk-8 skills'), 'use sk-8 skills');
  });
});

describe('hosts', () => {
  test('loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', 'example.com', '128.0.0.1']) assert.equal(isLoopback(host), false, host);
  });

  test('Host headers that may reach a loopback-bound dashboard', () => {
    for (const header of ['127.0.0.1:4173', 'localhost:4173', 'localhost', '[::1]:4173']) assert.equal(hostHeaderAllowed(header), true, header);
    for (const header of [undefined, '', 'evil.example', 'evil.example:4173', '127.0.0.1.evil.example']) assert.equal(hostHeaderAllowed(header), false, String(header));
  });

  test('a warning exactly when listening beyond this machine', () => {
    assert.equal(exposureWarning('127.0.0.1'), null);
    assert.match(exposureWarning('0.0.0.0') ?? '', /no authentication/);
    assert.match(exposureWarning('192.168.1.5') ?? '', /WARNING/);
  });

  test('printed URLs', () => {
    assert.equal(displayUrl('127.0.0.1', 4173), 'http://127.0.0.1:4173/');
    assert.equal(displayUrl('::1', 80), 'http://[::1]:80/');
    assert.equal(displayUrl('0.0.0.0', 8080), 'http://localhost:8080/');
  });
});

describe('parameters', () => {
  const params = (text: string): URLSearchParams => new URLSearchParams(text);

  test('pages default, bound and refuse nonsense', () => {
    assert.deepEqual(p.page(params('')), { limit: p.DEFAULT_LIMIT, offset: 0 });
    assert.deepEqual(p.page(params('limit=10&offset=20')), { limit: 10, offset: 20 });
    for (const bad of ['limit=0', `limit=${p.MAX_LIMIT + 1}`, 'limit=1e3', 'limit=2.5', 'offset=-3', 'limit=0x10', 'offset=9999999999999999']) {
      assert.throws(() => p.page(params(bad)), (e: unknown) => e instanceof HttpError && e.status === 400, bad);
    }
  });

  test('run ids and keys', () => {
    assert.equal(p.runId('r-20261123-1a2b3c'), 'r-20261123-1a2b3c');
    for (const bad of ['', '../x', 'a/b', 'a b', '.hidden', 'x'.repeat(65)]) assert.throws(() => p.runId(bad), HttpError, bad);
    assert.throws(() => p.key(null, 'key'), HttpError);
    assert.throws(() => p.key('a\nb', 'key'), HttpError);
    assert.equal(p.key('15,14', 'key'), '15,14');
  });
});

describe('instances from manifests', () => {
  const tour = { tour: [0, 1, 2], length: 3 };
  test('a well-formed TSP instance is taken; a malformed one gives null', () => {
    const good = { instance: { points: [[0, 0], [1, 0], [0, 1]], baselines: { nearestNeighbour: tour, farthestInsertion: tour, reference: { ...tour, kind: 'exact' } } } };
    assert.equal(tspInstance(good)?.points.length, 3);
    assert.equal(tspInstance({}), null);
    assert.equal(tspInstance({ instance: { ...good.instance, points: [[0, 0], [1, 'x']] } }), null);
    const outOfRange = { ...good.instance, baselines: { ...good.instance.baselines, nearestNeighbour: { tour: [0, 7, 2], length: 3 } } };
    assert.equal(tspInstance({ instance: outOfRange }), null, 'a tour naming a node that does not exist');
  });

  test('a linear-regression instance needs x and y of the same length', () => {
    assert.deepEqual(linregInstance({ instance: { wTrue: 2, bTrue: 1, x: [1, 2], y: [3, 5] } }), { wTrue: 2, bTrue: 1, x: [1, 2], y: [3, 5] });
    assert.equal(linregInstance({ instance: { wTrue: 2, bTrue: 1, x: [1, 2], y: [3] } }), null);
    assert.equal(linregInstance(null), null);
  });
});

describe('views', () => {
  test('a running run without a live holder is shown as stalled', () => {
    assert.equal(statusLabel('running', true), 'running');
    assert.equal(statusLabel('running', false), 'stalled');
    assert.equal(statusLabel('completed', false), 'completed');
  });

  test('the budget comes from the recorded flags', () => {
    assert.equal(budgetOf({ command: 'optimize', flags: { budget: 5 } }), 5);
    assert.equal(budgetOf({ budgetUsd: 1.5 }), 1.5);
    assert.equal(budgetOf({ flags: {} }), null);
  });
});
