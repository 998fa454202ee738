/** The deterministic scripted models used by other tests and dry runs. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countWhitespaceTokens, createEchoModel, createScriptedModel } from '../../src/models/scripted.js';
import { failure } from '../../src/models/outcome.js';
import { type GenerateRequest } from '../../src/models/types.js';

const REQUEST: GenerateRequest = { prompt: 'Instruction: be brief.\nQ: 1+1?\n', temperature: 0, maxTokens: 10 };

describe('scripted models', () => {
  test('echo returns the last non-empty line and counts whitespace tokens', async () => {
    const model = createEchoModel();
    assert.equal(model.spec, 'scripted:echo');
    assert.equal(model.provider, 'scripted');
    assert.equal(model.modelId, 'echo');
    assert.equal(model.isLocal, true);
    const outcome = await model.generate(REQUEST);
    assert.ok(outcome.ok);
    assert.equal(outcome.text, 'Q: 1+1?');
    assert.deepEqual(outcome.usage, { inputTokens: 5, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 });
    assert.equal(outcome.cached, false);
  });

  test('custom scripts see the request and may be async', async () => {
    const seen: GenerateRequest[] = [];
    const model = createScriptedModel({
      spec: 'scripted:grader',
      respond: async (request) => {
        seen.push(request);
        return `t=${request.temperature}`;
      },
    });
    const outcome = await model.generate({ ...REQUEST, temperature: 1 });
    assert.ok(outcome.ok);
    assert.equal(outcome.text, 't=1');
    assert.equal(seen.length, 1);
    assert.equal(model.modelId, 'grader');
  });

  test('a script can return a failure outcome, which passes through unchanged', async () => {
    const scripted = failure('rate-limited', 'scripted:x was rate limited.', { status: 429, retryAfterMs: 10 });
    const model = createScriptedModel({ respond: () => scripted });
    assert.deepEqual(await model.generate(REQUEST), scripted);
    assert.equal(model.spec, 'scripted:custom');
  });

  test('a throwing script becomes a bad-response outcome, never an exception', async () => {
    const model = createScriptedModel({
      respond: () => {
        throw new Error('script bug');
      },
    });
    const outcome = await model.generate(REQUEST);
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.equal(outcome.error.kind, 'bad-response');
      assert.match(outcome.error.message, /script bug/);
    }
  });

  test('an aborted signal -> aborted without calling the script', async () => {
    let calls = 0;
    const model = createScriptedModel({ respond: () => String(++calls) });
    const controller = new AbortController();
    controller.abort();
    const outcome = await model.generate({ ...REQUEST, signal: controller.signal });
    assert.equal(outcome.ok ? 'ok' : outcome.error.kind, 'aborted');
    assert.equal(calls, 0);
  });

  test('countWhitespaceTokens', () => {
    assert.equal(countWhitespaceTokens(''), 0);
    assert.equal(countWhitespaceTokens('  a \n b\tc  '), 3);
  });
});
