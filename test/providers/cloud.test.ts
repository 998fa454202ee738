/**
 * The three AI-SDK cloud providers against the wire server (real HTTP, real AI SDK parsing):
 * success and usage mapping, parameters on the wire, every error kind, no hidden retries,
 * and keys never leaking into messages.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicModel } from '../../src/models/providers/anthropic.js';
import { createGoogleModel } from '../../src/models/providers/google.js';
import { createOpenAIModel } from '../../src/models/providers/openai.js';
import type { CallErrorKind, CallOutcome, GenerateRequest, LanguageModel } from '../../src/models/types.js';
import { reply, startWireServer, type WireApi, type WireReply, type WireServer } from '../helpers/wire-server.js';

const KEYS = {
  openai: 'sk-test-OPENAI-0123456789abcdef',
  anthropic: 'sk-ant-test-ANTHROPIC-0123456789',
  google: 'AIzaTestGOOGLE0123456789abcdefghijkl',
} as const;

interface ProviderCase {
  api: WireApi;
  spec: string;
  make(server: WireServer): LanguageModel;
  authHeader(headers: Readonly<Record<string, string>>): string | undefined;
  /** How the real API reports a bad key. */
  unauthorizedStatus: number;
  quotaStatus: number;
  sendsSeed: boolean;
}

const CASES: ProviderCase[] = [
  {
    api: 'openai',
    spec: 'openai:gpt-4o-mini',
    make: (server) => createOpenAIModel('gpt-4o-mini', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: KEYS.openai } }),
    authHeader: (h) => h.authorization,
    unauthorizedStatus: 401,
    quotaStatus: 429,
    sendsSeed: true,
  },
  {
    api: 'anthropic',
    // A model id the AI SDK knows accepts temperature (newer Claude ids reject sampling parameters).
    spec: 'anthropic:claude-sonnet-4-5',
    make: (server) => createAnthropicModel('claude-sonnet-4-5', { baseURL: server.anthropicBaseURL, env: { ANTHROPIC_API_KEY: KEYS.anthropic } }),
    authHeader: (h) => h['x-api-key'],
    unauthorizedStatus: 401,
    quotaStatus: 400,
    sendsSeed: false,
  },
  {
    api: 'google',
    spec: 'google:gemini-2.0-flash',
    make: (server) => createGoogleModel('gemini-2.0-flash', { baseURL: server.googleBaseURL, env: { GOOGLE_GENERATIVE_AI_API_KEY: KEYS.google } }),
    authHeader: (h) => h['x-goog-api-key'],
    unauthorizedStatus: 400,
    quotaStatus: 429,
    sendsSeed: true,
  },
];

const REQUEST: GenerateRequest = { prompt: 'Q: 2+2?\nA:', temperature: 0, maxTokens: 32 };

function expectFailure(outcome: CallOutcome, kind: CallErrorKind): Extract<CallOutcome, { ok: false }> {
  assert.equal(outcome.ok, false, `expected a ${kind} failure, got success ${JSON.stringify(outcome)}`);
  if (outcome.ok) throw new Error('unreachable');
  assert.equal(outcome.error.kind, kind, outcome.error.message);
  return outcome;
}

function assertNoSecret(text: string): void {
  for (const key of Object.values(KEYS)) {
    assert.ok(!text.includes(key), `message leaks a key: ${text}`);
    assert.ok(!text.includes(key.slice(-6)), `message leaks part of a key: ${text}`);
  }
}

