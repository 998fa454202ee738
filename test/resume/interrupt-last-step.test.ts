/**
 * Ctrl-C while the last step's candidates are being scored: the run is "interrupted" (exit 130),
 * not "completed"; no held-out figures are computed over cancelled calls; the resume hint is printed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunStore } from '../../src/store/index.js';
import { startWireServer, type WireServer } from '../helpers/wire-server.js';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const STEPS = 2;
const CANDIDATES = 2;
const CHILD_TIMEOUT_MS = 60_000;

describe('Ctrl-C during the last step', () => {
  let server: WireServer;
  let dir: string;
  let optimizerCalls = 0;
  let onLastStepScoring: () => void = () => {};
  const held: (() => void)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-sigint-'));
    const lines = Array.from({ length: 8 }, (_, i) => JSON.stringify({ q: `What is ${i} plus 2?`, a: i + 2 }));
    writeFileSync(join(dir, 'sums.jsonl'), `${lines.join('\n')}\n`);
    server = await startWireServer({
      respond: (request) => {
        if (request.params.temperature !== 0) {
          optimizerCalls += 1;
          return `<INS>Think step ${optimizerCalls}.</INS>`;
        }
        // Scorer calls after the last step's proposals are held until the child is interrupted.
        if (optimizerCalls >= STEPS * CANDIDATES) {
          onLastStepScoring();
          return new Promise<string>((resolve) => held.push(() => resolve('The answer is 2.')));
        }
        return 'The answer is 2.';
      },
    });
  });

  after(async () => {
    held.forEach((release) => release());
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('reports interrupted with exit 130, skips the held-out evaluation and prints the resume hint', async () => {
    const store = join(dir, 'runs.sqlite');
    const args = [
      'optimize', '-d', join(dir, 'sums.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
      '-s', 'openai:scorer-model', '-o', 'openai:optimizer-model', '--steps', String(STEPS), '--candidates', String(CANDIDATES),
      '--train-ratio', '0.5', '--seed', '3', '--store', store, '--cache', join(dir, 'cache.sqlite'),
    ];
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let signalled = false;
    onLastStepScoring = () => {
      if (signalled) return;
      signalled = true;
      child.kill('SIGINT');
    };
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the child did not finish:\n${stderr}`));
      }, CHILD_TIMEOUT_MS);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
      // Once interrupted, the held calls are let go so the child can finish cleanly.
      const poll = setInterval(() => {
        if (signalled) {
          clearInterval(poll);
          setTimeout(() => held.splice(0).forEach((release) => release()), 200);
        }
      }, 20);
    });
    assert.ok(signalled, 'the last step was reached');
    assert.equal(code, 130, stderr);
    assert.match(stderr, /continue with: opro optimize --resume r-[\w-]+/);
    assert.match(stdout, /^opro: interrupted/m);
    assert.doesNotMatch(stdout, /held-out comparisons|n\/a/);
    assert.doesNotMatch(stdout, /completed/);
    const runId = /run (r-[\w-]+)/.exec(stderr)?.[1] as string;
    const reader = RunStore.open(store, { readonly: true });
    try {
      const run = reader.getRun(runId);
      assert.equal(run.status, 'interrupted');
      const heldOut = reader.db.prepare(`SELECT COUNT(*) AS n FROM example_results WHERE run_id = ? AND split = 'test'`).get(runId) as { n: number };
      assert.equal(heldOut.n, 0, 'no held-out call was made');
    } finally {
      reader.close();
    }
  });
});
