/**
 * Chat turns through the model port: the cache key tells conversations apart (and keeps plain
 * prompts' old keys), the AI SDK providers put each turn on the wire in its API's own shape, and the
 * embedded provider turns them into a chat history.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropicModel } from '../../src/models/providers/anthropic.js';
import { createOpenAIModel } from '../../src/models/providers/openai.js';
import { chatTurns } from '../../src/models/providers/llamacpp.js';
import { callKey } from '../../src/models/wrappers/call-key.js';
import type { ChatMessage, GenerateRequest } from '../../src/models/types.js';
import { reply, startWireServer, type WireServer } from '../helpers/wire-server.js';

const TURNS: ChatMessage[] = [
  { role: 'system', content: 'You label support tickets.' },
  { role: 'user', content: 'My card was charged twice.' },
  { role: 'assistant', content: 'billing' },
  { role: 'user', content: 'The app crashes on start.' },
];
const FLAT = TURNS.map((m) => `${m.role}: ${m.content}`).join('\n');
const MODEL = { provider: 'openai', modelId: 'gpt-4o-mini' };

describe('chat messages in the cache key', () => {
  const plain: GenerateRequest = { prompt: FLAT, temperature: 0, maxTokens: 16 };
  test('a request without messages keeps the key it had before messages existed', () => {
    assert.equal(callKey(MODEL, plain), callKey(MODEL, { ...plain, messages: undefined }));
    assert.equal(callKey(MODEL, plain), callKey(MODEL, { ...plain, messages: [] }));
  });
  test('messages, their roles and their order all change the key', () => {
    const withTurns = callKey(MODEL, { ...plain, messages: TURNS });
    assert.notEqual(withTurns, callKey(MODEL, plain));
    const roleSwapped = TURNS.map((m, i) => (i === 2 ? { ...m, role: 'user' as const } : m));
    assert.notEqual(withTurns, callKey(MODEL, { ...plain, messages: roleSwapped }));
    assert.notEqual(withTurns, callKey(MODEL, { ...plain, messages: [...TURNS].reverse() }));
    assert.equal(withTurns, callKey(MODEL, { ...plain, messages: TURNS.map((m) => ({ ...m })) }));
  });
});

describe('chat messages on the wire', () => {
  let server: WireServer;
  before(async () => {
    server = await startWireServer({ respond: () => reply.text('bug') });
  });
  after(() => server.close());

  test('OpenAI chat completions receive every turn with its role, not the flat prompt', async () => {
    server.reset();
    const model = createOpenAIModel('gpt-4o-mini', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: 'sk-test-0123456789abcdef' } });
    const outcome = await model.generate({ prompt: FLAT, messages: TURNS, temperature: 0, maxTokens: 8 });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.text, 'bug');
    const body = server.requests[0]!.body as { messages: Array<{ role: string; content: unknown }> };
    assert.deepEqual(body.messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.deepEqual(body.messages.map((m) => textOf(m.content)), TURNS.map((m) => m.content));
  });

  test('Anthropic receives the system turn in its system field and the rest as messages', async () => {
    server.reset();
    const model = createAnthropicModel('claude-3-5-haiku-latest', { baseURL: server.anthropicBaseURL, env: { ANTHROPIC_API_KEY: 'sk-ant-test-0123456789' } });
    const outcome = await model.generate({ prompt: FLAT, messages: TURNS, temperature: 0, maxTokens: 8 });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const body = server.requests[0]!.body as { system: unknown; messages: Array<{ role: string; content: unknown }> };
    assert.equal(textOf(body.system), 'You label support tickets.');
    assert.deepEqual(body.messages.map((m) => m.role), ['user', 'assistant', 'user']);
    assert.deepEqual(body.messages.map((m) => textOf(m.content)), TURNS.slice(1).map((m) => m.content));
  });

  test('a plain prompt is still sent as one user message', async () => {
    server.reset();
    const model = createOpenAIModel('gpt-4o-mini', { baseURL: server.openaiBaseURL, env: { OPENAI_API_KEY: 'sk-test-0123456789abcdef' } });
    assert.ok((await model.generate({ prompt: 'hello', temperature: 0, maxTokens: 8 })).ok);
    const body = server.requests[0]!.body as { messages: Array<{ role: string; content: unknown }> };
    assert.deepEqual(body.messages.map((m) => [m.role, textOf(m.content)]), [['user', 'hello']]);
  });
});

describe('chat messages for the embedded provider', () => {
  test('turns before the last user turn become the chat history; the last is the prompt', () => {
    const { history, userText } = chatTurns({ prompt: FLAT, messages: TURNS, temperature: 0, maxTokens: 8 }, undefined);
    assert.equal(userText, 'The app crashes on start.');
    assert.deepEqual(history, [
      { type: 'system', text: 'You label support tickets.' },
      { type: 'user', text: 'My card was charged twice.' },
      { type: 'model', response: ['billing'] },
    ]);
  });
  test('without messages the prompt is the user turn, after the configured system prompt only', () => {
    assert.deepEqual(chatTurns({ prompt: 'hi', temperature: 0, maxTokens: 8 }, 'be brief'), { history: [{ type: 'system', text: 'be brief' }], userText: 'hi' });
    assert.deepEqual(chatTurns({ prompt: 'hi', temperature: 0, maxTokens: 8 }, undefined), { history: [], userText: 'hi' });
  });
});

/** OpenAI sends a string or text parts; Anthropic always text parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('');
  return String(content);
}
