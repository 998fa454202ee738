/** Ollama and keyless OpenAI-compatible servers, through the OpenAI chat provider and the wire server. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOllamaModel, normalizeOllamaHost } from '../../src/models/providers/ollama.js';
import { createOpenAIModel } from '../../src/models/providers/openai.js';
import { ModelUnavailableError } from '../../src/models/outcome.js';
import { reply, startWireServer, type WireServer } from '../helpers/wire-server.js';

describe('ollama and OpenAI-compatible servers', () => {
  let server: WireServer;
  before(async () => {
    server = await startWireServer({ respond: (req) => reply.text(`local:${req.prompt}`, { usage: { inputTokens: 3, outputTokens: 2 } }) });
  });
  after(() => server.close());

  test('ollama talks to <OLLAMA_HOST>/v1/chat/completions with no real key', async () => {
    server.reset();
    const model = createOllamaModel('llama3.2', { env: { OLLAMA_HOST: server.url } });
    assert.equal(model.spec, 'ollama:llama3.2');
    assert.equal(model.isLocal, true);
    const outcome = await model.generate({ prompt: 'hi', temperature: 0, maxTokens: 8, seed: 1 });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.text, 'local:hi');
    assert.deepEqual(outcome.usage, { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 });
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]!.path, '/v1/chat/completions');
    assert.equal(server.requests[0]!.model, 'llama3.2');
    assert.equal(server.requests[0]!.params.seed, 1);
  });

  test('ollama errors are typed like any other provider', async () => {
    server.reset();
    server.enqueue({ type: 'error', status: 404, message: 'model "nope" not found, try pulling it first' });
    const outcome = await createOllamaModel('nope', { host: server.url }).generate({ prompt: 'x', temperature: 0, maxTokens: 4 });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.equal(outcome.error.kind, 'bad-request');
      assert.equal(outcome.error.status, 404);
      assert.match(outcome.error.message, /^ollama:nope .*HTTP 404.*not found/);
    }
    assert.equal(server.requests.length, 1);
  });

  test('an OpenAI-compatible base URL works without a key', async () => {
    server.reset();
    const model = createOpenAIModel('qwen2.5-7b', { baseURL: server.openaiBaseURL, env: {} });
    assert.equal(model.isLocal, true);
    const outcome = await model.generate({ prompt: 'yo', temperature: 0, maxTokens: 8 });
    assert.ok(outcome.ok);
    assert.equal(outcome.text, 'local:yo');
  });

  test('a custom key env var is used', async () => {
    server.reset();
    const model = createOpenAIModel('some/model', {
      baseURL: server.openaiBaseURL,
      apiKeyEnv: 'OPENROUTER_API_KEY',
      env: { OPENROUTER_API_KEY: 'sk-or-test-123456789' },
      isLocal: false,
    });
    assert.equal(model.isLocal, false);
    assert.ok((await model.generate({ prompt: 'a', temperature: 0, maxTokens: 4 })).ok);
    assert.equal(server.requests[0]!.headers.authorization, 'Bearer sk-or-test-123456789');
  });

  test('no key and no base URL -> ModelUnavailableError naming OPENAI_API_KEY', () => {
    assert.throws(() => createOpenAIModel('gpt-4o-mini', { env: {} }), (error: unknown) => {
      assert.ok(error instanceof ModelUnavailableError);
      assert.match(error.message, /set the OPENAI_API_KEY environment variable/);
      return true;
    });
  });

  test('OLLAMA_HOST forms are normalised', () => {
    assert.equal(normalizeOllamaHost(undefined), 'http://127.0.0.1:11434');
    assert.equal(normalizeOllamaHost('0.0.0.0:11434'), 'http://127.0.0.1:11434');
    assert.equal(normalizeOllamaHost('gpu-box'), 'http://gpu-box:11434');
    assert.equal(normalizeOllamaHost('http://gpu-box:8080/'), 'http://gpu-box:8080');
    assert.equal(normalizeOllamaHost('https://ollama.example.com'), 'https://ollama.example.com');
  });
});
