import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { reply, startWireServer, type WireServer } from '../helpers/wire-server.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const run = promisify(execFile);

let server: WireServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opro-fatal-'));
  writeFileSync(join(dir, 'd.jsonl'), Array.from({ length: 6 }, (_, i) => JSON.stringify({ q: `What is ${i} plus 1?`, a: i + 1 })).join('\n'));
  // The scorer (temperature 0) is refused; the optimizer would answer.
  server = await startWireServer({ respond: (r) => (r.params.temperature === 0 ? reply.unauthorized() : '<INS>Add carefully.</INS>') });
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a refused scorer key stops the run at once with a clear reason, instead of paying the optimizer for nothing', async () => {
  const args = [
    CLI, 'optimize', '-d', join(dir, 'd.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
    '-s', 'openai:scorer', '-o', 'openai:optimizer', '--steps', '20', '--store', join(dir, 's.sqlite'), '--cache', join(dir, 'c.sqlite'),
  ];
  const env = { ...process.env, OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'not-a-real-key' };
  const result = await run(process.execPath, args, { env }).then(
    (ok) => ({ code: 0, ...ok }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  assert.equal(result.code, 1);
  assert.match(result.stdout, /refused the API key/);
  assert.doesNotMatch(result.stdout + result.stderr, /not-a-real-key/, 'the key is never shown');
  const optimizerCalls = server.requests.filter((r) => r.params.temperature !== 0).length;
  assert.equal(optimizerCalls, 0, 'the run stopped before the first optimizer call');
});

test('an embedded model whose host cannot be reached is one clear error before any run is recorded', async () => {
  const store = join(dir, 'unreachable.sqlite');
  const args = [
    CLI, 'optimize', '-d', join(dir, 'd.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
    // Port 1 on loopback refuses at once: the same path as an offline machine, without touching any network.
    '-s', 'llamacpp:https://127.0.0.1:1/model.gguf', '--steps', '1', '--store', store, '--cache', join(dir, 'u-cache.sqlite'),
  ];
  const env = { ...process.env, OPRO_MODELS_DIR: join(dir, 'models') };
  const result = await run(process.execPath, args, { env }).then(
    (ok) => ({ code: 0, ...ok }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  assert.equal(result.code, 1);
  assert.match(result.stderr, /cannot be reached/);
  assert.match(result.stderr, /llamacpp:\/path\/to\/file\.gguf/, 'the message says what to do');
  assert.equal(existsSync(store), false, 'no run was recorded');
});