for (const c of CASES) {
  describe(`${c.api} provider over the wire`, () => {
    let server: WireServer;
    let model: LanguageModel;

    before(async () => {
      server = await startWireServer();
      model = c.make(server);
    });
    after(() => server.close());

    test('success: text, usage mapping, finish reason, spec fields', async () => {
      server.reset();
      server.respondWith((req) =>
        reply.text(`answer to [${req.prompt}]`, { usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 7 } }),
      );
      const outcome = await model.generate(REQUEST);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(outcome.text, `answer to [${REQUEST.prompt}]`);
      assert.equal(outcome.cached, false);
      assert.equal(outcome.finishReason, 'stop');
      assert.equal(outcome.usage.inputTokens, 120);
      assert.equal(outcome.usage.outputTokens, 30);
      assert.equal(outcome.usage.cachedInputTokens, 100);
      // Anthropic's messages usage has no reasoning count; the others report it.
      assert.equal(outcome.usage.reasoningTokens, c.api === 'anthropic' ? 0 : 7);
      assert.equal(model.spec, c.spec);
      assert.equal(model.provider, c.api);
      assert.equal(model.modelId, c.spec.slice(c.spec.indexOf(':') + 1));
    });

    test('sends the prompt, sampling settings and the key on the wire', async () => {
      server.reset();
      server.respondWith(() => 'ok');
      const outcome = await model.generate({ prompt: 'Say hi.', temperature: 0.7, maxTokens: 17, stop: ['###'], seed: 42 });
      assert.ok(outcome.ok, JSON.stringify(outcome));
      assert.equal(server.requests.length, 1);
      const sent = server.requests[0]!;
      assert.equal(sent.prompt, 'Say hi.');
      assert.equal(sent.model, model.modelId);
      assert.equal(sent.params.temperature, 0.7);
      assert.equal(sent.params.maxTokens, 17);
      assert.deepEqual(sent.params.stop, ['###']);
      assert.equal(sent.params.seed, c.sendsSeed ? 42 : undefined);
      assert.ok(c.authHeader(sent.headers)?.includes(KEYS[c.api]), 'the key is sent in the provider header');
    });

    test('length finish reason is reported', async () => {
      server.reset();
      server.enqueue(reply.text('cut', { finishReason: 'length' }));
      const outcome = await model.generate(REQUEST);
      assert.ok(outcome.ok);
      assert.equal(outcome.finishReason, 'length');
    });

    const errorCases: Array<{ name: string; reply: WireReply; kind: CallErrorKind; status: number | undefined; retryAfterMs?: number }> = [
      { name: '429 with Retry-After seconds', reply: reply.rateLimited({ retryAfterSeconds: 7 }), kind: 'rate-limited', status: 429, retryAfterMs: 7000 },
      { name: '429 with retry-after-ms', reply: reply.rateLimited({ retryAfterMs: 1250 }), kind: 'rate-limited', status: 429, retryAfterMs: 1250 },
      {
        name: '429 with an x-ratelimit-reset duration',
        reply: reply.rateLimited({ headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1m30s' } }),
        kind: 'rate-limited',
        status: 429,
        retryAfterMs: 90_000,
      },
      { name: '429 without a hint', reply: reply.rateLimited(), kind: 'rate-limited', status: 429 },
      { name: '529 overloaded', reply: reply.overloaded(), kind: 'rate-limited', status: 529 },
      { name: '503 overloaded message', reply: { type: 'error', status: 503, message: 'The model is overloaded.' }, kind: 'rate-limited', status: 503 },
      { name: '500', reply: reply.serverError(), kind: 'server-error', status: 500 },
      { name: '503 with Retry-After', reply: { type: 'error', status: 503, message: 'Unavailable', headers: { 'retry-after': '3' } }, kind: 'server-error', status: 503, retryAfterMs: 3000 },
      { name: 'bad key', reply: reply.unauthorized(), kind: 'auth', status: c.unauthorizedStatus },
      { name: '403', reply: reply.forbidden(), kind: 'auth', status: 403 },
      { name: 'exhausted quota', reply: reply.quotaExceeded(), kind: 'quota', status: c.quotaStatus },
      { name: '402', reply: { type: 'error', status: 402, message: 'Payment required' }, kind: 'quota', status: 402 },
      { name: '400', reply: reply.badRequest('max_tokens is too large'), kind: 'bad-request', status: 400 },
      { name: '404 model', reply: { type: 'error', status: 404, message: 'model not found' }, kind: 'bad-request', status: 404 },
      { name: 'malformed 200 body', reply: reply.malformed(), kind: 'bad-response', status: 200 },
      { name: 'well-formed JSON of the wrong shape', reply: reply.malformed('{"choices": 5, "content": 5, "candidates": 5}'), kind: 'bad-response', status: 200 },
      { name: 'hang-up', reply: reply.hangUp(), kind: 'network', status: undefined },
    ];

    for (const e of errorCases) {
      test(`error: ${e.name} -> ${e.kind}, one request, no key in the message`, async () => {
        server.reset();
        server.respondWith(() => 'should not be reached twice');
        server.enqueue(e.reply);
        const outcome = expectFailure(await model.generate(REQUEST), e.kind);
        assert.equal(outcome.error.status, e.status);
        assert.equal(outcome.error.retryAfterMs, e.retryAfterMs);
        assert.equal(server.requests.length, 1, 'the provider must not retry');
        assert.ok(outcome.error.message.startsWith(c.spec), outcome.error.message);
        if (e.status !== undefined && e.status !== 200) assert.match(outcome.error.message, new RegExp(`HTTP ${e.status}`));
        assertNoSecret(outcome.error.message);
        assert.ok(outcome.latencyMs >= 0);
      });
    }

    test('auth message names the env var to fix', async () => {
      server.reset();
      server.enqueue(reply.unauthorized());
      const outcome = expectFailure(await model.generate(REQUEST), 'auth');
      assert.match(outcome.error.message, /check [A-Z_]+_API_KEY/);
    });

    test('abort while waiting for the answer -> aborted, and the server saw one request', async () => {
      server.reset();
      let arrived!: () => void;
      const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
      server.respondWith(() => {
        arrived();
        return new Promise<never>(() => undefined); // never answers
      });
      const controller = new AbortController();
      const pending = model.generate({ ...REQUEST, signal: controller.signal });
      await requestArrived;
      controller.abort();
      const outcome = expectFailure(await pending, 'aborted');
      assert.equal(server.requests.length, 1);
      assertNoSecret(outcome.error.message);
    });

    test('an already-aborted signal sends nothing', async () => {
      server.reset();
      const controller = new AbortController();
      controller.abort();
      expectFailure(await model.generate({ ...REQUEST, signal: controller.signal }), 'aborted');
      assert.equal(server.requests.length, 0);
    });

    test('a TimeoutError abort reason -> timeout', async () => {
      server.reset();
      server.enqueue(reply.slow(60_000, 'too late'));
      const controller = new AbortController();
      const pending = model.generate({ ...REQUEST, signal: controller.signal });
      while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort(new DOMException('deadline', 'TimeoutError'));
      expectFailure(await pending, 'timeout');
    });

    test('concurrent calls reach the server concurrently (no hidden serialisation)', async () => {
      server.reset();
      const CALLS = 4;
      let release!: () => void;
      const allArrived = new Promise<void>((resolve) => (release = resolve));
      server.respondWith(async (req) => {
        if (server.requests.length === CALLS) release();
        await allArrived;
        return `r${req.index}`;
      });
      const outcomes = await Promise.all(Array.from({ length: CALLS }, () => model.generate(REQUEST)));
      assert.ok(outcomes.every((o) => o.ok));
      assert.equal(server.maxInFlight, CALLS);
      assert.equal(server.requests.length, CALLS);
    });
  });
}

describe('network failures', () => {
  test('connection refused -> network, for each provider', async () => {
    const server = await startWireServer();
    await server.close(); // the port is now closed: connections are refused
    for (const c of CASES) {
      const outcome = expectFailure(await c.make(server).generate(REQUEST), 'network');
      assert.equal(outcome.error.status, undefined);
      assert.match(outcome.error.message, /ECONNREFUSED/);
      assert.ok(outcome.error.message.startsWith(c.spec));
      assertNoSecret(outcome.error.message);
    }
  });
});
