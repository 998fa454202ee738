import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SHARED_DATASETS } from '../helpers/shared.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
let dir: string;
let busy: Server;
let busyPort = 0;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'opro-cli-'));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});

after(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const failure = (error: { code: number; stdout: string; stderr: string }) => error;

test('opro serve on a busy port says so and suggests --port, instead of a raw EADDRINUSE', async () => {
  const result = await run(process.execPath, [CLI, 'serve', '--port', String(busyPort), '--store', path.join(dir, 'runs.sqlite')]).then(
    () => assert.fail('serve must not start on a busy port'),
    failure,
  );
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`port ${busyPort} on 127\\.0\\.0\\.1 is already in use`));
  assert.match(result.stderr, /--port <n>, or --port 0/);
  assert.doesNotMatch(result.stderr, /EADDRINUSE|\n\s+at /);
});

test('opro datasets says which datasets are cached, and where', async () => {
  const dataDir = path.join(dir, 'data');
  mkdirSync(path.join(dataDir, 'gsm8k'), { recursive: true });
  for (const file of ['train.jsonl', 'test.jsonl']) copyFileSync(path.join(SHARED_DATASETS, 'gsm8k', file), path.join(dataDir, 'gsm8k', file));
  const { stdout } = await run(process.execPath, [CLI, 'datasets', '--data-dir', dataDir]);
  assert.match(stdout, /^gsm8k\s+number\s+cached$/m);
  assert.match(stdout, /^bbh\/navigate\s+\S+\s+downloaded on first use$/m);
  assert.ok(stdout.includes(`1 of `) && stdout.includes(`cached in ${dataDir}`), stdout);
});
