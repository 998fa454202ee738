/**
 * The embedded provider FOR REAL with node-llama-cpp and a 1.7 MB random-weights GGUF.
 * Random weights: assert on behaviour (strings, token limits, parallelism, loading, disposal),
 * never on content.
 */
import { TINY_MODEL_PATH } from '../helpers/shared.js';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLlamaCppModel, DEFAULT_EMBEDDED_MODEL, type EmbeddedLanguageModel } from '../../src/models/providers/llamacpp.js';
import type { CallOutcome } from '../../src/models/types.js';

const TINY_MODEL = TINY_MODEL_PATH;
const MAX_TOKENS = 6;
/** One thread: the tiny model gains nothing from more, and small CI boxes lose a lot. */
const FAST = { threads: 1 } as const;

function assertSuccess(outcome: CallOutcome): asserts outcome is Extract<CallOutcome, { ok: true }> {
  assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.error.kind}: ${outcome.error.message}`);
}

describe('llamacpp provider (node-llama-cpp, tiny random model)', () => {
  const models: EmbeddedLanguageModel[] = [];
  const tempDirs: string[] = [];
  const make = (...args: Parameters<typeof createLlamaCppModel>): EmbeddedLanguageModel => {
    const [source, options, spec] = args;
    const model = createLlamaCppModel(source, { ...FAST, ...options }, spec);
    models.push(model);
    return model;
  };
  after(async () => {
    for (const model of models) await model.dispose();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  test('loads lazily once under concurrent first calls, and runs them over N parallel sequences', async () => {
    let loads = 0;
    const PARALLEL = 3;
    const CALLS = 7;
    const model = make(TINY_MODEL, { parallel: PARALLEL, contextSize: 512, onLoaded: () => loads++ });
    assert.equal(loads, 0, 'nothing loads before the first call');
    assert.deepEqual(model.sequenceStats(), { size: 0, busy: 0, waiting: 0, peakBusy: 0 });

    const outcomes = await Promise.all(
      Array.from({ length: CALLS }, (_, i) => model.generate({ prompt: `Question ${i}: what is ${i} + ${i}?`, temperature: 0, maxTokens: MAX_TOKENS })),
    );
    assert.equal(loads, 1, 'the model loads exactly once');
    for (const outcome of outcomes) {
      assertSuccess(outcome);
      assert.equal(typeof outcome.text, 'string');
      assert.ok(outcome.usage.inputTokens > 0, 'prompt tokens are counted');
      assert.ok(outcome.usage.outputTokens > 0 && outcome.usage.outputTokens <= MAX_TOKENS, `outputTokens ${outcome.usage.outputTokens}`);
      assert.equal(outcome.cached, false);
    }
    const stats = model.sequenceStats();
    assert.equal(stats.size, PARALLEL);
    assert.equal(stats.peakBusy, PARALLEL, 'all sequences were in use at once');
    assert.equal(stats.busy, 0);
    assert.equal(stats.waiting, 0);
    assert.equal(model.isLocal, true);
    assert.equal(model.provider, 'llamacpp');
    assert.equal(model.spec, `llamacpp:${TINY_MODEL}`);
  });

  test('respects maxTokens, is deterministic at temperature 0, and calls are independent', async () => {
    const model = make(TINY_MODEL, { parallel: 1, contextSize: 512 });
    const request = { prompt: 'Repeat after me: the cat sat on the mat.', temperature: 0, maxTokens: 4 };
    const first = await model.generate(request);
    const other = await model.generate({ ...request, prompt: 'Something entirely different, longer, with more words in it.' });
    const again = await model.generate(request);
    assertSuccess(first);
    assertSuccess(other);
    assertSuccess(again);
    assert.ok(first.usage.outputTokens <= 4);
    assert.equal(first.finishReason === 'length' || first.finishReason === 'stop', true);
    // Same request on a reset sequence -> same greedy output and same prompt token count.
    assert.equal(again.text, first.text);
    assert.equal(again.usage.inputTokens, first.usage.inputTokens);
  });

  test('sampling with a seed, stop strings and completion mode run', async () => {
    const model = make(TINY_MODEL, { parallel: 2, contextSize: 512, mode: 'completion' });
    const outcome = await model.generate({ prompt: 'Once upon a time', temperature: 0.8, seed: 7, maxTokens: MAX_TOKENS, stop: ['\n\n'] });
    assertSuccess(outcome);
    assert.ok(outcome.usage.outputTokens <= MAX_TOKENS);
  });

  test('a prompt longer than the context is refused, not silently truncated', async () => {
    const model = make(TINY_MODEL, { parallel: 1, contextSize: 256 });
    const outcome = await model.generate({ prompt: 'word '.repeat(400), temperature: 0, maxTokens: MAX_TOKENS });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.equal(outcome.error.kind, 'bad-request');
      assert.match(outcome.error.message, /context size/);
    }
  });

  test('an aborted signal -> aborted; a waiting call can be aborted', async () => {
    const model = make(TINY_MODEL, { parallel: 1, contextSize: 512 });
    const controller = new AbortController();
    controller.abort();
    const outcome = await model.generate({ prompt: 'hi', temperature: 0, maxTokens: MAX_TOKENS, signal: controller.signal });
    assert.equal(outcome.ok ? 'ok' : outcome.error.kind, 'aborted');

    // One sequence: the second call waits for it, then gives up through its signal.
    const busy = model.generate({ prompt: 'first', temperature: 0, maxTokens: 64 });
    const waiting = new AbortController();
    const second = model.generate({ prompt: 'second', temperature: 0, maxTokens: MAX_TOKENS, signal: waiting.signal });
    let busyDone = false;
    void busy.then(() => (busyDone = true));
    // Wait (by event-loop turns, not time) until the second call queues for the only sequence.
    while (model.sequenceStats().waiting === 0 && !busyDone) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(model.sequenceStats().waiting, 1, 'the second call should be waiting for the sequence');
    waiting.abort();
    const secondOutcome = await second;
    assert.equal(secondOutcome.ok ? 'ok' : secondOutcome.error.kind, 'aborted');
    assertSuccess(await busy);
  });

  test('dispose works, and later calls fail as unavailable', async () => {
    const model = make(TINY_MODEL, { parallel: 2, contextSize: 512 });
    assert.equal(await model.preload(), undefined);
    assertSuccess(await model.generate({ prompt: 'hello', temperature: 0, maxTokens: 2 }));
    await model.dispose();
    await model.dispose(); // idempotent
    const outcome = await model.generate({ prompt: 'hello', temperature: 0, maxTokens: 2 });
    assert.equal(outcome.ok ? 'ok' : outcome.error.kind, 'unavailable');
  });

  test('dispose before any call does not load anything', async () => {
    let loads = 0;
    const model = make(TINY_MODEL, { onLoaded: () => loads++ });
    await model.dispose();
    assert.equal(loads, 0);
  });

  test('a missing file -> unavailable naming the path, on every call', async () => {
    const missing = path.join(tmpdir(), 'opro-no-such-model.gguf');
    const model = make(missing);
    for (let i = 0; i < 2; i++) {
      const outcome = await model.generate({ prompt: 'hi', temperature: 0, maxTokens: 2 });
      assert.equal(outcome.ok, false);
      if (!outcome.ok) {
        assert.equal(outcome.error.kind, 'unavailable');
        assert.ok(outcome.error.message.includes(missing), outcome.error.message);
      }
    }
    const preloaded = await model.preload();
    assert.equal(preloaded?.error.kind, 'unavailable');
  });

  test('an hf: source resolves from the models cache without downloading when already there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opro-models-'));
    tempDirs.push(dir);
    // node-llama-cpp caches hf:<owner>/<repo>/<file> as hf_<owner>_<repo>_<file>.
    copyFileSync(TINY_MODEL, path.join(dir, 'hf_opro-test_tiny_llama-2-tiny-random.gguf'));
    let loadedFrom = '';
    const model = make('hf:opro-test/tiny/llama-2-tiny-random.gguf', {
      modelsDir: dir,
      parallel: 1,
      contextSize: 512,
      onDownloadProgress: () => assert.fail('nothing should be downloaded'),
      onLoaded: (info) => (loadedFrom = info.filePath),
    });
    assertSuccess(await model.generate({ prompt: 'hi', temperature: 0, maxTokens: 2 }));
    assert.equal(path.dirname(loadedFrom), dir);
  });

  test('the default embedded model is an hf: Qwen2.5 0.5B instruct GGUF spec', () => {
    assert.match(DEFAULT_EMBEDDED_MODEL, /^llamacpp:hf:[^/]+\/[^/]+\/.+\.gguf$/);
  });
});
