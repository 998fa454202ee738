/** The wire server itself: other engineers' tests depend on its recording, queueing and closing. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reply, startWireServer } from '../helpers/wire-server.js';

async function post(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
}

describe('wire server', () => {
  test('binds 127.0.0.1 and records requests with parsed body, prompt and params', async () => {
    const server = await startWireServer();
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await post(`${server.openaiBaseURL}/chat/completions`, {
        model: 'm',
        messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'line one\nline two' }],
        temperature: 0.5,
        max_tokens: 9,
        stop: '###',
      });
      assert.equal(response.status, 200);
      const json = (await response.json()) as { choices: Array<{ message: { content: string } }>; usage: { prompt_tokens: number } };
      assert.equal(json.choices[0]!.message.content, 'line two'); // default responder: last line
      assert.equal(json.usage.prompt_tokens, 4);
      const recorded = server.requests[0]!;
      assert.equal(recorded.api, 'openai');
      assert.equal(recorded.prompt, 'line one\nline two');
      assert.deepEqual(recorded.params, { temperature: 0.5, maxTokens: 9, stop: ['###'] });
      assert.equal(recorded.headers['content-type'], 'application/json');
    } finally {
      await server.close();
    }
  });

  test('routes Gemini by path and reads the model from it', async () => {
    const server = await startWireServer({ respond: () => 'g' });
    try {
      const response = await post(`${server.googleBaseURL}/models/gemini-x:generateContent`, {
        contents: [{ role: 'user', parts: [{ text: 'hello' }] }],
        generationConfig: { maxOutputTokens: 3 },
      });
      const json = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
      assert.equal(json.candidates[0]!.content.parts[0]!.text, 'g');
      assert.equal(server.requests[0]!.model, 'gemini-x');
      assert.equal(server.requests[0]!.params.maxTokens, 3);
    } finally {
      await server.close();
    }
  });

  test('unknown routes get 404 and are not recorded', async () => {
    const server = await startWireServer();
    try {
      const response = await post(`${server.url}/v2/whatever`, {});
      assert.equal(response.status, 404);
      await response.body?.cancel();
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  test('queued replies are used first, in order, then the responder', async () => {
    const server = await startWireServer({ respond: () => 'default' });
    try {
      server.enqueue('first', reply.rateLimited({ retryAfterSeconds: 1 }));
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await post(`${server.anthropicBaseURL}/messages`, { model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'q' }] });
        statuses.push(response.status);
        if (response.status === 429) assert.equal(response.headers.get('retry-after'), '1');
        await response.text();
      }
      assert.deepEqual(statuses, [200, 429, 200]);
      server.reset();
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  test('tracks max in-flight with requests held open by an async responder', async () => {
    const server = await startWireServer();
    const CONCURRENT = 5;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    server.respondWith(async () => {
      if (server.requests.length === CONCURRENT) open();
      await gate;
      return 'done';
    });
    try {
      const body = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
      const responses = await Promise.all(Array.from({ length: CONCURRENT }, () => post(`${server.openaiBaseURL}/chat/completions`, body)));
      await Promise.all(responses.map((r) => r.text()));
      assert.equal(server.maxInFlight, CONCURRENT);
      assert.equal(server.inFlight, 0);
    } finally {
      await server.close();
    }
  });

  test('close() returns promptly even with a slow reply pending', async () => {
    const server = await startWireServer({ respond: () => reply.slow(120_000, 'never') });
    const pending = post(`${server.openaiBaseURL}/chat/completions`, { model: 'm', messages: [{ role: 'user', content: 'x' }] }).then(
      (r) => r.text(),
      (error: unknown) => error,
    );
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await server.close();
    assert.ok((await pending) instanceof Error, 'the client sees the connection end');
  });
});
