/**
 * Caps are per run, not per process: a run killed with SIGKILL and resumed (twice) never makes more
 * calls or spends more than its cap, the hint after a cap stop does not invite crossing it, and the
 * recorded cost is the sum over all the run's processes. A --budget that cannot be enforced refuses
 * to start. Real `opro optimize` children against the local wire server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as runCliChild, type ChildResult } from '../helpers/cli-child.js';
import { RunStore } from '../../src/store/index.js';
import { HeldRequests } from '../helpers/held-requests.js';
import { startWireServer, whitespaceTokens, type WireRequest, type WireServer } from '../helpers/wire-server.js';

const CHILD_TIMEOUT_MS = 60_000;
/** USD per million tokens, set in the config for both models. */
const PRICE = { inputPerMTok: 200, outputPerMTok: 1 };

function runCli(args: string[], env: Record<string, string>, onStart?: (kill: () => void) => void): Promise<ChildResult> {
  return runCliChild(args, { env, timeoutMs: CHILD_TIMEOUT_MS, ...(onStart ? { onStart } : {}) });
}

function reply(request: WireRequest): string {
  if (request.params.temperature === 0) return 'The answer is 5.';
  return `<INS>Plan ${request.index}: add the two numbers.</INS>`;
}

/** What the wire server bills for an answered request (its usage is whitespace tokens of prompt and reply). */
function costOf(request: WireRequest): number {
  return (whitespaceTokens(request.prompt) * PRICE.inputPerMTok + whitespaceTokens(reply(request)) * PRICE.outputPerMTok) / 1e6;
}

describe('caps hold per run across SIGKILL and resumes', () => {
  let server: WireServer;
  let dir: string;
  const held = new HeldRequests();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opro-caps-'));
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ q: `What is ${i} plus 5?`, a: i + 5 }));
    writeFileSync(join(dir, 'sums.jsonl'), `${lines.join('\n')}\n`);
    const model = (spec: string) => ({ spec, price: PRICE });
    writeFileSync(join(dir, 'priced.json'), JSON.stringify({ models: { s: model('openai:scorer-model'), o: model('openai:optimizer-model') } }));
    server = await startWireServer({
      respond: (request) => {
        return held.hold(request.index) ?? reply(request);
      },
    });
  });

  after(async () => {
    held.releaseAll();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({ OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: 'test-key-not-secret' });
  const common = (name: string): string[] => [
    'optimize', '-d', join(dir, 'sums.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
    '--config', join(dir, 'priced.json'), '-s', 's', '-o', 'o', '--steps', '6', '--candidates', '4', '--train-ratio', '0.5',
    '--eval-split', 'none', '--seed', '5', '--store', join(dir, `${name}.sqlite`), '--cache', join(dir, `${name}-cache.sqlite`),
  ];

  /** Starts the run, kills it with SIGKILL once the server has taken `answered` requests and is holding the next. */
  async function startAndKill(args: string[], answered: number): Promise<string> {
    const killed = await held.killAfter(server, answered, (onStart) => runCli(args, env(), onStart));
    const runId = /run (r-[\w-]+)/.exec(killed.stderr)?.[1];
    assert.ok(runId, killed.stderr);
    return runId;
  }

  test('--max-calls: SIGKILL, resume, resume again: the server sees at most the cap', async () => {
    const cap = 40;
    const first = server.requests.length;
    const runId = await startAndKill([...common('calls'), '--max-calls', String(cap)], 15);
    const resumed = await runCli(['optimize', '--resume', runId, '--store', join(dir, 'calls.sqlite'), '--cache', join(dir, 'calls-cache.sqlite')], env());
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /^opro: budget/m);
    // The hint names the cap to raise, never a plain resume that would cross it.
    assert.match(resumed.stderr, new RegExp(`raise the cap: opro optimize --resume ${runId} --store \\S+ --max-calls <more than ${cap}>`));
    assert.doesNotMatch(resumed.stderr, /continue with: opro optimize --resume/);
    const again = await runCli(['optimize', '--resume', runId, '--store', join(dir, 'calls.sqlite'), '--cache', join(dir, 'calls-cache.sqlite')], env());
    assert.equal(again.code, 1, `${again.stdout}\n${again.stderr}`);
    assert.match(again.stderr, new RegExp(`run ${runId} cannot continue: the run already used \\d+ calls of its --max-calls ${cap} calls`));
    const sent = server.requests.length - first;
    assert.ok(sent <= cap, `the server saw ${sent} requests under --max-calls ${cap}`);
    assert.ok(sent >= cap - 4, `the cap was used (${sent} of ${cap}), not given up early`);
  });

  test('--budget: SIGKILL and resume stay under the cap, and the recorded cost is the sum over both processes', async () => {
    // At these prices the whole run would cost about $1.6: the cap stops it after the resume.
    const cap = 1;
    const first = server.requests.length;
    const runId = await startAndKill([...common('usd'), '--budget', String(cap)], 25);
    const killedAnswered = server.requests.slice(first, first + 25);
    const resumeStart = server.requests.length;
    const resumed = await runCli(['optimize', '--resume', runId, '--store', join(dir, 'usd.sqlite'), '--cache', join(dir, 'usd-cache.sqlite')], env());
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /^opro: budget \(stopped before crossing --budget \$1\.0000/m);
    const billed = [...killedAnswered, ...server.requests.slice(resumeStart)].reduce((sum, request) => sum + costOf(request), 0);
    assert.ok(billed <= cap, `billed $${billed} under --budget ${cap}`);
    const store = RunStore.open(join(dir, 'usd.sqlite'), { readonly: true });
    try {
      const recorded = store.getRun(runId).summary.costUsd ?? 0;
      assert.ok(Math.abs(recorded - billed) < 1e-9, `recorded $${recorded}, billed $${billed}`);
    } finally {
      store.close();
    }
  });

  test('--budget with a model of unknown price refuses to start, naming the fixes, and records nothing', async () => {
    const store = join(dir, 'unpriced.sqlite');
    const args = [
      'optimize', '-d', join(dir, 'sums.jsonl'), '--input-field', 'q', '--target-field', 'a', '--answer-type', 'number',
      '-s', 'openai:scorer-model', '-o', 'openai:optimizer-model', '--steps', '2', '--budget', '0.02', '--store', store, '--no-cache',
    ];
    const before = server.requests.length;
    const result = await runCli(args, env());
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--budget cannot be enforced: the price of openai:scorer-model and openai:optimizer-model is unknown/);
    assert.match(result.stderr, /price/);
    assert.match(result.stderr, /--max-calls or --max-tokens/);
    assert.equal(server.requests.length, before, 'no model was called');
    assert.ok(!existsSync(store), 'no run was recorded');
  });
});
