import { after as afterAll, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryCallCache } from '../../src/models/cache/call-cache.js';
import { CallCacheError, defaultCachePath, SqliteCallCache } from '../../src/models/cache/sqlite-call-cache.js';
import { withCache } from '../../src/models/wrappers/cache.js';
import { callKey, canonicalJson } from '../../src/models/wrappers/call-key.js';
import type { CallOutcome, GenerateRequest } from '../../src/models/types.js';
import { after, fail, FakeClock, fakeModel, flush, request, success, USAGE } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opro-cache-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;
const freshPath = (): string => join(dir, `cache-${++fileCounter}`, 'cache.sqlite');

/** Answers with a counter, so a repeated text proves the answer came from the cache. */
function countingModel(props: { baseURL?: string } = {}) {
  return fakeModel((r, call) => success(`${r.prompt}#${call.index}`, { ...USAGE, outputTokens: call.index + 1 }), props);
}

describe('withCache', () => {
  test('a repeated call is a hit: same text and usage, cached, ~0 latency, no model call', async () => {
    const model = countingModel();
    const cached = withCache(model, new MemoryCallCache());
    const first = await cached.generate(request('q'));
    const second = await cached.generate(request('q'));
    assert.ok(first.ok && second.ok);
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.equal(second.text, first.text);
    assert.deepEqual(second.usage, first.usage);
    assert.equal(second.latencyMs, 0);
    assert.equal(model.calls.length, 1);
  });

  test('sampleIndex keeps samples of one prompt apart', async () => {
    const model = countingModel();
    const cached = withCache(model, new MemoryCallCache());
    const samples = async () => Promise.all(Array.from({ length: 8 }, (_, i) => cached.generate(request('meta', { temperature: 1, sampleIndex: i }))));
    const texts = (await samples()).map((o) => (o.ok ? o.text : ''));
    assert.equal(new Set(texts).size, 8);
    assert.equal(model.calls.length, 8);
    const again = (await samples()).map((o) => (o.ok ? o.text : ''));
    assert.deepEqual(again, texts);
    assert.equal(model.calls.length, 8);
  });

  test('every setting that changes the answer is in the key', async () => {
    const base: GenerateRequest = { prompt: 'p', temperature: 0, maxTokens: 50 };
    const variants: GenerateRequest[] = [
      { ...base, prompt: 'p2' },
      { ...base, temperature: 0.5 },
      { ...base, maxTokens: 51 },
      { ...base, stop: ['\n'] },
      { ...base, seed: 1 },
      { ...base, sampleIndex: 1 },
    ];
    const model = countingModel();
    const cached = withCache(model, new MemoryCallCache());
    await cached.generate(base);
    for (const variant of variants) await cached.generate(variant);
    assert.equal(model.calls.length, 1 + variants.length, 'each variant is a miss');

    const model2 = { provider: 'openai', modelId: 'gpt-4o-mini' };
    const keys = new Set([
      callKey(model2, base),
      callKey({ ...model2, baseURL: 'http://a:8000/v1' }, base),
      callKey({ ...model2, baseURL: 'http://b:8000/v1' }, base),
      callKey({ ...model2, modelId: 'gpt-4o' }, base),
      callKey({ ...model2, provider: 'azure' }, base),
    ]);
    assert.equal(keys.size, 5);
  });

  test('the baseURL of the model is part of its key', async () => {
    const cache = new MemoryCallCache();
    const a = countingModel({ baseURL: 'http://a:8000/v1' });
    const b = countingModel({ baseURL: 'http://b:8000/v1' });
    await withCache(a, cache).generate(request());
    const fromB = await withCache(b, cache).generate(request());
    assert.ok(fromB.ok && !fromB.cached);
    assert.equal(b.calls.length, 1);
  });

  test('what does not change the answer is not in the key', () => {
    const m = { provider: 'openai', modelId: 'x' };
    const r: GenerateRequest = { prompt: 'p', temperature: 0, maxTokens: 5 };
    assert.equal(callKey(m, { ...r, stop: ['a', 'b'] }), callKey(m, { ...r, stop: ['b', 'a', 'a'] }));
    assert.equal(callKey(m, { ...r, stop: [] }), callKey(m, r));
    assert.equal(callKey(m, { ...r, sampleIndex: 0 }), callKey(m, r));
    assert.equal(callKey(m, { ...r, signal: new AbortController().signal }), callKey(m, r));
    assert.equal(callKey({ ...m, baseURL: 'http://h/v1/' }, r), callKey({ ...m, baseURL: 'http://h/v1' }, r));
  });

  test('canonicalJson sorts keys at every level', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  test('failures are never cached', async () => {
    const model = fakeModel((_, call) => (call.index === 0 ? fail('server-error') : success('second')));
    const cached = withCache(model, new MemoryCallCache());
    const first = await cached.generate(request());
    const second = await cached.generate(request());
    const third = await cached.generate(request());
    assert.ok(!first.ok);
    assert.ok(second.ok && !second.cached && second.text === 'second');
    assert.ok(third.ok && third.cached);
    assert.equal(model.calls.length, 2);
  });

  test('concurrent identical misses are coalesced into one real call', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 100), { clock });
    const cached = withCache(model, new MemoryCallCache());
    const outcomes = await clock.until(Promise.all(Array.from({ length: 5 }, () => cached.generate(request('same')))));
    assert.equal(model.calls.length, 1);
    assert.ok(outcomes.every((o) => o.ok && o.text === 'same'));
    assert.deepEqual(
      outcomes.map((o) => o.ok && o.cached),
      [false, true, true, true, true],
    );
  });

  test("a follower does not inherit the leader's cancellation", async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 100), { clock });
    const cached = withCache(model, new MemoryCallCache());
    const controller = new AbortController();
    const leader = cached.generate(request('same', { signal: controller.signal }));
    const follower = cached.generate(request('same'));
    await flush();
    controller.abort();
    const [l, f] = await clock.until(Promise.all([leader, follower]));
    assert.ok(!l.ok && l.error.kind === 'aborted');
    assert.ok(f.ok && !f.cached);
    assert.equal(model.calls.length, 2);
  });

  test('a follower can be cancelled on its own', async () => {
    const clock = new FakeClock();
    const model = fakeModel(after(clock, 100), { clock });
    const cached = withCache(model, new MemoryCallCache());
    const leader = cached.generate(request('same'));
    const controller = new AbortController();
    const follower = cached.generate(request('same', { signal: controller.signal }));
    await flush();
    controller.abort();
    const f: CallOutcome = await follower;
    assert.ok(!f.ok && f.error.kind === 'aborted');
    const l = await clock.until(leader);
    assert.ok(l.ok);
  });

  test('enabled: false passes every call through', async () => {
    const model = countingModel();
    const cache = new MemoryCallCache();
    const cached = withCache(model, cache, { enabled: false });
    assert.equal(cached, model);
    await cached.generate(request());
    await cached.generate(request());
    assert.equal(model.calls.length, 2);
    assert.equal(cache.size, 0);
  });

  test('a failing cache store never fails the call', async () => {
    const errors: unknown[] = [];
    const broken = {
      get: () => {
        throw new Error('disk gone');
      },
      set: () => {
        throw new Error('disk gone');
      },
    };
    const model = countingModel();
    const outcome = await withCache(model, broken, { onCacheError: (e) => errors.push(e) }).generate(request());
    assert.ok(outcome.ok);
    assert.equal(errors.length, 2);
  });
});

