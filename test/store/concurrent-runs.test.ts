import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as runCliChild, type ChildResult } from '../helpers/cli-child.js';
import { RunStore } from '../../src/store/index.js';
import { startWireServer, type WireServer } from '../helpers/wire-server.js';
import { exited, firstLine, spawnHelper } from './helpers/child.js';

/** Processes started together on one store and one cache (the issue saw failures from 4 up). */
const PROCESSES = 6;
const EXAMPLES = 10;
/** Upper bound on one child's run before the test gives up on it. */
const CHILD_TIMEOUT_MS = 120_000;

function runCli(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return runCliChild(args, { env, timeoutMs: CHILD_TIMEOUT_MS });
}

describe('processes writing run summaries into one store at the same moment', () => {
  test('every read-then-write transaction waits its turn instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opro-hammer-'));
    try {
      const file = join(dir, 'runs.sqlite');
      RunStore.open(file).close();
      const children = Array.from({ length: 4 }, () => spawnHelper('hammer-store.ts', [file, '150']));
      const outputs = children.map((child) => {
        let out = '';
        let err = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
        return { get out() { return out; }, get err() { return err; } };
      });
      await Promise.all(children.map((child) => firstLine(child)));
      // All start writing together, so their transactions overlap.
      for (const child of children) child.stdin?.write('go\n');
      await Promise.all(children.map((child) => exited(child)));
      assert.deepEqual(children.map((c, i) => (c.exitCode === 0 ? '' : outputs[i]!.err.trim())), ['', '', '', '']);
      const reader = RunStore.open(file, { readonly: true });
      try {
        const statuses = reader.listRuns().map((row) => row.status);
        assert.deepEqual(statuses, ['completed', 'completed', 'completed', 'completed']);
      } finally {
        reader.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('several runs started together on one store and one cache', () => {
  let server: WireServer;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-concurrent-'));
    const lines = Array.from({ length: EXAMPLES }, (_, i) => JSON.stringify({ q: `What is ${i + 3} plus ${2 * i + 1}?`, a: 3 * i + 4 }));
    writeFileSync(join(dir, 'sums.jsonl'), `${lines.join('\n')}\n`);
    // Scorer calls (temperature 0) answer right half the time; optimizer calls propose an instruction
    // that depends on the request, so each run writes its own rows into the shared files.
    server = await startWireServer({
      respond: (request) => {
        if (request.params.temperature === 0) return request.index % 2 === 0 ? 'The answer is 7.' : 'The answer is 0.';
        return `<INS>Add the numbers, variant ${request.index % 97}.</INS>`;
      },
    });
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${PROCESSES} opro optimize processes all complete and all are recorded`, async () => {
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' };
    const store = join(dir, 'shared.sqlite');
    const cache = join(dir, 'shared-cache.sqlite');
    // Neither file exists yet: the processes also race to create them.
    const children = Array.from({ length: PROCESSES }, (_, i) =>
      runCli(
        [
          'optimize', '-d', join(dir, 'sums.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
          '-s', 'openai:scorer-model', '-o', 'openai:optimizer-model', '--steps', '3', '--candidates', '4', '--train-ratio', '0.6',
          '--seed', String(100 + i), '--json', '--store', store, '--cache', cache,
        ],
        env,
      ),
    );
    const results = await Promise.all(children);
    const failures = results.filter((r) => r.code !== 0).map((r) => r.stderr.trim().split('\n').slice(-3).join(' | '));
    assert.deepEqual(failures, [], 'every process completed');
    const runIds = results.map((r) => (JSON.parse(r.stdout) as { runId: string }).runId);
    const reader = RunStore.open(store, { readonly: true });
    try {
      const recorded = new Map(reader.listRuns().map((row) => [row.id, row.status]));
      for (const id of runIds) assert.equal(recorded.get(id), 'completed', `run ${id} is recorded as completed`);
    } finally {
      reader.close();
    }
  });
});
