/**
 * A model server that is not running is one clear error before any run is recorded: Ollama with
 * nothing listening, a dead OPENAI_BASE_URL (with credentials in it, which are never shown).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as runCliChild, type ChildResult } from '../helpers/cli-child.js';
import { startWireServer } from '../helpers/wire-server.js';

const CHILD_TIMEOUT_MS = 60_000;

function runCli(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return runCliChild(args, { env, timeoutMs: CHILD_TIMEOUT_MS });
}

describe('an unreachable model server', () => {
  let dir: string;
  let deadURL: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-unreachable-'));
    writeFileSync(join(dir, 'd.jsonl'), `${JSON.stringify({ q: 'What is 1 plus 1?', a: 2 })}\n${JSON.stringify({ q: 'What is 2 plus 2?', a: 4 })}\n`);
    // A port that was just in use and is now closed: nothing listens there.
    const server = await startWireServer();
    deadURL = server.url;
    await server.close();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const args = (store: string, ...models: string[]) => [
    'optimize', '-d', join(dir, 'd.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
    ...models, '--steps', '2', '--train-ratio', '0.5', '--store', join(dir, store), '--no-cache',
  ];

  test('ollama with nothing listening: one clear error, no run recorded', async () => {
    const result = await runCli(args('ollama.sqlite', '-s', 'ollama:llama3.2'), { OLLAMA_HOST: deadURL });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n').filter((line) => line.startsWith('opro:'));
    assert.equal(lines.length, 1, result.stderr);
    assert.match(result.stderr, /cannot reach ollama:llama3\.2 at http:\/\/127\.0\.0\.1:\d+: connection refused .*is Ollama running\?/);
    assert.ok(!existsSync(join(dir, 'ollama.sqlite')), 'no run store was written');
  });

  test('a dead OPENAI_BASE_URL with credentials in it: one clear error that does not show them', async () => {
    const withCredentials = deadURL.replace('http://', 'http://alice:hunter2-secret@') + '/v1';
    const result = await runCli(args('openai.sqlite', '-s', 'openai:scorer', '-o', 'openai:optimizer'), { OPENAI_BASE_URL: withCredentials, OPENAI_API_KEY: 'sk-not-shown-0123456789' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot reach openai:scorer at http:\/\/127\.0\.0\.1:\d+\/v1: connection refused .*OPENAI_BASE_URL/);
    assert.doesNotMatch(result.stderr + result.stdout, /hunter2|alice|sk-not-shown/);
    assert.ok(!existsSync(join(dir, 'openai.sqlite')), 'no run store was written');
  });
});
