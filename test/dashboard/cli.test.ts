import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { RunsResponse } from '../../src/web/shared/api-types.js';
import { RunStore } from '../../src/store/index.js';
import { seedFinishedInstructionRun, tempStorePath } from './fixtures.js';

const HELPER = path.join(import.meta.dirname, 'helpers', 'serve-cli.ts');
/** Bounds a hang of the child (startup under tsx takes a second or two). */
const START_LIMIT_MS = 30_000;

function serve(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', HELPER, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The first stdout line, or a rejection with whatever the child said on stderr. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => reject(new Error(`no output within ${START_LIMIT_MS} ms: ${stderr}`)), START_LIMIT_MS);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${stderr}`));
    });
  });
}

describe('opro serve', () => {
  test('prints its URL, serves the store read-only, and stops cleanly on SIGINT', async () => {
    const tmp = tempStorePath();
    const store = RunStore.open(tmp.file);
    const { runId } = seedFinishedInstructionRun(store);
    store.close();
    const child = serve(['--port', '0', '--host', '127.0.0.1', '--store', tmp.file]);
    try {
      const line = await firstLine(child);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
      assert.ok(url, `a URL in "${line}"`);
      const runs = (await (await fetch(`${url}api/runs`)).json()) as RunsResponse;
      assert.deepEqual(runs.rows.map((r) => r.id), [runId]);
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      tmp.cleanup();
    }
  });

  test('a bad port is a one-line usage error', async () => {
    const child = serve(['--port', '70000']);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.notEqual(code, 0);
    assert.match(stderr, /port in 0\.\.65535/);
  });
});