describe('SqliteCallCache', () => {
  test('answers persist across close and reopen (another run)', async () => {
    const path = freshPath();
    const run1 = SqliteCallCache.open(path);
    const model1 = countingModel();
    const first = await withCache(model1, run1).generate(request('persist', { temperature: 0.7, sampleIndex: 3, stop: ['x'], seed: 9 }));
    run1.close();

    const run2 = SqliteCallCache.open(path);
    const model2 = countingModel();
    const second = await withCache(model2, run2).generate(request('persist', { temperature: 0.7, sampleIndex: 3, stop: ['x'], seed: 9 }));
    assert.ok(first.ok && second.ok);
    assert.equal(second.cached, true);
    assert.equal(second.text, first.text);
    assert.deepEqual(second.usage, first.usage);
    assert.equal(model2.calls.length, 0);
    assert.equal(run2.count(), 1);
    run2.close();
  });

  test('uses WAL and creates its folder', () => {
    const path = freshPath();
    const cache = SqliteCallCache.open(path);
    cache.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  test('a file that is not a database is refused with a clear error', () => {
    const path = join(dir, 'garbage.sqlite');
    writeFileSync(path, 'this is not a database, just some text that is long enough to look like a header'.repeat(20));
    assert.throws(() => SqliteCallCache.open(path), (err: unknown) => err instanceof CallCacheError && /not a usable opro call cache/.test(err.message));
  });

  test('a foreign SQLite database is refused and left untouched', () => {
    const path = join(dir, 'foreign.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE people (name TEXT)');
    db.close();
    assert.throws(() => SqliteCallCache.open(path), (err: unknown) => err instanceof CallCacheError && /not an opro call cache/.test(err.message));
    const check = new Database(path, { readonly: true });
    const tables = check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    check.close();
    assert.deepEqual(tables, [{ name: 'people' }]);
  });

  test('the default path is .opro/cache.sqlite under the working folder', () => {
    assert.equal(defaultCachePath('/work/x'), join('/work/x', '.opro', 'cache.sqlite'));
  });
});
