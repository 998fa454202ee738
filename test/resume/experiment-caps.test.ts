/**
 * An experiment of many runs (here `opro linreg`) is continued like one run: `--resume <group>`
 * replays the recorded flags (a resume cannot change what is computed), and its caps hold for the
 * whole experiment across SIGKILL and resumes. Real CLI children against the local wire server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type ChildResult } from '../helpers/cli-child.js';
import { RunStore } from '../../src/store/index.js';
import { HeldRequests } from '../helpers/held-requests.js';
import { startWireServer, type WireServer } from '../helpers/wire-server.js';

const CHILD_TIMEOUT_MS = 60_000;

/** Pairs that never hit the true (w, b) = (15, 14), so no repetition ends early. */
const proposal = (index: number): string => `[${1 + (index % 5)}, ${index % 3}]`;

describe('an experiment resumes with its recorded flags, and its caps hold across processes', () => {
  let server: WireServer;
  let dir: string;
  const held = new HeldRequests();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-xcaps-'));
    store = join(dir, 'runs.sqlite');
    cache = join(dir, 'cache.sqlite');
    writeFileSync(join(dir, 'priced.json'), JSON.stringify({ models: { o: { spec: 'openai:optimizer-model', price: { inputPerMTok: 1, outputPerMTok: 1 } } } }));
    server = await startWireServer({
      respond: (request) => {
        return held.hold(request.index) ?? proposal(request.index);
      },
    });
  });

  after(async () => {
    held.releaseAll();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({ OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' });
  let store = '';
  let cache = '';
  const cli = (args: string[], onStart?: (kill: () => void) => void): Promise<ChildResult> =>
    runCli(args, { env: env(), timeoutMs: CHILD_TIMEOUT_MS, ...(onStart ? { onStart } : {}) });

  function membersOf(group: string): string[] {
    const opened = RunStore.open(store, { readonly: true });
    try {
      return opened
        .listRuns()
        .map((row) => opened.getRun(row.id).config as { group?: string; member?: string })
        .filter((config) => config.group === group)
        .map((config) => config.member ?? '')
        .sort();
    } finally {
      opened.close();
    }
  }

  test('--max-calls: SIGKILL, resume (no flags retyped), resume again: the server sees at most the cap', async () => {
    const cap = 30;
    const first = server.requests.length;
    const args = [
      'linreg', '--config', join(dir, 'priced.json'), '-o', 'o', '--w', '15', '--b', '14', '--reps', '3', '--steps', '20',
      '--candidates', '4', '--max-calls', String(cap), '--store', store, '--cache', cache,
    ];
    const killed = await held.killAfter(server, 12, (onStart) => cli(args, onStart));
    const group = /experiment (x-[0-9a-f]+)/.exec(killed.stderr)?.[1];
    assert.ok(group, killed.stderr);

    // Only --resume and --store: the (w, b), repetitions and the cap come from the record.
    const resumed = await cli(['linreg', '--resume', group, '--store', store, '--cache', cache]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`continuing experiment ${group}`));
    assert.match(resumed.stderr, new RegExp(`raise the cap: opro linreg --resume ${group} --store \\S+ --max-calls <more than ${cap}>`));
    assert.doesNotMatch(resumed.stderr, /continue with: opro linreg/);
    const members = membersOf(group);
    assert.ok(members.length >= 1 && members.every((m) => m.startsWith('w=15,b=14#')), `members: ${members.join(', ')}`);

    const again = await cli(['linreg', '--resume', group, '--store', store, '--cache', cache]);
    assert.equal(again.code, 1, `${again.stdout}\n${again.stderr}`);
    assert.match(again.stderr, new RegExp(`experiment ${group} cannot continue: .*--max-calls ${cap} calls`));
    const sent = server.requests.length - first;
    assert.ok(sent <= cap, `the server saw ${sent} requests under --max-calls ${cap}`);
    assert.ok(sent >= cap - 6, `the cap was used (${sent} of ${cap}), not given up early`);
  });

  test('a resume cannot change what the experiment computes, and an unknown group is a clear error', async () => {
    const started = await cli(['linreg', '--config', join(dir, 'priced.json'), '-o', 'o', '--w', '3', '--b', '2', '--reps', '1', '--steps', '2', '--candidates', '2', '--store', store, '--cache', cache]);
    assert.equal(started.code, 0, started.stderr);
    const group = /experiment (x-[0-9a-f]+)/.exec(started.stderr)?.[1];
    assert.ok(group, started.stderr);
    const before = server.requests.length;
    const changed = await cli(['linreg', '--resume', group, '--store', store, '--cache', cache, '--w', '4', '--b', '2']);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /cannot change --w \(it has 3\)/);
    const unknown = await cli(['linreg', '--resume', 'x-00000000', '--store', store]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no experiment x-00000000 in/);
    const wrongCommand = await cli(['tsp', '--resume', group, '--store', store]);
    assert.equal(wrongCommand.code, 1);
    assert.match(wrongCommand.stderr, new RegExp(`experiment ${group} was started by opro linreg`));
    assert.equal(server.requests.length, before, 'no model was called');
  });
});
