/**
 * A run whose scorer cannot answer must end "failed" with the reason, never "completed", and must not
 * keep paying the optimizer. The scorer here is the real OpenAI provider (AI SDK HTTP code) behind the
 * scheduler, talking to the local wire server that answers with each kind of broken reply.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { optimize, type OptimizeEvent } from '../../src/optimize/optimize.js';
import { createOpenAIModel } from '../../src/models/providers/openai.js';
import { createScriptedModel } from '../../src/models/scripted.js';
import { withScheduler } from '../../src/models/wrappers/scheduler.js';
import type { Dataset } from '../../src/datasets/types.js';
import type { LanguageModel } from '../../src/models/types.js';
import { reply, startWireServer, type WireReply, type WireServer } from '../helpers/wire-server.js';

function sumsDataset(): Dataset {
  const pool = Array.from({ length: 12 }, (_, index) => ({ index, question: `What is ${index} plus ${index + 1}?`, target: String(2 * index + 1) }));
  return { id: 'file:sums', answerType: 'number', multipleChoice: false, forbidDigitsInInstructions: false, taskDescription: 'sums', pool, heldOut: null, contentHash: 'x', source: 'memory' };
}

function countingOptimizer(): { model: LanguageModel; calls: () => number } {
  let calls = 0;
  const model = createScriptedModel({
    spec: 'scripted:optimizer',
    respond: (request) => {
      calls += 1;
      return `<INS>Plan ${request.sampleIndex ?? 0} at ${calls}</INS>`;
    },
  });
  return { model, calls: () => calls };
}

function wireScorer(baseURL: string): LanguageModel {
  const provider = createOpenAIModel('scorer-model', { baseURL, env: { OPENAI_API_KEY: 'sk-test-guard-0123456789' } });
  return withScheduler(provider, { concurrency: 4, maxRetries: 0, timeoutMs: 30_000 });
}

async function run(scorer: LanguageModel, optimizer: LanguageModel, steps = 4) {
  const events: OptimizeEvent[] = [];
  const result = await optimize({
    dataset: sumsDataset(), scorer, optimizer, steps, candidatesPerStep: 3, trainRatio: 0.5, seed: 1, evalTop: 1,
    onEvent: (event) => events.push(event),
  });
  return { result, events };
}

const BROKEN: Record<string, WireReply> = {
  'malformed JSON': reply.malformed(),
  'an HTML page': { type: 'malformed', status: 200, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' },
  'empty choices': { type: 'malformed', status: 200, body: JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'scorer-model', choices: [] }), contentType: 'application/json' },
  'a connection reset': reply.hangUp(),
};

describe('a scorer that fails every call', () => {
  let server: WireServer;
  let broken: WireReply = reply.malformed();
  before(async () => {
    server = await startWireServer({ respond: () => broken });
  });
  after(async () => {
    await server.close();
  });

  for (const [name, wire] of Object.entries(BROKEN)) {
    test(`${name}: the run fails at the initial scoring with the reason, and the optimizer is never called`, async () => {
      broken = wire;
      const optimizer = countingOptimizer();
      const { result, events } = await run(wireScorer(server.openaiBaseURL), optimizer.model);
      assert.equal(result.status, 'failed');
      assert.match(result.reason, /nothing could be scored at the initial solutions: every scorer call failed/);
      assert.equal(optimizer.calls(), 0, 'no optimizer call was paid');
      assert.equal(events.filter((e) => e.type === 'test-started').length, 0, 'no held-out evaluation');
      const unscored = events.filter((e) => e.type === 'candidate-unscored');
      assert.ok(unscored.length > 0);
      for (const event of unscored) assert.match((event as { reason: string }).reason, /every scorer call failed/);
    });
  }

  test('connection refused (nothing listening): the run fails with the reason', async () => {
    const dead = await startWireServer();
    const url = dead.openaiBaseURL;
    await dead.close();
    const optimizer = countingOptimizer();
    const { result } = await run(wireScorer(url), optimizer.model);
    assert.equal(result.status, 'failed');
    assert.match(result.reason, /every scorer call failed .*could not reach/);
    assert.equal(optimizer.calls(), 0);
  });

  test('a scorer that dies mid-run stops the run at the first step it cannot score', async () => {
    // The first 12 scorer calls are answered (the initial instruction and step 0's first candidate),
    // then the server only sends garbage.
    let answered = 0;
    server.respondWith(() => (answered++ < 12 ? 'The answer is 3.' : reply.malformed()));
    const optimizer = countingOptimizer();
    const { result } = await run(wireScorer(server.openaiBaseURL), optimizer.model, 6);
    assert.equal(result.status, 'failed');
    assert.match(result.reason, /nothing could be scored at step [12]: every scorer call failed/);
    assert.ok(optimizer.calls() <= 2 * 3, `optimizer calls after the scorer died: ${optimizer.calls()}`);
    assert.ok(result.stepsCompleted < 6);
  });

  test('a step where only some candidates fail still goes on (a partial outage is not a dead scorer)', async () => {
    // Candidates whose instruction mentions "at 1" or "at 4" fail; the others are answered.
    server.respondWith((request) => (/Plan \d at [14]\b/.test(request.prompt) ? reply.malformed() : 'The answer is 3.'));
    const optimizer = countingOptimizer();
    const { result, events } = await run(wireScorer(server.openaiBaseURL), optimizer.model, 2);
    assert.equal(result.status, 'completed', result.reason);
    assert.ok(events.some((e) => e.type === 'candidate-unscored'), 'some candidates were unscored');
  });
});
