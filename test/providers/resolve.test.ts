/** resolveModel: every spec form, and user mistakes as ModelUnavailableError with a clear message. */
import { TINY_MODEL_PATH } from '../helpers/shared.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_EMBEDDED_MODEL, KNOWN_PROVIDERS, parseModelSpec, resolveModel } from '../../src/models/resolve.js';
import { ModelUnavailableError } from '../../src/models/outcome.js';

const TINY_MODEL = TINY_MODEL_PATH;

function unavailable(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ModelUnavailableError, `expected ModelUnavailableError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('parseModelSpec / resolveModel errors', () => {
  test('a spec without a colon explains the provider:model form', () => {
    unavailable(() => resolveModel('gpt-4o-mini'), /"gpt-4o-mini" is not a model spec: write provider:model, for example openai:/);
  });
  test('an unknown provider lists the known ones with an example', () => {
    unavailable(() => resolveModel('foo:bar'), new RegExp(`Unknown model provider "foo".*${KNOWN_PROVIDERS.join(', ')}.*for example`));
  });
  test('an empty model name', () => {
    unavailable(() => resolveModel('openai:'), /names no model/);
  });
  test('a missing key names the env var to set', () => {
    unavailable(() => resolveModel('openai:gpt-4o-mini', { env: {} }), /OPENAI_API_KEY/);
    unavailable(() => resolveModel('anthropic:claude-sonnet-4-5', { env: {} }), /ANTHROPIC_API_KEY/);
    unavailable(() => resolveModel('google:gemini-2.0-flash', { env: {} }), /GOOGLE_GENERATIVE_AI_API_KEY/);
    unavailable(() => resolveModel('openai:some-model', { env: {}, apiKeyEnv: 'OPENROUTER_API_KEY' }), /OPENROUTER_API_KEY/);
  });
  test('a missing local model file is refused before any call', () => {
    unavailable(() => resolveModel('llamacpp:/no/such/model.gguf'), /\/no\/such\/model\.gguf does not exist/);
  });
  test('an unknown scripted name', () => {
    unavailable(() => resolveModel('scripted:nope'), /scripted:echo/);
  });
  test('messages are single sentences without stack noise', () => {
    try {
      resolveModel('nonsense');
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof ModelUnavailableError);
      assert.ok(!error.message.includes('\n'));
      assert.ok(error.message.endsWith('.'));
    }
  });
});

describe('resolveModel successes', () => {
  test('splits at the first colon only and lowercases the provider', () => {
    assert.deepEqual(parseModelSpec(' LlamaCpp:hf:owner/repo/file.gguf '), { provider: 'llamacpp', modelId: 'hf:owner/repo/file.gguf' });
  });
  test('cloud specs build models with spec, provider and modelId, and never expose the key', () => {
    const key = 'sk-resolve-test-0123456789';
    const model = resolveModel('openai:gpt-4o-mini', { env: { OPENAI_API_KEY: key } });
    assert.equal(model.spec, 'openai:gpt-4o-mini');
    assert.equal(model.provider, 'openai');
    assert.equal(model.modelId, 'gpt-4o-mini');
    assert.equal(model.isLocal, false);
    assert.ok(!JSON.stringify(model).includes(key));
  });
  test('a local base URL needs no key and counts as local', () => {
    const model = resolveModel('openai:qwen2.5', { env: {}, baseURL: 'http://127.0.0.1:8000/v1' });
    assert.equal(model.isLocal, true);
    const viaEnv = resolveModel('openai:qwen2.5', { env: { OPENAI_BASE_URL: 'http://localhost:1234/v1' } });
    assert.equal(viaEnv.isLocal, true);
  });
  test('ollama, llamacpp and scripted specs', () => {
    const ollama = resolveModel('ollama:llama3.2', { env: {} });
    assert.equal(ollama.provider, 'ollama');
    assert.equal(ollama.isLocal, true);
    const embedded = resolveModel(`llamacpp:${TINY_MODEL}`);
    assert.equal(embedded.provider, 'llamacpp');
    assert.equal(embedded.modelId, TINY_MODEL);
    assert.equal(embedded.isLocal, true);
    // hf: sources are not checked (or downloaded) at resolve time: loading is lazy.
    assert.equal(resolveModel(DEFAULT_EMBEDDED_MODEL).provider, 'llamacpp');
    assert.equal(resolveModel('scripted:echo').spec, 'scripted:echo');
  });
  test('registered scripts resolve by name', async () => {
    const model = resolveModel('scripted:fixed', { scripts: { fixed: () => 'forty-two' } });
    const outcome = await model.generate({ prompt: 'x', temperature: 0, maxTokens: 5 });
    assert.ok(outcome.ok);
    assert.equal(outcome.text, 'forty-two');
    assert.equal(model.spec, 'scripted:fixed');
  });
});
